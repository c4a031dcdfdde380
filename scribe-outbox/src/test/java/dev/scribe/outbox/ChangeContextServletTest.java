package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.ScribeServer;
import dev.scribe.core.UsageException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Each request of a wrapped servlet runs in a change context of its headers, as the class's javadoc says. */
class ChangeContextServletTest {
  /** Answers the change context it runs in, and whether one is left on its thread afterwards is checked by the next. */
  private static final class Echo extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().print(ChangeContext.currentUser() + " " + ChangeContext.currentTraceId());
    }
  }

  @Test
  void theUserIsTheXUserHeaderAndTheTraceIdTheRequestIdElseTheTraceparent() throws Exception {
    try (ScribeServer server = ScribeServer.builder().host("127.0.0.1").maxThreads(8).minThreads(2)
        .servlet("/*", ChangeContextServlet.wrap(new Echo())).start()) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = server.uri().resolve("/anything");

      assertThat(body(client, HttpRequest.newBuilder(uri).header("X-User", "alice").header("X-Request-Id", "req-1")
          .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
          .isEqualTo("alice req-1");
      assertThat(body(client, HttpRequest.newBuilder(uri)
          .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
          .isEqualTo("null 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      assertThat(body(client, HttpRequest.newBuilder(uri))).as("nothing left over from an earlier request")
          .isEqualTo("null null");
    }
  }

  @Test
  void aNullServletIsRefusedWhereItIsGiven() {
    // it was taken, and every request the wrapper served failed on a NullPointerException
    assertThatThrownBy(() -> ChangeContextServlet.wrap(null)).isInstanceOf(UsageException.class)
        .hasMessage("ChangeContextServlet.wrap(null): pass the servlet whose requests run in a change context,"
            + " e.g. wrap(app.servlet())");
  }

  private static String body(HttpClient client, HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
