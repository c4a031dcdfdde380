package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A server stopped while import jobs run or wait: their spooled bodies are deleted with the stop. They stayed
 * in the temporary directory for good before (the job's own clean-up runs when it ends, which a stopping JVM
 * does not wait for), up to {@code maxImportBytes} per job at each restart.
 */
class ImportShutdownTest {
  private static final String NDJSON = "application/x-ndjson";

  @Test
  void stoppingTheServerDeletesTheBodiesOfTheRunningAndTheWaitingJobs() throws Exception {
    HttpApp http = HttpApp.start();
    String tag = "shutdown-" + UUID.randomUUID();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.tasks.events(), "preCreate", args -> {
      if (String.valueOf(args.params().get("title")).startsWith(tag)) {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try {
      for (int job = 0; job < 3; job++) {
        Reply accepted = http.send("POST", "/tasks/import?async=true", "{\"title\":\"" + tag + " " + job + "\"}\n",
            "Content-Type", NDJSON);
        assertThat(accepted.status()).isEqualTo(202);
        if (job == 0) {
          assertThat(running.await(10, TimeUnit.SECONDS)).as("the first job runs").isTrue();
        }
      }
      assertThat(spooled(tag)).as("one job running, two waiting").hasSize(3);

      http.server.close();

      assertThat(spooled(tag)).as("bodies left behind by the stop").isEmpty();
    } finally {
      release.countDown();
      http.close();
    }
  }

  @Test
  void aJobRunningWhenTheServerStopsStartsNoChunkAfterTheOneInFlight() throws Exception {
    HttpApp http = HttpApp.start();
    String tag = "stop-" + UUID.randomUUID();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    http.taskController.configure(dev.scribe.core.Config.of(java.util.Map.of("importChunkSize", 2)));
    http.on(http.tasks.events(), "preCreate", args -> {
      if ((tag + " 1").equals(args.params().get("title"))) {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try {
      StringBuilder rows = new StringBuilder();
      for (int row = 1; row <= 8; row++) {
        rows.append("{\"title\":\"").append(tag).append(' ').append(row).append("\"}\n");
      }
      Reply accepted = http.send("POST", "/tasks/import?async=true&ignoreErrors=true", rows.toString(),
          "Content-Type", NDJSON);
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(running.await(10, TimeUnit.SECONDS)).as("the job runs its first chunk").isTrue();

      assertThat(spooled(tag)).as("the running job's body").hasSize(1);
      Thread releaser = new Thread(() -> {
        try {
          // the stop has reached the jobs once it deleted the body; the chunk in flight then goes on a while
          while (!spooled(tag).isEmpty()) {
            Thread.sleep(20);
          }
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        release.countDown();
      });
      releaser.start();
      http.server.close();

      // the stop waits for the chunk in flight, which ends as it would have: closed under it (the demo closes its
      // store right after the server), a chunk was cut in the middle of its transaction
      assertThat(written(http, tag)).as("rows of the chunk in flight once the stop has ended").isEqualTo(2);
      // the chunk in flight ends as it would have; before, every chunk after it ran too, after the stop (and,
      // once the store was closed under it, each of their rows failed alone with a stack trace in the log)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < deadline && written(http, tag) < 8) {
        Thread.sleep(100);
      }
      assertThat(written(http, tag)).as("rows written after the stop began").isLessThanOrEqualTo(2);
    } finally {
      release.countDown();
      http.close();
    }
  }

  private static long written(HttpApp http, String tag) {
    return ((Number) http.query("select count(*) as n from http_tasks where title like '" + tag + "%'").get(0).get("n"))
        .longValue();
  }

  /** The spooled import bodies in the temporary directory that hold {@code tag}. */
  private static List<Path> spooled(String tag) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().startsWith("scribe-import-"))
          .filter(file -> contains(file, tag))
          .toList();
    }
  }

  private static boolean contains(Path file, String tag) {
    try {
      return Files.readString(file).contains(tag);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
