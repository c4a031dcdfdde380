package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.DatabaseUnavailableException;
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
 * Writes that wait while holding their connections (behind a bulk update's row locks) take at most the pool
 * less a fifth: reads keep their connections, and one more write waits for a slot, then is a 503 that wrote
 * nothing. Exports and uploads streaming at their clients' pace take their connections out of the writers' part.
 */
class WriteSlotsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void writersHeldInsideTheirUnitsLeaveAFifthOfThePoolToReads() throws Exception {
    int limit = StoreAccess.roles(http.store).writeSlotLimit();
    assertThat(limit).as("the test store's pool of 10 less a fifth").isEqualTo(8);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i <= limit; i++) {
      ids.add(http.createTask("{\"title\":\"held " + i + "\"}"));
    }
    openConnections(limit + 1);
    Semaphore started = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreUpdate", args -> {
      started.release();
      try {
        release.await(30, TimeUnit.SECONDS); // as a write waiting for a row lock would, holding its connection
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    try {
      for (int i = 0; i < limit; i++) {
        held.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks/" + ids.get(i)))
            .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\":2}"))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      boolean allStarted = started.tryAcquire(limit, 30, TimeUnit.SECONDS);
      assertThat(allStarted).as(() -> "every held write inside its unit; " + started.availablePermits() + " of " + limit
          + " started\n" + answered(held) + serverThreads()).isTrue();

      Reply read = http.get("/tasks/" + ids.get(0));
      Reply list = http.get("/tasks");
      Reply oneMore = http.send("PATCH", "/tasks/" + ids.get(limit), "{\"priority\":4}", "Content-Type", "application/json");

      assertThat(read.status()).isEqualTo(200);
      assertThat(list.status()).isEqualTo(200);
      assertThat(oneMore.status()).isEqualTo(503);
      assertThat(oneMore.header("Retry-After")).isNotNull();
      assertThat(oneMore.body()).contains("8 writes are already running or waiting for a record's lock")
          .contains("nothing was written");
      assertThat(started.availablePermits()).as("the refused write ran no handler").isZero();
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> write : held) {
      assertThat(write.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(http.get("/tasks/" + ids.get(limit)).body()).doesNotContain("\"priority\":4");
    assertThat(http.send("PATCH", "/tasks/" + ids.get(limit), "{\"priority\":4}", "Content-Type", "application/json").status())
        .as("the slots are given back").isEqualTo(200);
  }

  /**
   * An import writes as a batch does, a chunk at a time on a connection of its own: it took no write slot, and a
   * dozen imports at once beside the writers took the reads' fifth of the pool (two reads of sixty were 503s on
   * the demo). It now holds a slot for its run: with every slot taken it waits, then is a 503 that wrote nothing.
   */
  @Test
  void anImportTakesAWriteSlotAndWaitsForOneWhenEveryWriterHoldsTheirs() throws Exception {
    int limit = StoreAccess.roles(http.store).writeSlotLimit();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      ids.add(http.createTask("{\"title\":\"held beside an import " + i + "\"}"));
    }
    openConnections(limit + 1);
    Semaphore started = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreUpdate", args -> holdUntil(release, started));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    Reply imported;
    Reply read;
    try {
      for (int i = 0; i < limit; i++) {
        held.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks/" + ids.get(i)))
            .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\":2}"))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(started.tryAcquire(limit, 30, TimeUnit.SECONDS)).as(() -> "every held write inside its unit\n"
          + answered(held) + serverThreads()).isTrue();

      imported = http.send("POST", "/tasks/import", "title\r\nimported beside held writes\r\n", "Content-Type", "text/csv");
      read = http.get("/tasks/" + ids.get(0));
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> write : held) {
      assertThat(write.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(read.status()).isEqualTo(200);
    assertThat(imported.status()).as(imported.body()).isEqualTo(503);
    assertThat(imported.header("Retry-After")).isNotNull();
    assertThat(imported.body()).contains("tasks.import: 8 writes are already running").contains("nothing was written");
    assertThat(http.get("/tasks/count?title=imported%20beside%20held%20writes").body()).contains("\"count\":0");
    assertThat(http.send("POST", "/tasks/import", "title\r\nimported once the writes ended\r\n", "Content-Type",
        "text/csv").status()).as("the slots are given back").isEqualTo(200);
  }

  /**
   * Exports whose clients read slowly hold their connections as long as held writes do: with half the pool
   * streaming exports and the writers' part of the pool left to writes on top of it, five stalled exports and
   * five held writes took all ten connections, and a plain read waited its connection wait and was a 503.
   * Exports and uploads streaming now take their connection out of the writers' part: reads keep their fifth.
   */
  @Test
  void exportsStreamingAtTheirClientsPaceShareTheWritersPartOfThePool() throws Exception {
    int writeLimit = StoreAccess.roles(http.store).writeSlotLimit();
    int exportLimit = StoreAccess.roles(http.store).streamingReadLimit();
    assertThat(writeLimit).as("the test store's pool of 10 less a fifth").isEqualTo(8);
    assertThat(exportLimit).as("half the test store's pool of 10").isEqualTo(5);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < writeLimit; i++) {
      ids.add(http.createTask("{\"title\":\"written beside exports " + i + "\"}"));
    }
    assertThat(http.get("/tasks.csv").status()).as("the first export of the JVM loads its writers").isEqualTo(200);
    openConnections(10);
    Semaphore exportsStarted = new Semaphore(0);
    Semaphore writesStarted = new Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.taskController.events(), "onPreExport", args -> holdUntil(release, exportsStarted));
    http.on(http.taskController.events(), "onPreUpdate", args -> holdUntil(release, writesStarted));
    List<CompletableFuture<HttpResponse<String>>> exports = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
    Reply read;
    try {
      for (int i = 0; i < exportLimit; i++) {
        exports.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks.csv")).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(exportsStarted.tryAcquire(exportLimit, 30, TimeUnit.SECONDS)).as("every export in progress").isTrue();
      for (int i = 0; i < writeLimit; i++) {
        writes.add(CLIENT.sendAsync(HttpRequest.newBuilder(http.uri("/tasks/" + ids.get(i)))
            .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\":2}"))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int room = writeLimit - exportLimit;
      assertThat(writesStarted.tryAcquire(room, 30, TimeUnit.SECONDS)).as(() -> "the writes the exports leave room for;"
          + " started: " + writesStarted.availablePermits() + "\n" + answered(writes) + serverThreads()).isTrue();

      read = http.get("/tasks/" + ids.get(0));
    } finally {
      release.countDown();
    }
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> export : exports) {
      assertThat(export.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    int written = 0;
    for (CompletableFuture<HttpResponse<String>> write : writes) {
      HttpResponse<String> done = write.get(60, TimeUnit.SECONDS);
      if (done.statusCode() == 200) {
        written++;
      } else {
        assertThat(done.statusCode()).as(done.body()).isEqualTo(503);
        assertThat(done.headers().firstValue("Retry-After")).isPresent();
        assertThat(done.body()).contains("tasks.update: the 8 connections writes may hold at once")
            .contains("exports or uploads streaming at their clients' pace").contains("nothing was written");
      }
    }
    assertThat(written).as("the writes that held a slot beside the exports").isGreaterThanOrEqualTo(writeLimit - exportLimit);
    assertThat(StoreAccess.roles(http.store).writeSlots().availablePermits()).as("the slots are given back")
        .isEqualTo(writeLimit);
    assertThat(StoreAccess.roles(http.store).streamingReads().availablePermits()).isEqualTo(exportLimit);
  }

  /** Counts the request in, then holds its handler (and its unit's connection) until {@code release}. */
  private static void holdUntil(CountDownLatch release, Semaphore started) {
    started.release();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Has the pool open {@code count} connections. It keeps two idle and opens more one at a time as they are
   * asked for: eight writes arriving at once on that cold pool waited for it to grow, and on a loaded machine
   * one of them waited past the connection wait and was a 503 (seen in CI), which is not what this test is about.
   */
  private static void openConnections(int count) throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(count);
    List<Thread> holders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread holder = new Thread(() -> {
        // a cold pool that grew too slowly for one holder's connection wait (seen in a full run): that holder asks again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          try {
            http.store.inTransaction(() -> {
              inside.countDown();
              try {
                inside.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
            return;
          } catch (DatabaseUnavailableException noConnectionYet) {
            if (System.nanoTime() > deadline) {
              throw noConnectionYet;
            }
          }
        }
      });
      holder.start();
      holders.add(holder);
    }
    assertThat(inside.await(60, TimeUnit.SECONDS)).as("the pool opened " + count + " connections").isTrue();
    for (Thread holder : holders) {
      holder.join(10_000);
    }
  }

  /** The held writes already answered, which should be none: said when they did not all start. */
  private static String answered(List<CompletableFuture<HttpResponse<String>>> held) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < held.size(); i++) {
      CompletableFuture<HttpResponse<String>> write = held.get(i);
      if (write.isDone()) {
        out.append("write ").append(i).append(" answered: ")
            .append(write.handle((reply, failure) -> failure != null ? failure.toString() : reply.statusCode() + " " + reply.body()).join())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Where the server's threads are: a write that never reached its handler is waiting somewhere here. */
  private static String serverThreads() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, frames) -> {
      if (thread.getName().startsWith("scribe-http") && frames.length > 0
          && !frames[0].getClassName().startsWith("sun.nio.ch")) {
        out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (int i = 0; i < Math.min(frames.length, 25); i++) {
          out.append("    at ").append(frames[i]).append('\n');
        }
      }
    });
    return out.toString();
  }
}
