package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that open connections and send nothing, as many as {@code maxConnections}: the server accepts no more
 * connections then, and it held them for its whole idle timeout, serving nobody else. The idle timeout of this
 * server is ten minutes, so an answer within the client's timeout shows that the silent connections were let go.
 */
class ConnectionFloodTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void silentConnectionsFillingEverySlotAreClosedSoThatOthersAreServed() throws Exception {
    List<Socket> silent = new ArrayList<>();
    try (ScribeServer server = ScribeServer.builder().host("127.0.0.1").maxConnections(20)
        .idleTimeout(Duration.ofMinutes(10)).application("/*", http.app).start()) {
      try {
        for (int i = 0; i < 20; i++) {
          silent.add(RawHttp.connect(server.port(), 120_000));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(90)).build();

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.uri().resolve("/tasks"))
            .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        // the silent ones were closed without an answer: they had sent no request to answer
        InputStream first = silent.get(0).getInputStream();
        assertThat(new String(first.readAllBytes(), StandardCharsets.ISO_8859_1)).isEmpty();
      } finally {
        for (Socket socket : silent) {
          socket.close();
        }
      }
    }
  }
}
