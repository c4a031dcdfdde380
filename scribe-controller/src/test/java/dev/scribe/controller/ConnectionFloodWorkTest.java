package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the flood guard ({@link ConnectionFlood}) must leave alone: while silent connections take every slot of
 * {@code maxConnections} (and more wait in the accept backlog, so that the slots stay taken as the guard closes
 * them), a request being handled, a body arriving slowly but steadily, a long response read slowly and a stream
 * of events written every few seconds each end as they would without the flood. The long response read slowly
 * was cut off after 2 s (its write waited for room in the socket longer than that); the others were left alone
 * by Jetty already: a request that waits for no read or write is not expired, and a body that keeps arriving is
 * not idle.
 */
class ConnectionFloodWorkTest {
  private static final int SLOTS = 4;
  private final List<Socket> silent = new ArrayList<>();
  private final CountDownLatch handling = new CountDownLatch(1);
  private ScribeServer server;

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : silent) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(String mapping, HttpServlet servlet) {
    server = ScribeServer.builder().host("127.0.0.1").maxConnections(SLOTS).idleTimeout(Duration.ofMinutes(10))
        .servlet(mapping, servlet).start();
  }

  /** Takes the free slots and queues as many again several times over in the backlog. */
  private void flood(int taken) throws IOException {
    for (int i = 0; i < (SLOTS - taken) + 40; i++) {
      silent.add(RawHttp.connect(server.port(), 120_000));
    }
  }

  private Socket send(String request) throws IOException {
    Socket socket = RawHttp.connect(server.port(), 120_000);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  void aRequestWhoseHandlerWorksWithoutReadingOrWritingIsAnswered() throws Exception {
    start("/work", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handling.countDown();
        sleep(5000);
        response.setContentType("text/plain");
        response.getWriter().write("done");
      }
    });
    try (Socket client = send("GET /work HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
      flood(1);

      RawHttp.Response answer = RawHttp.read(client.getInputStream());

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("done");
      assertGuardWasActive();
    }
  }

  @Test
  void aBodySentSlowlyButSteadilyIsRead() throws Exception {
    start("/work", new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        response.setContentType("text/plain");
        response.getWriter().write("read " + new String(body, StandardCharsets.ISO_8859_1));
      }
    });
    String body = "0123456789abcdef";
    try (Socket client = send("POST /work HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n")) {
      flood(1);
      OutputStream out = client.getOutputStream();
      for (char c : body.toCharArray()) {
        sleep(500);
        out.write(c);
        out.flush();
      }

      RawHttp.Response answer = RawHttp.read(client.getInputStream());

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("read " + body);
      assertGuardWasActive();
    }
  }

  @Test
  void aLongResponseReadSlowlyIsWrittenToTheEnd() throws Exception {
    int size = 8 << 20;
    start("/work", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(size);
        OutputStream out = response.getOutputStream();
        byte[] chunk = new byte[8192];
        for (int written = 0; written < size; written += chunk.length) {
          out.write(chunk);
        }
      }
    });
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(16 * 1024);
      client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      client.setSoTimeout(120_000);
      client.getOutputStream().write("GET /work HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      flood(1);
      InputStream in = client.getInputStream();
      long read = 0;
      byte[] buffer = new byte[4096];
      // slowly for 6 s: 4 KiB every 200 ms, much slower than the server writes
      for (int i = 0; i < 30; i++) {
        sleep(200);
        int n = in.read(buffer);
        assertThat(n).as("bytes after %d read", read).isPositive();
        read += n;
      }
      read += in.readAllBytes().length;

      assertThat(read).isGreaterThan(size);
      assertGuardWasActive();
    }
  }

  @Test
  void aStreamWritingEveryFewSecondsStaysOpen() throws Exception {
    start("/feed", new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.getWriter().write(": open\n\n");
        response.flushBuffer();
        handling.countDown();
        for (int i = 1; i <= 3; i++) {
          sleep(5000);
          response.getWriter().write(": beat " + i + "\n\n");
          response.flushBuffer();
        }
      }
    });
    try (Socket client = send("GET /feed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
      flood(1);

      String stream = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(stream).startsWith("HTTP/1.1 200").contains(": beat 3");
      assertGuardWasActive();
    }
  }

  /** The first silent connection was accepted, and closed without an answer: the guard was at work meanwhile. */
  private void assertGuardWasActive() throws IOException {
    assertThat(silent.get(0).getInputStream().read()).as("end of the first silent connection").isEqualTo(-1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
