package dev.scribe.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.core.UsageException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * One HTTP answer as a test reads it: the status, the headers and the body, with the body read as JSON on
 * demand.
 *
 * <p>Contract: {@link #json()} fails the test (with the body in the message) when the body is not one JSON value
 * (anything but whitespace after it included), and with the status when there is no body (a 204);
 * {@link #map()} and {@link #items()} when it is not an object or has no {@code items} list.
 *
 * <pre>{@code
 * TestResponse created = client.post("/tasks", Map.of("title", "Write docs"));
 * assertThat(created.status()).isEqualTo(201);
 * assertThat(created.map()).containsEntry("title", "Write docs");
 * }</pre>
 *
 * @param status  the HTTP status code
 * @param headers the response headers (names compared case-insensitively)
 * @param body    the body as text, empty when there is none
 */
public record TestResponse(int status, HttpHeaders headers, String body) {
  /** Fails on anything after the first value: a body of two documents, or a record with an error page after it, is no JSON. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The first value of header {@code name} (any case), or null; a null name is a {@link UsageException}. */
  public String header(String name) {
    if (name == null) {
      throw new UsageException("header(null): pass the name of the response header to read, e.g. header(\"Location\")");
    }
    return headers.firstValue(name).orElse(null);
  }

  /** The body parsed as JSON: a map, a list, a string, a number, a boolean or null. */
  public Object json() {
    if (body == null || body.isEmpty()) {
      // Jackson's "no content to map" read as a broken body, when there was none to parse
      throw new AssertionFailedError("the " + status + " response has no body, so there is no JSON to read; assert on"
          + " its status() and headers, or check that the request was meant to answer a body");
    }
    try {
      return JSON.readValue(body, Object.class);
    } catch (IOException e) {
      throw new AssertionFailedError("the body is not JSON: " + this, e);
    }
  }

  /** The body as a JSON object. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> map() {
    Object json = json();
    if (!(json instanceof Map)) {
      throw new AssertionFailedError("the body is not a JSON object: " + this);
    }
    return (Map<String, Object>) json;
  }

  /** The {@code items} of a page body ({@code {"items": [...], ...}}). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> items() {
    Object items = map().get("items");
    if (!(items instanceof List)) {
      throw new AssertionFailedError("the body has no items list: " + this);
    }
    return (List<Map<String, Object>>) items;
  }

  @Override
  public String toString() {
    return status + " " + headers.map() + " " + body;
  }
}
