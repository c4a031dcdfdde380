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
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write that takes no lock of its own — a create, whose INSERT waits for a lock another session holds on the
 * table (an administrator's {@code LOCK TABLE}, a migration) — is bounded by the store's lock timeout like a row
 * lock: a 409 that wrote nothing, not a request that waits as long as the other session keeps its lock. A read that
 * waits the same way is a 503 with {@code Retry-After}: it conflicts with nothing. Runs in the {@code -Ppostgres} run.
 */
class TableLockTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aCreateWaitingForATableLockIsAnswered409AfterTheLockTimeout() throws Exception {
    assumeTrue(DB.isPostgres(), "holds a table lock in another PostgreSQL session; run with -Ppostgres");
    try (DataStore store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class)
        .lockTimeout(Duration.ofMillis(500)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> warm = post(server, "{\"title\":\"before\"}");
        assertThat(warm.statusCode()).as(warm.body()).isEqualTo(201);

        HttpResponse<String> waited;
        try (Connection holder = DB.connection(); Statement statement = holder.createStatement()) {
          holder.setAutoCommit(false);
          statement.execute("lock table http_tasks in share mode");  // reads go on, writes wait
          try {
            waited = post(server, "{\"title\":\"during\"}");
          } finally {
            holder.rollback();
          }
        }

        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(409);
        assertThat(waited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new Reply(409, waited.headers(), waited.body()).map()).containsEntry("detail", "a record or key this"
            + " request needed was locked by another request for more than 500 ms; nothing was written, retry the request");
        assertThat(DB.rows("http_tasks")).extracting(row -> row.get("title")).containsExactly("before");
        assertThat(post(server, "{\"title\":\"after\"}").statusCode()).isEqualTo(201);
      }
    }
  }

  @Test
  void aReadWaitingForATableLockIsAnswered503WithRetryAfterAndRecoversOnceTheLockGoes() throws Exception {
    assumeTrue(DB.isPostgres(), "holds a table lock in another PostgreSQL session; run with -Ppostgres");
    try (DataStore store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class)
        .lockTimeout(Duration.ofMillis(500)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> created = post(server, "{\"title\":\"read me\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> waited;
        try (Connection holder = DB.connection(); Statement statement = holder.createStatement()) {
          holder.setAutoCommit(false);
          statement.execute("lock table http_tasks in access exclusive mode");  // a migration: reads wait too
          try {
            waited = get(server, location);
          } finally {
            holder.rollback();
          }
        }

        // Nothing is wrong with the read, and nothing about the record conflicts with it: the server is busy, and
        // the same GET succeeds later (it was a 409 "conflict" without Retry-After, which clients do not retry).
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(503);
        assertThat(waited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(waited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new Reply(503, waited.headers(), waited.body()).map()).containsEntry("detail", "the data this read"
            + " needed was locked by another session (a long write, a LOCK TABLE, a migration) for longer than the"
            + " lock timeout; it changed nothing: send it again; retry in 1 s");
        assertThat(get(server, location).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void aWriteWaitingForARowLockIsAnswered409WithRetryAfter() throws Exception {
    try (DataStore store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class)
        .lockTimeout(Duration.ofMillis(300)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> created = post(server, "{\"title\":\"held\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> waited;
        try (Connection holder = DB.connection(); Statement statement = holder.createStatement()) {
          holder.setAutoCommit(false);
          statement.executeQuery("select id from http_tasks for update").close();  // another request's write
          try {
            waited = patch(server, location, "{\"title\":\"waited\"}");
          } finally {
            holder.rollback();
          }
        }

        // the write conflicts with another write (a 409, as documented), and the same write succeeds once the other
        // ends: Retry-After says when to send it again, as on the 503 of a read that waited the same way
        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(409);
        assertThat(waited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new Reply(409, waited.headers(), waited.body()).map()).containsEntry("detail", "a record or key this"
            + " request needed was locked by another request for more than 300 ms; nothing was written, retry the request");
        assertThat(patch(server, location, "{\"title\":\"after\"}").statusCode()).isEqualTo(200);
      }
    }
  }

  private HttpResponse<String> patch(ScribeServer server, String path, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(6))
        .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(ScribeServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(6)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(ScribeServer server, String json) throws Exception {
    // Far below how long the other session would hold its lock: without a bound the create would wait it out.
    return client.send(HttpRequest.newBuilder(server.uri().resolve("/tasks")).timeout(Duration.ofSeconds(6))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
