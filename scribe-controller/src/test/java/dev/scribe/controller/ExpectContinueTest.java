package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Expect: 100-continue} on the JSON routes, over plain sockets: a request the server refuses without its
 * body is answered at once, before the client is invited to send the body; one it takes is invited, and its
 * body, read as it arrives, holds no thread while the client pauses.
 */
class ExpectContinueTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aBodyOfTheWrongTypeIs415BeforeTheClientIsAskedForIt() throws IOException {
    for (String type : List.of("text/plain", "application/json; charset=latin1")) {
      try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
        RawHttp.send(socket, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
            + "Expect: 100-continue\r\nContent-Length: 16\r\n\r\n");

        // before, the server answered 100 Continue, as for a body it would take, and refused it once sent (a client
        // waiting for the final answer instead got a 408 after the idle timeout)
        RawHttp.Response response = RawHttp.read(socket.getInputStream());

        assertThat(response.status()).as(type + ": " + response).isEqualTo(415);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Connection")).isEqualTo("close");
      }
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anUnknownRouteOrMethodIsAnsweredBeforeTheClientIsAskedForTheBody() throws IOException {
    for (String line : List.of("POST /nothing HTTP/1.1", "PUT /tasks HTTP/1.1")) {
      try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
        RawHttp.send(socket, line + "\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Expect: 100-continue\r\nContent-Length: 16\r\n\r\n");

        RawHttp.Response response = RawHttp.read(socket.getInputStream());

        assertThat(response.status()).as(line + ": " + response).isIn(404, 405);
      }
    }
  }

  @Test
  void anAccessRuleThatRefusesTheCallerIsAnsweredBeforeTheClientIsAskedForTheBody() throws IOException {
    http.taskController.configure(dev.scribe.core.Config.of(java.util.Map.of(Access.REQUIRES_USER, true)));
    // a store, an update and a custom action: before, each was asked for its body with 100 Continue and answered
    // 401 once the client had sent it all
    for (String line : List.of("POST /tasks HTTP/1.1", "PATCH /tasks/1 HTTP/1.1", "POST /tasks/find HTTP/1.1",
        "POST /tasks/1/complete HTTP/1.1")) {
      try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
        RawHttp.send(socket, line + "\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Expect: 100-continue\r\nContent-Length: 16\r\n\r\n");

        RawHttp.Response response = RawHttp.read(socket.getInputStream());

        assertThat(response.status()).as(line + ": " + response).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.problem().get("detail")).asString().contains("needs a logged-in user");
      }
    }
    // the access rule comes before the body's type, with the body or without it, as it did
    for (String expect : List.of("Expect: 100-continue\r\n", "")) {
      RawHttp.Response typed = RawHttp.exchange(http.server.port(), "POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: text/plain\r\n" + expect + "Content-Length: 16\r\n\r\n"
          + (expect.isEmpty() ? "{\"title\":\"big!\"}" : ""));
      assertThat(typed.status()).as(expect + typed).isEqualTo(401);
    }
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anOnAuthorizeHandlerRunsOnceWithTheActionSoTheBodyIsAskedForFirst() throws IOException {
    // a handler may do anything (count, log, call a service): it runs once, with the action, after the body
    http.on(http.taskController.events(), "onAuthorize", args -> {
      throw Access.forbidden("refused by a rule of the application");
    });
    String body = "{\"title\":\"continued\"}";
    try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      RawHttp.send(socket, "POST /tasks/find HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
      assertThat(RawHttp.interim(socket.getInputStream())).startsWith("HTTP/1.1 100");
      RawHttp.send(socket, body);

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(403);
    }
  }

  @Test
  void aBodyTheServerTakesIsAskedForWith100ContinueAndStored() throws IOException {
    String body = "{\"title\":\"continued\"}";
    try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      RawHttp.send(socket, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
      assertThat(RawHttp.interim(socket.getInputStream())).startsWith("HTTP/1.1 100");
      RawHttp.send(socket, body);

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(201);
      assertThat(response.body()).contains("\"title\":\"continued\"");
    }
    try (Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      RawHttp.send(socket, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(RawHttp.interim(socket.getInputStream())).startsWith("HTTP/1.1 100");
      String chunked = "{\"title\":\"chunked and continued\"}";
      RawHttp.send(socket, Integer.toHexString(chunked.length()) + "\r\n" + chunked + "\r\n0\r\n\r\n");

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void clientsThatPauseAfter100ContinueHoldNoThread() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try (ScribeServer server = ScribeServer.builder().maxThreads(24).minThreads(4)
        .application("/*", http.app).start()) {
      try {
        for (int i = 0; i < 60; i++) {
          Socket socket = RawHttp.connect(server.port(), 30_000);
          RawHttp.send(socket, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Expect: 100-continue\r\nContent-Length: 100\r\n\r\n");
          assertThat(RawHttp.interim(socket.getInputStream())).startsWith("HTTP/1.1 100");
          RawHttp.send(socket, "{\"title\":\"st");
          stalled.add(socket);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 10; i++) {
          HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
              + "/tasks")).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"normal " + i + "\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        }
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
    assertThat(http.rows("http_tasks")).as("the normal clients' creates only").isEqualTo(10);
  }
}
