package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted under load (a private server, never the shared one): during the outage requests
 * get 503 problem+json with {@code Retry-After} within the connection wait, never 500 and never a hang;
 * the server recovers by itself once the database is back; every acknowledged create is there, and a
 * stored create that was not acknowledged was answered with {@code "outcome": "unknown"} (its commit was
 * cut off by the restart). Runs in the {@code -Ppostgres} run.
 */
class DatabaseRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(2);
  private static final int CLIENTS = 4;

  private record Answer(String title, int status, long millis, long id, String contentType, String retryAfter, String body,
      long at) {}

  @Test
  void requestsDuringARestartAre503AndTheServerRecoversByItself() throws Exception {
    assumeTrue(TestDatabase.create().isPostgres(), "runs in the -Ppostgres run (scribe.test.db=postgres)");
    assumeTrue(PrivatePostgres.installed(), "PostgreSQL binaries not found in " + PrivatePostgres.BIN
        + "; set -Dscribe.test.pgbin=<dir with initdb and pg_ctl> to run this test");
    try (PrivatePostgres postgres = PrivatePostgres.start()) {
      Scribe scribe = Scribe.create();
      try (DataStore store = DataStore.builder(scribe).jdbcUrl(postgres.jdbcUrl()).username("postgres").password("")
          .entities(Task.class, Subtask.class).schemaAction("create").poolSize(4).connectionWait(WAIT).build()) {
        TaskRepository tasks = store.register(new TaskRepository());
        RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
        try (ScribeServer server = ScribeServer.start(app, 0)) {
          run(server, postgres);
        }
      }
    }
  }

  private void run(ScribeServer server, PrivatePostgres postgres) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sequence = new AtomicInteger();
    long origin = System.nanoTime();
    ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int clientNumber = c;
      clients.add(load.submit(() -> {
        while (running.get()) {
          boolean write = clientNumber % 2 == 0 || sequence.get() % 3 != 0;
          HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/tasks")).timeout(Duration.ofSeconds(30));
          String title = null;
          if (write) {
            title = "restart " + sequence.incrementAndGet();
            request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"));
          }
          long start = System.nanoTime();
          HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
          long millis = (System.nanoTime() - start) / 1_000_000;
          long id = -1;
          if (response.statusCode() == 201) {
            id = ((Number) new Reply(201, response.headers(), response.body()).map().get("id")).longValue();
          }
          answers.add(new Answer(title, response.statusCode(), millis, id,
              response.headers().firstValue("Content-Type").orElse(null),
              response.headers().firstValue("Retry-After").orElse(null), response.body(),
              (System.nanoTime() - origin) / 1_000_000));
        }
        return null;
      }));
    }
    Thread.sleep(1500);
    postgres.stopServer();
    long down = (System.nanoTime() - origin) / 1_000_000;
    Thread.sleep(4000);
    postgres.startServer();
    long up = (System.nanoTime() - origin) / 1_000_000;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && answers.stream().noneMatch(a -> a.status() == 201 && a.at() > up + 200)) {
      Thread.sleep(100);
    }
    Thread.sleep(1000);
    running.set(false);
    for (Future<?> c : clients) {
      c.get(60, TimeUnit.SECONDS);
    }
    load.shutdown();

    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
    assertThat(statuses.keySet()).as("statuses seen: %s", statuses).containsOnly(200, 201, 503).contains(503);
    for (Answer answer : answers) {
      assertThat(answer.millis()).as("no request hangs past the connection wait: %s", answer)
          .isLessThan(WAIT.toMillis() + 5000);
      if (answer.status() == 503) {
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.retryAfter()).isEqualTo("1");
        assertThat(new Reply(503, null, answer.body()).map()).containsEntry("status", 503)
            .containsEntry("title", "Service Unavailable");
        assertThat(answer.at()).as("503 only around the outage (down at %d ms, up at %d ms)", down, up)
            .isGreaterThanOrEqualTo(down - 1000);
      }
    }
    assertThat(answers).as("the server recovered by itself once the database was back")
        .anyMatch(a -> a.status() == 201 && a.at() > up + 200);

    Set<Long> acknowledged = new HashSet<>();
    answers.stream().filter(a -> a.status() == 201).forEach(a -> acknowledged.add(a.id()));
    Map<Long, String> storedTitles = new HashMap<>();
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT id, title FROM http_tasks")) {
      while (rows.next()) {
        storedTitles.put(rows.getLong(1), rows.getString(2));
      }
    }
    Set<Long> stored = storedTitles.keySet();
    Set<Long> lost = new HashSet<>(acknowledged);
    lost.removeAll(stored);
    Set<Long> unacknowledged = new HashSet<>(stored);
    unacknowledged.removeAll(acknowledged);
    assertThat(lost).as("acknowledged creates missing from the database").isEmpty();
    // A commit the database stored just before the restart cut its connection cannot be told from one it
    // did not store: such a create must have been answered as of unknown outcome, never as refused.
    Set<String> outcomeUnknown = new HashSet<>();
    answers.stream().filter(a -> a.status() == 503 && "unknown".equals(new Reply(503, null, a.body()).map().get("outcome")))
        .forEach(a -> outcomeUnknown.add(a.title()));
    for (Long id : unacknowledged) {
      assertThat(outcomeUnknown).as("stored row %d was refused without saying its outcome was unknown", id)
          .contains(storedTitles.get(id));
    }
  }
}
