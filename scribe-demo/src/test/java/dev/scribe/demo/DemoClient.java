package dev.scribe.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small JSON client for the demo's HTTP API. */
final class DemoClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  DemoClient(URI base) {
    this(base, null);
  }

  private DemoClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client that sends {@code Authorization: Bearer <token>}. */
  DemoClient as(String bearerToken) {
    return new DemoClient(base, bearerToken);
  }

  /** Logs in over {@code POST /auth/login} and returns a client with the token. */
  DemoClient login(String name, String password) {
    Reply reply = post("/auth/login", Map.of("name", name, "password", password));
    if (reply.status() != 200) {
      throw new AssertionError("logging in as " + name + " answered " + reply.status() + " " + reply.body());
    }
    return as((String) reply.json().get("token"));
  }

  /** Registers an account and logs in with it. */
  DemoClient register(String name, String password) {
    Reply reply = post("/auth/register", Map.of("name", name, "password", password));
    if (reply.status() != 201) {
      throw new AssertionError("registering " + name + " answered " + reply.status() + " " + reply.body());
    }
    return login(name, password);
  }

  String token() {
    return token;
  }

  record Reply(int status, Map<String, List<String>> headers, String body) {
    Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON object: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items() {
      return (List<Map<String, Object>>) json().get("items");
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase());
      return values == null ? null : values.get(0);
    }
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Reply post(String path, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  /** POSTs {@code json} as it is, for bodies a map cannot express (wrong types, malformed JSON). */
  Reply postJson(String path, String json) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** POSTs {@code body} as it is with its own {@code Content-Type} (an import's CSV or NDJSON). */
  Reply postAs(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply patch(String path, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(write(body))));
  }

  Reply delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  /** Creates a task and returns its id. */
  long createTask(Map<String, Object> task) {
    Reply reply = post("/tasks", task);
    if (reply.status() != 201) {
      throw new AssertionError("creating " + task + " answered " + reply.status() + " " + reply.body());
    }
    return ((Number) reply.json().get("id")).longValue();
  }

  private Reply send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** PATCH with extra headers, given as name, value pairs (e.g. {@code "If-Match", etag}). */
  Reply patch(String path, Object body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(write(body)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
