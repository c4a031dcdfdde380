package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that reset their connection in the middle of a body the request's thread reads itself (one larger
 * than the bytes buffered before the application runs): the request ends, its connection is closed, and
 * nothing is written. Before, the read's failure was thrown out of the servlet and Jetty kept the request
 * and its connection open for good: a file descriptor per aborted request, and a graceful stop that waited
 * for them until its timeout. And a client that resets its connection mid-export: one line in the log, not
 * an error with a stack trace per client.
 */
class ClientResetTest {
  /** A body limit above the 1 MiB that {@link ScribeServer} buffers before the application runs. */
  @RegisterExtension
  static final HttpApp http = HttpApp.start(scribe -> scribe, app -> app.maxBodyBytes(4 << 20));

  @Test
  void aJsonBodyResetMidWayLeavesNoConnectionOpen() throws Exception {
    String head = "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
        + (3 << 20) + "\r\n\r\n";
    sendAndReset(head, "[" + "{\"title\":\"t\"},".repeat(20_000));

    awaitNoConnection();
    assertThat(http.rows("http_tasks")).isZero();
    assertThat(http.post("/tasks", "{\"title\":\"after\"}").status()).isEqualTo(201);
  }

  @Test
  void anImportResetMidWayLeavesNoConnectionOpen() throws Exception {
    String head = "POST /tasks/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: "
        + (4 << 20) + "\r\n\r\n";
    sendAndReset(head, "title\r\n" + "row\r\n".repeat(20_000));

    awaitNoConnection();
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anExportWhoseClientResetsMidStreamIsLoggedInOneLineAndLeavesNoConnectionOpen() throws Exception {
    // one multi-row INSERT, which H2 and PostgreSQL both take
    StringBuilder rows = new StringBuilder("insert into http_tasks (id, version, title, counter) values ");
    for (int id = 1; id <= 5000; id++) {
      rows.append(id == 1 ? "" : ", ").append("(").append(id).append(", 0, 'exported row ").append(id).append("', 0)");
    }
    http.execute(rows.toString());
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch reset = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreExport", args -> ExportColumn.of(args).add(
        ExportColumn.computed("wait", (row, task) -> {
          if (((Number) row.get("id")).longValue() == 4000) {
            reading.countDown(); // the first rows are on their way: the answer is committed
            await(reset);
          }
          return "";
        })));
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      try (Socket socket = RawHttp.connect(http.server.port(), 5000)) {
        socket.getOutputStream().write("GET /tasks.csv?sort=id HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(reading.await(10, TimeUnit.SECONDS)).as("the export reached row 4000").isTrue();
        assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        socket.setSoLinger(true, 0);
      } finally {
        reset.countDown();
      }
      awaitNoConnection();
    } finally {
      System.setErr(err);
    }

    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("(tasks.export): the export stopped after").contains("its client no longer reading")
        .doesNotContain("ERROR").doesNotContain("\tat ");
    assertThat(http.get("/tasks.csv?id=1").status()).as("the export's slot is given back").isEqualTo(200);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Five clients that send {@code head} and part of the body, then reset the connection. */
  private static void sendAndReset(String head, String partOfBody) throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Socket socket = RawHttp.connect(http.server.port(), 5000)) {
        socket.getOutputStream().write((head + partOfBody).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.sleep(200);
        socket.setSoLinger(true, 0); // the close resets the connection: the client is gone, not done
      }
    }
  }

  private static void awaitNoConnection() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (http.server.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(http.server.openConnections()).as("connections still open after their clients reset them").isZero();
  }
}
