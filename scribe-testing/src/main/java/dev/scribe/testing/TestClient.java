package dev.scribe.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small JSON client over {@code java.net.http} for a server under test: one method per HTTP verb, JSON
 * in and out, extra headers as name/value pairs.
 *
 * <p>Contract: a body given as a {@link String} is sent as it is (for malformed or hand-written JSON);
 * any other body is written as JSON by Jackson. A request with a body carries
 * {@code Content-Type: application/json} unless a header says otherwise. Paths resolve against the base
 * URI. Every answer, whatever its status, comes back as a {@link TestResponse}; only an I/O failure throws,
 * and a null method, path, header name or header value, which no request can carry, or an odd number of header
 * arguments, is a {@link UsageException}.
 * Immutable and thread-safe: {@link #withHeader} returns a new client.
 *
 * <pre>{@code
 * TestClient client = TestClient.of(server.uri()).withHeader("Authorization", "Bearer " + token);
 * TestResponse page = client.get("/tasks?sort=-id");
 * TestResponse patched = client.patch("/tasks/1", Map.of("title", "New"), "If-Match", etag);
 * }</pre>
 */
public final class TestClient {
  /**
   * Writes request bodies: java.time values as the API writes and reads them ({@code "2026-03-01"}), not as arrays
   * of numbers, which a plain ObjectMapper cannot write at all (it failed the test before anything was sent).
   */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final List<String> headers;

  private TestClient(HttpClient http, URI base, List<String> headers) {
    this.http = http;
    this.base = base;
    this.headers = List.copyOf(headers);
  }

  /**
   * A client for the server at {@code base} (e.g. {@code http://localhost:51234/}). A base that is not an absolute
   * {@code http} or {@code https} URI with a host is a {@link UsageException}: every path resolved against it would
   * be refused, each time as if the path were at fault.
   */
  public static TestClient of(URI base) {
    if (base == null) {
      throw new UsageException("TestClient.of(null): pass the server's base URI, e.g. server.uri()");
    }
    String scheme = base.getScheme();
    if (!base.isAbsolute() || base.isOpaque() || base.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new UsageException("TestClient.of(" + base + "): the base URI must be absolute, with the scheme http or https"
          + " and a host, e.g. server.uri() or URI.create(\"http://127.0.0.1:8080/\")");
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    return new TestClient(http, base, List.of());
  }

  /**
   * This client sending one more header with every request. A header {@code java.net.http} cannot send (one it sets
   * itself, such as {@code Host} or {@code Connection}, or a name or value that is no valid HTTP) is a
   * {@link UsageException} here, rather than at every request.
   */
  public TestClient withHeader(String name, String value) {
    if (name == null || value == null) {
      throw new UsageException("withHeader(" + quoted(name) + ", " + quoted(value) + "): pass the header's name and"
          + " value, e.g. withHeader(\"Authorization\", \"Bearer \" + token)");
    }
    try {
      // refused here, not by every request the client then sends, far from the call that added it
      HttpRequest.newBuilder().header(name, value);
    } catch (IllegalArgumentException e) {
      throw cannotSend("withHeader(" + quoted(name) + ", " + quoted(value) + ")", e);
    }
    List<String> more = new ArrayList<>(headers);
    more.add(name);
    more.add(value);
    return new TestClient(http, base, more);
  }

  /** The base URI paths resolve against. */
  public URI base() {
    return base;
  }

  /** {@code GET path}; headers as name, value pairs. */
  public TestResponse get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  /** {@code POST path} with {@code body} as JSON. */
  public TestResponse post(String path, Object body, String... headers) {
    return send("POST", path, body, headers);
  }

  /** {@code PUT path} with {@code body} as JSON. */
  public TestResponse put(String path, Object body, String... headers) {
    return send("PUT", path, body, headers);
  }

  /** {@code PATCH path} with {@code body} as JSON. */
  public TestResponse patch(String path, Object body, String... headers) {
    return send("PATCH", path, body, headers);
  }

  /** {@code DELETE path}. */
  public TestResponse delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  /**
   * Sends {@code method path} with {@code body} (null for none: a String as it is, anything else as JSON)
   * and {@code headers} as name, value pairs.
   */
  public TestResponse send(String method, String path, Object body, String... headers) {
    if (method == null || path == null) {
      throw new UsageException("send(" + quoted(method) + ", " + quoted(path) + ", ...): pass the method and the path"
          + " to resolve against " + base + ", e.g. get(\"/tasks\")");
    }
    if (headers == null) {
      throw new UsageException(method + " " + path + " with the headers null: pass them as name, value pairs, or none");
    }
    if (headers.length % 2 != 0) {
      throw new UsageException("headers come as name, value pairs; got an odd number: " + Arrays.asList(headers));
    }
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i] == null || headers[i + 1] == null) {
        throw new UsageException(method + " " + path + " with the header " + quoted(headers[i]) + ", "
            + quoted(headers[i + 1]) + ": pass each header's name and value, e.g. \"If-Match\", etag");
      }
    }
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new UsageException(method + " " + path + ": the path is not a valid URI (" + e.getMessage() + "); percent-encode"
          + " what it carries, e.g. URLEncoder.encode(value, UTF_8) for a query value", e);
    }
    boolean contentType = false;
    List<String> all = new ArrayList<>(this.headers);
    all.addAll(List.of(headers));
    for (int i = 0; i < all.size(); i += 2) {
      try {
        request.header(all.get(i), all.get(i + 1));
      } catch (IllegalArgumentException e) {
        throw cannotSend(method + " " + path + " with the header " + quoted(all.get(i)) + ", " + quoted(all.get(i + 1)), e);
      }
      contentType |= all.get(i).equalsIgnoreCase("Content-Type");
    }
    if (body != null && !contentType) {
      request.header("Content-Type", "application/json");
    }
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(text(body), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UsageException("send(" + quoted(method) + ", " + quoted(path) + ", ...): " + e.getMessage() + "; pass an"
          + " HTTP method such as \"GET\", \"POST\" or \"OPTIONS\"", e);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new TestResponse(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScribeException(method + " " + base.resolve(path) + " was interrupted", e);
    }
  }

  /**
   * java.net.http refuses what it writes itself (Host, Content-Length, Connection, Expect, Upgrade) and what
   * HTTP/1.1 cannot carry: a test that means to send such a header needs a socket of its own.
   */
  private static UsageException cannotSend(String call, IllegalArgumentException refusal) {
    return new UsageException(call + ": java.net.http.HttpClient cannot send it (" + refusal.getMessage() + "); it sets"
        + " Host, Content-Length, Connection, Expect and Upgrade itself, and names and values must be valid HTTP (no"
        + " spaces in a name, no line breaks); send such a request over a Socket", refusal);
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  private static String text(Object body) {
    if (body instanceof String) {
      return (String) body;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new ScribeException("cannot write " + body.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TestClient[" + base + "]";
  }
}
