package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo under concurrent writers, over HTTP: unconditional updates of one task all succeed and all
 * count, conditional retry loops never see a server error, and of many concurrent creates of one title
 * exactly one wins.
 */
class DemoConflictsTest {
  private static final int CLIENTS = 20;

  private static DemoApplication demo;
  private static DemoClient client;
  private static DemoClient admin;

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--admin-password", "admin password 1")));
    URI uri = demo.serve();
    client = new DemoClient(uri);
    admin = client.login("admin", "admin password 1");
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void twentyParallelUnconditionalPatchesOfOneTaskAllSucceedAndAllCount() throws Exception {
    long id = client.createTask(Map.of("title", "contended " + System.nanoTime()));

    List<TestResponse> replies = parallel(CLIENTS, c -> client.patch("/tasks/" + id, Map.of("priority", 1 + c % 5)));

    assertThat(replies).extracting(TestResponse::status).containsOnly(200);
    Map<String, Object> task = client.get("/tasks/" + id).map();
    assertThat(task.get("updateCount")).isEqualTo(CLIENTS);
    assertThat(task.get("version")).isEqualTo(CLIENTS);
    long audited = admin.get("/audit/count?entityType=task&entityId=" + id + "&action=update").map().values().stream()
        .mapToLong(v -> ((Number) v).longValue()).sum();
    assertThat(audited).isEqualTo(CLIENTS);
  }

  @Test
  void conditionalRetryLoopsNeverSeeAServerError() throws Exception {
    long id = client.createTask(Map.of("title", "conditional " + System.nanoTime()));
    int rounds = 10;
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    parallel(CLIENTS, c -> {
      for (int round = 0; round < rounds; round++) {
        while (true) {
          TestResponse read = client.get("/tasks/" + id);
          assertThat(read.status()).isEqualTo(200);
          TestResponse write = client.patch("/tasks/" + id, Map.of("description", "client " + c + " round " + round),
              "If-Match", read.header("ETag"));
          statuses.computeIfAbsent(write.status(), s -> new AtomicInteger()).incrementAndGet();
          if (write.status() != 412) {
            assertThat(write.status()).as(write.body()).isEqualTo(200);
            break;
          }
          assertThat(write.header("Content-Type")).isEqualTo("application/problem+json");
        }
      }
      return null;
    });

    assertThat(statuses.keySet()).isSubsetOf(200, 412);
    assertThat(statuses.get(200).get()).isEqualTo(CLIENTS * rounds);
    Map<String, Object> task = client.get("/tasks/" + id).map();
    assertThat(task.get("updateCount")).isEqualTo(CLIENTS * rounds);
  }

  @Test
  void ofTwentyParallelCreatesOfOneTitleExactlyOneWins() throws Exception {
    String title = "Same title " + System.nanoTime();

    List<TestResponse> replies = parallel(CLIENTS, c -> client.post("/tasks", Map.of("title", c % 2 == 0 ? title : " " + title.toUpperCase() + " ")));

    assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
    assertThat(replies).filteredOn(r -> r.status() != 201).hasSize(CLIENTS - 1).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(reply.map()).containsEntry("message", "a task with this title is already open");
    });
    TestResponse stored = admin.get("/admin/tasks/count?title[like]=" + title.replace(" ", "%25").substring(0, 10) + "%25");
    assertThat(admin.get("/admin/tasks?size=100&sort=id").items()).filteredOn(t -> ((String) t.get("title")).equalsIgnoreCase(title))
        .hasSize(1);
    assertThat(stored.status()).isEqualTo(200);
  }

  @Test
  void aTitleGivenByAnUpdateCountsForTheDuplicateTitleRule() {
    long id = client.createTask(Map.of("title", "Before rename " + System.nanoTime()));
    String renamed = "Renamed " + System.nanoTime();
    assertThat(client.patch("/tasks/" + id, Map.of("title", renamed)).status()).isEqualTo(200);

    TestResponse twin = client.post("/tasks", Map.of("title", "  " + renamed.toUpperCase()));

    assertThat(twin.status()).isEqualTo(409);
    assertThat(twin.map()).containsEntry("message", "a task with this title is already open");
    assertThat(client.get("/tasks/" + id).map()).doesNotContainKey("titleKey");
  }

  @Test
  void theDuplicateTitleRuleSeesEarlierRecordsOfTheSameBatch() {
    String title = "Batch twin " + System.nanoTime();
    List<Map<String, Object>> batch = new ArrayList<>();
    batch.add(new LinkedHashMap<>(Map.of("title", title)));
    batch.add(new LinkedHashMap<>(Map.of("title", "other " + title)));
    batch.add(new LinkedHashMap<>(Map.of("title", title.toLowerCase())));

    TestResponse reply = client.post("/tasks", batch);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "a task with this title is already open");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records = (List<Map<String, Object>>) reply.map().get("records");
    assertThat(records).extracting(r -> r.get("index")).containsExactly(2);
    assertThat(admin.get("/admin/tasks?size=100").items()).noneMatch(t -> ((String) t.get("title")).contains(title));
  }

  /**
   * Two batch updates renaming four tasks to two titles in crossed order (the first gives x then y, the
   * second y then x): one of them is refused by the open-title rule, at once. Each took its title locks
   * record by record, so each held one title and waited for the other's until the lock timeout (5 s), every
   * time; the batch now takes the titles it will check all at once, in one order, as a batch create does.
   */
  @Test
  void batchRenamesWithCrossedTitlesDoNotWaitForEachOther() throws Exception {
    for (int round = 0; round < 3; round++) {
      String tag = "crossed " + System.nanoTime();
      List<Map<String, Object>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(new LinkedHashMap<>(Map.of("title", tag + " " + i)));
      }
      List<Map<String, Object>> created = client.post("/tasks", tasks).items();
      List<Object> ids = created.stream().map(task -> task.get("id")).toList();
      String x = tag + " x";
      String y = tag + " y";
      long start = System.nanoTime();

      List<TestResponse> replies = parallel(2, c -> client.patch("/tasks", c == 0
          ? List.of(Map.of("id", ids.get(0), "title", x), Map.of("id", ids.get(1), "title", y))
          : List.of(Map.of("id", ids.get(2), "title", y), Map.of("id", ids.get(3), "title", x))));

      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(replies).extracting(TestResponse::status).containsExactlyInAnyOrder(200, 409);
      assertThat(millis).as("both answers took %d ms: the batches waited for each other's title locks", millis)
          .isLessThan(4_000);
    }
  }

  /** Runs {@code work} on {@code clients} threads released together; returns their results in client order. */
  private static <T> List<T> parallel(int clients, ClientWork<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        Callable<T> task = () -> {
          go.await();
          return work.run(client);
        };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(3, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ClientWork<T> {
    T run(int client) throws Exception;
  }
}
