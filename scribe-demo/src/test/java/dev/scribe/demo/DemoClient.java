package dev.scribe.demo;

import dev.scribe.testing.TestClient;
import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.util.Map;

/** The demo's accounts over its HTTP API (sign-up, log-in, bearer tokens) on top of scribe-testing's {@link TestClient}. */
final class DemoClient {
  private final TestClient http;
  private final String token;

  DemoClient(URI base) {
    this(TestClient.of(base), null);
  }

  private DemoClient(TestClient http, String token) {
    this.http = http;
    this.token = token;
  }

  /** A client that sends {@code Authorization: Bearer <token>}. */
  DemoClient as(String bearerToken) {
    return new DemoClient(TestClient.of(http.base()).withHeader("Authorization", "Bearer " + bearerToken), bearerToken);
  }

  /** Logs in over {@code POST /auth/login} and returns a client with the token. */
  DemoClient login(String name, String password) {
    TestResponse reply = post("/auth/login", Map.of("name", name, "password", password));
    if (reply.status() != 200) {
      throw new AssertionError("logging in as " + name + " answered " + reply.status() + " " + reply.body());
    }
    return as((String) reply.map().get("token"));
  }

  /** Registers an account and logs in with it. */
  DemoClient register(String name, String password) {
    TestResponse reply = post("/auth/register", Map.of("name", name, "password", password));
    if (reply.status() != 201) {
      throw new AssertionError("registering " + name + " answered " + reply.status() + " " + reply.body());
    }
    return login(name, password);
  }

  String token() {
    return token;
  }

  TestResponse get(String path) {
    return http.get(path);
  }

  /** POSTs {@code body}: a map as JSON, a String as it is (bodies a map cannot express: wrong types, malformed JSON). */
  TestResponse post(String path, Object body) {
    return http.post(path, body);
  }

  /** POSTs {@code body} as it is with its own {@code Content-Type} (an import's CSV or NDJSON). */
  TestResponse postAs(String path, String contentType, String body) {
    return http.post(path, body, "Content-Type", contentType);
  }

  /** PUTs {@code body} as it is with its own {@code Content-Type} (a file's bytes as text). */
  TestResponse putAs(String path, String contentType, String body) {
    return http.put(path, body, "Content-Type", contentType);
  }

  /** PATCH with extra headers, given as name, value pairs (e.g. {@code "If-Match", etag}). */
  TestResponse patch(String path, Object body, String... headers) {
    return http.patch(path, body, headers);
  }

  TestResponse delete(String path) {
    return http.delete(path);
  }

  /** PUTs {@code body}: a map as JSON. */
  TestResponse put(String path, Object body) {
    return http.put(path, body);
  }

  /** Any method with a body (a map or list as JSON): {@code DELETE /tasks} with the ids of a batch. */
  TestResponse send(String method, String path, Object body) {
    return http.send(method, path, body);
  }

  /** Creates a task and returns its id. */
  long createTask(Map<String, Object> task) {
    TestResponse reply = post("/tasks", task);
    if (reply.status() != 201) {
      throw new AssertionError("creating " + task + " answered " + reply.status() + " " + reply.body());
    }
    return ((Number) reply.map().get("id")).longValue();
  }
}
