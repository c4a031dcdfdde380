package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many clients read-modify-write one versioned record at once: no successful update is lost, and the
 * losers of each race are told so with 409 or 412, never 500.
 */
class ConcurrencyTest {
  private static final int CLIENTS = 8;
  private static final int ATTEMPTS = 12;

  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void parallelConditionalPatchesNeverLoseAnUpdate() throws Exception {
    long id = http.createTask("{\"title\":\"contended\"}");
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          go.await();
          for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Reply read = http.get("/tasks/" + id);
            int counter = ((Number) read.map().get("counter")).intValue();
            Reply write = http.patch("/tasks/" + id, "{\"counter\":" + (counter + 1) + "}", "If-Match", read.header("ETag"));
            statuses.computeIfAbsent(write.status(), s -> new AtomicInteger()).incrementAndGet();
            if (write.status() == 200) {
              assertThat(write.map()).containsEntry("counter", counter + 1);
            } else {
              assertThat(write.header("Content-Type")).isEqualTo("application/problem+json");
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> client : clients) {
        client.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    int successes = statuses.getOrDefault(200, new AtomicInteger()).get();
    assertThat(statuses.keySet()).isSubsetOf(200, 409, 412);
    assertThat(successes).isPositive();
    Map<String, Object> row = http.query("select counter, version from http_tasks where id = " + id).get(0);
    assertThat(((Number) row.get("counter")).intValue()).isEqualTo(successes);
    assertThat(((Number) row.get("version")).intValue()).isEqualTo(successes);
    assertThat(http.get("/tasks/" + id).header("ETag")).isEqualTo("\"" + successes + "\"");
  }

  @Test
  void parallelUnconditionalPatchesOfOneRecordAnswerSuccessOrConflictNever500() throws Exception {
    long id = http.createTask("{\"title\":\"contended\"}");
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> {
          go.await();
          for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Reply write = http.patch("/tasks/" + id, "{\"title\":\"client " + client + " attempt " + attempt + "\"}");
            statuses.computeIfAbsent(write.status(), s -> new AtomicInteger()).incrementAndGet();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> client : clients) {
        client.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(statuses.keySet()).isSubsetOf(200, 409);
    assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).as("every write answered")
        .isEqualTo(CLIENTS * ATTEMPTS);
    int successes = statuses.getOrDefault(200, new AtomicInteger()).get();
    assertThat(successes).as("a conflict needs a write that won: all 409s would mean none did").isPositive();
    Map<String, Object> row = http.query("select version from http_tasks where id = " + id).get(0);
    assertThat(((Number) row.get("version")).intValue()).isEqualTo(successes);
  }
}
