package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.repository.EntityDeleted;
import dev.scribe.repository.EntityUpdated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An update or a delete sent without {@code If-Match} that loses a race runs again as a whole — handlers included,
 * from the args as they were before the first run — and publishes its after-commit event once; with
 * {@code If-Match} it is answered 412 at once; after the configured number of runs, 409.
 */
class UpdateRetryTest {
  @RegisterExtension
  static final ConflictsApp app = new ConflictsApp();

  @Test
  void anUnconditionalUpdateThatLostARaceRunsAgainFromTheOriginalArgsAndPublishesOnce() {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    List<Map<String, Object>> paramsSeen = new CopyOnWriteArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    app.on(app.memberController.events(), "onPreUpdate", args -> {
      paramsSeen.add(new LinkedHashMap<>(args.params()));
      args.params().put("name", args.params().get("name") + " (seen)");
      if (runs.incrementAndGet() == 1) {
        // Another writer commits between this run's read and its write.
        app.members.get(id);
        app.execute("update c_members set version = version + 1, visits = visits + 100 where id = " + id);
      }
    });

    Reply reply = app.send("PATCH", "/members/" + id, "{\"name\":\"Lovelace\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(runs).hasValue(2);
    assertThat(paramsSeen).containsExactly(Map.of("name", "Lovelace"), Map.of("name", "Lovelace"));
    assertThat(reply.map()).containsEntry("name", "Lovelace (seen)").containsEntry("visits", 100).containsEntry("version", 2);
    assertThat(app.query("select name, visits, version from c_members")).containsExactly(
        Map.of("name", "Lovelace (seen)", "visits", 100, "version", 2L));
    assertThat(app.published).filteredOn(e -> e instanceof EntityUpdated).hasSize(1);
  }

  @Test
  void anUnconditionalDeleteThatLostARaceToAnUpdateRunsAgainAndDeletes() {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    AtomicInteger runs = new AtomicInteger();
    app.on(app.memberController.events(), "onPreDestroy", args -> {
      if (runs.incrementAndGet() == 1) {
        // Another writer commits between this run's read of the row and the delete's lock on it.
        app.members.get(id);
        app.execute("update c_members set version = version + 1, visits = visits + 1 where id = " + id);
      }
    });

    Reply reply = app.send("DELETE", "/members/" + id, null);

    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    assertThat(runs).hasValue(2);
    assertThat(app.query("select id from c_members")).isEmpty();
    assertThat(app.published).filteredOn(e -> e instanceof EntityDeleted).hasSize(1);
  }

  @Test
  void aConditionalDeleteThatLostARaceIs412AndRunsOnce() {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    AtomicInteger runs = new AtomicInteger();
    app.on(app.members.events(), "preDelete", args -> {
      runs.incrementAndGet();
      app.execute("update c_members set version = version + 1 where id = " + id);
    });

    Reply reply = app.send("DELETE", "/members/" + id, null, "If-Match", "\"0\"");

    assertThat(reply.status()).as(reply.body()).isEqualTo(412);
    assertThat(runs).hasValue(1);
    assertThat(app.query("select version from c_members")).containsExactly(Map.of("version", 1L));
  }

  @Test
  void aConditionalUpdateThatLostARaceIs412AndRunsOnce() {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    AtomicInteger runs = new AtomicInteger();
    app.on(app.memberController.events(), "onPreUpdate", args -> {
      runs.incrementAndGet();
      app.execute("update c_members set version = version + 1 where id = " + id);
    });

    Reply reply = app.send("PATCH", "/members/" + id, "{\"name\":\"Lovelace\"}", "If-Match", "\"0\"");

    assertThat(reply.status()).as(reply.body()).isEqualTo(412);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(runs).hasValue(1);
    assertThat(app.query("select name, version from c_members")).containsExactly(Map.of("name", "Ada", "version", 1L));
    assertThat(app.published).filteredOn(e -> e instanceof EntityUpdated).isEmpty();
  }

  /**
   * A pre handler changes the loaded entity and a verify rule runs a query (as the demo's duplicate-title rule
   * does) while another transaction changes the row: the auto-flush before the query used to send the record's
   * UPDATE in a JDBC batch, which names no record. The record's own UPDATE finds the stale row now, and the 412
   * names the record and the version it was read at, for a PUT as for a PATCH.
   */
  @Test
  void aStaleRowFoundByTheFlushBeforeAVerifyRulesQueryIs412NamingTheRecord() {
    java.util.concurrent.atomic.AtomicLong current = new java.util.concurrent.atomic.AtomicLong();
    app.on(app.members.events(), "preUpdate", args -> args.entity(dev.scribe.controller.conflicts.Member.class).visits++);
    app.on(app.members.events(), "verifyUpdate", args -> {
      app.execute("update c_members set version = version + 1 where id = " + current.get()); // another writer commits
      app.store.currentUnitOfWork().orElseThrow().entityManager()
          .createQuery("select m.id from Member m where m.email = 'x'", Long.class).getResultList();
    });
    for (String method : List.of("PUT", "PATCH")) {
      long id = app.create("/members", "{\"email\":\"" + method + "@example.org\",\"name\":\"Ada\"}");
      current.set(id);

      Reply reply = app.send(method, "/members/" + id, "{\"email\":\"" + method + "@example.org\",\"name\":\"Lovelace\"}",
          "If-Match", "\"0\"");

      assertThat(reply.status()).as(method + ": " + reply.body()).isEqualTo(412);
      assertThat(reply.map()).as(method).containsEntry("message",
          "member " + id + " was changed by another transaction since version 0 was read; reload it and retry");
      assertThat(app.query("select name, version from c_members where id = " + id)).as(method)
          .containsExactly(Map.of("name", "Ada", "version", 1L));
    }
  }

  @Test
  void anUpdateThatLosesEveryRunIs409AfterTheConfiguredRetries() {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    app.memberController.configure(Config.of(Map.of("updateRetries", 2)));
    AtomicInteger runs = new AtomicInteger();
    app.on(app.memberController.events(), "onPreUpdate", args -> {
      runs.incrementAndGet();
      app.members.get(id);
      app.execute("update c_members set version = version + 1 where id = " + id);
    });

    Reply reply = app.send("PATCH", "/members/" + id, "{\"name\":\"Lovelace\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.map().get("message")).asString().contains("was changed by another transaction");
    assertThat(runs).hasValue(3);
    assertThat(app.query("select name, version from c_members")).containsExactly(Map.of("name", "Ada", "version", 3L));
    assertThat(app.published).filteredOn(e -> e instanceof EntityUpdated).isEmpty();
  }

  @Test
  void parallelUnconditionalUpdatesOfOneRecordAllSucceedAndEachCountsOnce() throws Exception {
    long id = app.create("/members", "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}");
    app.on(app.members.events(), "preUpdate", args -> {
      EventArgs record = args;
      record.params().put("visits", ((Number) app.members.get(id).visits).intValue() + 1);
    });
    int clients = 8;

    List<Reply> replies = parallel(clients, c -> app.send("PATCH", "/members/" + id, "{\"name\":\"client " + c + "\"}"));

    assertThat(replies).extracting(Reply::status).containsOnly(200);
    assertThat(app.query("select visits, version from c_members")).containsExactly(
        Map.of("visits", clients, "version", (long) clients));
    assertThat(app.published).filteredOn(e -> e instanceof EntityUpdated).hasSize(clients);
  }

  @Test
  void anUnconditionalDeleteAmongParallelUpdatesOfItsRecordWaitsForThemAndDeletes() throws Exception {
    app.memberController.configure(Config.of(Map.of("updateRetries", 0)));
    for (int round = 0; round < 5; round++) {
      long id = app.create("/members", "{\"email\":\"ada" + round + "@example.org\",\"name\":\"Ada\"}");

      List<Reply> replies = parallel(9, c -> c == 4 ? app.send("DELETE", "/members/" + id, null)
          : app.send("PATCH", "/members/" + id, "{\"name\":\"client " + c + "\"}"));

      assertThat(replies.get(4).status()).as("the delete, with no retry to spend: %s", replies.get(4).body())
          .isEqualTo(204);
      assertThat(replies).extracting(Reply::status).as("an update after the delete finds nothing")
          .isSubsetOf(200, 204, 404);
    }
    assertThat(app.query("select id from c_members")).isEmpty();
  }

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
        results.add(future.get(2, TimeUnit.MINUTES));
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
