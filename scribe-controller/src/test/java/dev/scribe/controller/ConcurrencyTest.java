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

  /**
   * Children posted under a task while the task is deleted: each answer is the one it would be without the
   * race. A child whose parent was gone by the time its row was written is a 404 naming the parent, as when
   * the parent was missing from the start, not a 422 about a field {@code task} the client never sent.
   */
  @Test
  void childrenPostedWhileTheirParentIsDeletedAnswer404NotAFieldError() throws Exception {
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int round = 0; round < 15; round++) {
        long id = http.createTask("{\"title\":\"parent " + round + "\"}");
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          boolean deleter = c == 0;
          clients.add(pool.submit(() -> {
            go.await();
            Reply reply = deleter ? http.delete("/tasks/" + id)
                : http.post("/tasks/" + id + "/subtasks", "{\"title\":\"child\"}");
            String key = (deleter ? "delete " : "post ") + reply.status();
            statuses.computeIfAbsent(key, s -> new AtomicInteger()).incrementAndGet();
            if (!deleter && reply.status() != 201 && !(reply.status() == 404
                && ("task " + id + " not found").equals(reply.map().get("detail")))) {
              unexpected.add(reply.status() + " " + reply.body());
            }
            return null;
          }));
        }
        for (Future<?> client : clients) {
          client.get(2, TimeUnit.MINUTES);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected).as("answers to the children's posts other than 201 and the parent's 404; all: " + statuses)
        .isEmpty();
    assertThat(statuses.keySet()).isSubsetOf("delete 204", "delete 409", "post 201", "post 404");
    assertThat(http.query("select count(*) as orphans from http_subtasks s where not exists "
        + "(select 1 from http_tasks t where t.id = s.task_id)").get(0).get("orphans")).isEqualTo(0L);
  }
}
