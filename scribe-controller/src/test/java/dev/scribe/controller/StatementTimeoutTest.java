package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A statement the database cancels after its statement timeout (PostgreSQL's {@code statement_timeout}, H2's
 * {@code QUERY_TIMEOUT}, both SQL state 57014) — a timeout an administrator set on the database or the role, often
 * shorter than the lock timeout — is a 503 with {@code Retry-After} that wrote nothing, not a 500: the request
 * can be sent again once the database is less busy or the lock it waited for is gone.
 */
class StatementTimeoutTest {
  private static final int TIMEOUT_MILLIS = 400;

  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void aStatementCanceledByTheStatementTimeoutIs503AndWritesNothing() throws Exception {
    Scribe scribe = Scribe.create();
    try (DataStore store = DB.storeBuilder(scribe).jdbcUrl(withStatementTimeout()).entities(Task.class, Subtask.class)
        .build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      scribe.tier(RepositoryTier.TIER).on("preSave", args -> {
        if ("slow".equals(args.params().get("title"))) {
          store.currentUnitOfWork().orElseThrow().entityManager().createNativeQuery(DB.isPostgres()
              ? "select pg_sleep(5)" : "select sum(x) from system_range(1, 100000000000)").getResultList();
        }
      });
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> slow = send(server, "POST", "/tasks", "{\"title\":\"slow\"}");

        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(503);
        assertThat(slow.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(slow.headers().firstValue("Retry-After")).hasValue("1");
        assertThat((String) new Reply(503, slow.headers(), slow.body()).map().get("detail")).isEqualTo(
            "the database canceled a statement of this request (its statement timeout ran out, or an administrator"
                + " canceled it); nothing was written; retry in 1 s");
        assertThat(DB.count("http_tasks")).isZero();
        assertThat(send(server, "POST", "/tasks", "{\"title\":\"quick\"}").statusCode()).isEqualTo(201);
      }
    }
  }

  /**
   * Another session holds a row lock longer than the statement timeout, which is shorter than the lock timeout:
   * the update's wait for the row is canceled as a statement, and the answer is the same 503.
   */
  @Test
  void anUpdateWaitingForARowLockPastTheStatementTimeoutIs503AndChangesNothing() throws Exception {
    assumeTrue(DB.isPostgres(), "H2 ends a row-lock wait with its lock timeout only; run with -Ppostgres");
    Scribe scribe = Scribe.create();
    try (DataStore store = DB.storeBuilder(scribe).jdbcUrl(withStatementTimeout()).entities(Task.class, Subtask.class)
        .lockTimeout(Duration.ofSeconds(5)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> created = send(server, "POST", "/tasks", "{\"title\":\"locked\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = ((Number) new Reply(201, created.headers(), created.body()).map().get("id")).longValue();

        HttpResponse<String> waited;
        try (Connection holder = DB.connection(); Statement statement = holder.createStatement()) {
          holder.setAutoCommit(false);
          statement.execute("select id from http_tasks where id = " + id + " for update");
          waited = send(server, "PATCH", "/tasks/" + id, "{\"title\":\"changed\"}");
          holder.rollback();
        }

        assertThat(waited.statusCode()).as(waited.body()).isEqualTo(503);
        assertThat(waited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(DB.rows("http_tasks")).extracting(row -> row.get("title")).containsExactly("locked");
        HttpResponse<String> after = send(server, "PATCH", "/tasks/" + id, "{\"title\":\"changed\"}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      }
    }
  }

  private static String withStatementTimeout() {
    return DB.isPostgres() ? DB.jdbcUrl() + "&options=-c%20statement_timeout%3D" + TIMEOUT_MILLIS
        : DB.jdbcUrl() + ";QUERY_TIMEOUT=" + TIMEOUT_MILLIS;
  }

  private HttpResponse<String> send(ScribeServer server, String method, String path, String json) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
