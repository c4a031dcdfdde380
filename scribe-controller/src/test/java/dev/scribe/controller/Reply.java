package dev.scribe.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One HTTP answer as the tests read it. */
record Reply(int status, HttpHeaders headers, String body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Sends one request and reads its answer: headers as name, value pairs; a body goes as JSON
   * ({@code Content-Type: application/json}) unless the headers name another type.
   */
  static Reply exchange(HttpClient client, URI uri, String method, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    boolean contentType = false;
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      contentType |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !contentType) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code body} as it is, bytes the client does not encode, under {@code contentType}, and reads the answer. */
  static Reply exchangeBytes(URI uri, String method, String contentType, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  Object json() {
    try {
      return MAPPER.readValue(body, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> map() {
    return (Map<String, Object>) json();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> items() {
    return (List<Map<String, Object>>) map().get("items");
  }

  @Override
  public String toString() {
    return status + " " + headers.map() + " " + body;
  }
}
