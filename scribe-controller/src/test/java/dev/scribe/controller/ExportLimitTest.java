package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.internal.StoreAccess;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An export holds a database connection while its client reads it, so at most half the pool's connections
 * stream exports at once: one more export is a 503 with Retry-After, and the other requests keep their
 * connections whatever the exports' clients do. One more waits for a slot as long as a request waits for a
 * connection before it is refused, so a burst of short exports is served in turn.
 */
class ExportLimitTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void exportsBeyondHalfThePoolAre503WhileTheRestOfTheApiAnswers() throws Exception {
    http.createTask("{\"title\":\"exported\"}");
    int limit = StoreAccess.roles(http.store).streamingReadLimit();
    assertThat(limit).as("half the test store's pool of 10").isEqualTo(5);
    // The exports in progress wait in onPreExport, holding their slots and connections, as slow clients would.
    Semaphore started = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreExport", args -> {
      started.release();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<CompletableFuture<HttpResponse<String>>> exports = new ArrayList<>();
    try {
      for (int i = 0; i < limit; i++) {
        exports.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks.csv")).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(started.tryAcquire(limit, 30, TimeUnit.SECONDS)).as("every export in progress").isTrue();

      Reply oneMore = http.get("/tasks.csv");
      Reply page = http.get("/tasks");
      Reply created = http.send("POST", "/tasks", "{\"title\":\"while exports stream\"}", "Content-Type", "application/json");

      assertThat(oneMore.status()).isEqualTo(503);
      assertThat(oneMore.header("Retry-After")).isEqualTo("5");
      assertThat(oneMore.body()).contains("5 exports are already being streamed").contains("half the connection pool")
          .contains("none ended within " + StoreAccess.roles(http.store).connectionWait().toMillis() + " ms");
      assertThat(page.status()).isEqualTo(200);
      assertThat(created.status()).isEqualTo(201);
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> export : exports) {
      HttpResponse<String> done = export.get(60, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).contains("exported");
    }
    assertThat(http.get("/tasks.csv").status()).as("the slots are given back").isEqualTo(200);
  }
  @Test
  void anExportBeyondTheLimitWaitsForASlotToEndInsteadOfA503() throws Exception {
    http.createTask("{\"title\":\"queued export\"}");
    // The first export of the JVM loads its writers: not while the one more export's connection wait runs.
    assertThat(http.get("/tasks.csv").status()).isEqualTo(200);
    int limit = StoreAccess.roles(http.store).streamingReadLimit();
    Semaphore slots = StoreAccess.roles(http.store).streamingReads();
    // Each export waits in onPreExport, holding its slot, until the test lets one of them go on: the one more
    // export is let in by a slot the test frees once it waits, not by how soon a loaded machine ends an export.
    Semaphore started = new Semaphore(0);
    Semaphore goOn = new Semaphore(0);
    http.on(http.taskController.events(), "onPreExport", args -> {
      started.release();
      try {
        goOn.tryAcquire(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<CompletableFuture<HttpResponse<String>>> exports = new ArrayList<>();
    try {
      for (int i = 0; i <= limit; i++) {
        exports.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks.csv")).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      awaitOneWaitingForASlot(slots);
      assertThat(started.tryAcquire(1, 30, TimeUnit.SECONDS)).as("an export holding a slot").isTrue();
      goOn.release(); // that export ends and frees its slot

      assertThat(started.tryAcquire(limit, 30, TimeUnit.SECONDS))
          .as("the other exports holding slots, and the one more, in the slot the ended export freed").isTrue();
      assertThat(slots.availablePermits()).as("every slot taken again, by the one more export").isZero();
      assertThat(slots.getQueueLength()).as("exports waiting for a slot").isZero();
    } finally {
      goOn.release(limit + 1);
    }
    for (CompletableFuture<HttpResponse<String>> export : exports) {
      HttpResponse<String> done = export.get(60, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).contains("queued export");
    }
  }

  /** Waits until every slot is taken and one export waits for a slot to free (30 s at most). */
  private static void awaitOneWaitingForASlot(Semaphore slots) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (slots.getQueueLength() != 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(slots.getQueueLength()).as("exports waiting for a slot").isEqualTo(1);
    assertThat(slots.availablePermits()).as("free slots").isZero();
  }

  @Test
  void uploadsWhoseClientsStallHoldNoSlotOfTheHalfOfThePoolThatStreams() throws Exception {
    http.taskController.attachments(AttachmentStore.database());
    long id = http.createTask("{\"title\":\"with files\"}");
    int limit = StoreAccess.roles(http.store).streamingReadLimit();
    List<Long> records = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      records.add(http.createTask("{\"title\":\"record " + i + "\"}"));
    }
    // Uploads larger than the server buffers, whose clients stall after the first 1.5 MiB: each arrives into a
    // temporary file before its unit of work begins, holding no slot and no connection while it waits.
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < limit; i++) {
        stalled.add(stalledUpload("/tasks/" + records.get(i) + "/files/big.bin", 3 << 20, 3 << 19));
      }
      awaitUploadSpools(limit);

      Reply buffered = http.send("PUT", "/tasks/" + id + "/files/small.txt", "small", "Content-Type", "text/plain");
      Reply export = http.get("/tasks.csv");
      Reply page = http.get("/tasks/" + id);

      assertThat(limit - StoreAccess.roles(http.store).streamingReads().availablePermits()).as("streaming slots taken")
          .isZero();
      assertThat(buffered.status()).isEqualTo(201);
      assertThat(export.status()).as(export.body()).isEqualTo(200);
      assertThat(page.status()).isEqualTo(200);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
    awaitUploadSpools(0);
    assertThat(http.get("/tasks/" + records.get(0) + "/files/big.bin").status()).as("nothing of a cut upload").isEqualTo(404);
  }

  /** Waits until this process has {@code count} upload spool files in the temporary directory. */
  private static void awaitUploadSpools(int count) throws Exception {
    String prefix = "scribe-upload-p" + ProcessHandle.current().pid() + "s";
    java.nio.file.Path directory = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long found;
    do {
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(directory)) {
        found = files.filter(file -> file.getFileName().toString().startsWith(prefix)).count();
      }
      if (found != count) {
        Thread.sleep(20);
      }
    } while (found != count && System.nanoTime() < deadline);
    assertThat(found).as("upload spool files").isEqualTo(count);
  }

  /** A PUT declaring {@code length} bytes whose client sends {@code sent} of them and then stalls. */
  private static Socket stalledUpload(String path, int length, int sent) throws Exception {
    Socket socket = new Socket(http.server.uri().getHost(), http.server.uri().getPort());
    OutputStream out = socket.getOutputStream();
    out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[sent]);
    out.flush();
    return socket;
  }
}
