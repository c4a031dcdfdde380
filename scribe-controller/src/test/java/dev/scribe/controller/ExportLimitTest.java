package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.internal.StoreAccess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    int limit = StoreAccess.roles(http.store).streamingReadLimit();
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
      for (int i = 0; i <= limit; i++) {
        exports.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks.csv")).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(started.tryAcquire(limit, 30, TimeUnit.SECONDS)).as("the exports that hold every slot").isTrue();
      assertThat(started.tryAcquire(1, 500, TimeUnit.MILLISECONDS)).as("the one more export waits for a slot").isFalse();
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> export : exports) {
      HttpResponse<String> done = export.get(60, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).contains("queued export");
    }
  }

  @Test
  void uploadsShareTheHalfOfThePoolThatStreamsWithExports() throws Exception {
    http.taskController.attachments(AttachmentStore.database());
    long id = http.createTask("{\"title\":\"with files\"}");
    int limit = StoreAccess.roles(http.store).streamingReadLimit();
    List<Long> records = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      records.add(http.createTask("{\"title\":\"record " + i + "\"}")); // a record's uploads take turns
    }
    // The uploads in progress wait in onPreUpload, holding their slots and connections, as stalled clients would.
    Semaphore started = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreUpload", args -> {
      started.release();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < limit; i++) {
        uploads.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks/" + records.get(i) + "/files/f.txt"))
            .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("bytes " + i))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(started.tryAcquire(limit, 30, TimeUnit.SECONDS)).as("every upload in progress").isTrue();

      Reply oneMore = http.send("PUT", "/tasks/" + id + "/files/late.txt", "late", "Content-Type", "text/plain");
      Reply export = http.get("/tasks.csv");
      Reply page = http.get("/tasks/" + id);

      assertThat(oneMore.status()).isEqualTo(503);
      assertThat(oneMore.header("Retry-After")).isEqualTo("5");
      assertThat(oneMore.body()).contains("uploads and exports are already streaming");
      assertThat(export.status()).isEqualTo(503);
      assertThat(page.status()).isEqualTo(200);
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> upload : uploads) {
      assertThat(upload.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    }
    assertThat(http.send("PUT", "/tasks/" + id + "/files/late.txt", "late", "Content-Type", "text/plain").status())
        .as("the slots are given back").isEqualTo(201);
  }
}
