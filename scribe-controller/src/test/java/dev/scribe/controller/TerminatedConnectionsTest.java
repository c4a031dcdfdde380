package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Scribe;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Right after the server processes of the pool's connections were terminated (an administrator's
 * {@code pg_terminate_backend}, a failover), a burst of reads is answered 200: each request whose first
 * statement met a dead pooled connection runs once more on a live one instead of answering 503. Runs in the
 * {@code -Ppostgres} run.
 */
class TerminatedConnectionsTest {
  private static final int BURST = 8;

  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private final String application = "scribe_http_retry_" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aBurstOfReadsRightAfterThePoolsBackendsWereTerminatedIsAnswered200() throws Exception {
    assumeTrue(DB.isPostgres(), "terminates the server processes of the pool; run with -Ppostgres");
    try (DataStore store = DB.storeBuilder(Scribe.create()).jdbcUrl(DB.jdbcUrl() + "&ApplicationName=" + application)
        .entities(Task.class, Subtask.class).poolSize(4).connectionWait(Duration.ofSeconds(5)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      tasks.create(Map.of("title", "stored before"));
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        burst(client, server);  // every pooled connection used just now, inside the pool's alive-bypass window
        terminateThePool();

        List<HttpResponse<String>> answers = burst(client, server);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
      }
    }
  }

  /**
   * The bearer token of each request is looked up on a connection of the pool's own, outside the request's unit of
   * work, and that lookup was not run again when its statement met a terminated connection: right after the pool's
   * backends were terminated, a burst of reads sent with a token was answered 503 ("the identity store failed:
   * FATAL: terminating connection due to administrator command") where the same burst without one was 200.
   */
  @Test
  void aBurstOfReadsWithABearerTokenRightAfterThePoolsBackendsWereTerminatedIsAnswered200() throws Exception {
    assumeTrue(DB.isPostgres(), "terminates the server processes of the pool; run with -Ppostgres");
    try (DataStore store = DB.storeBuilder(Scribe.create()).jdbcUrl(DB.jdbcUrl() + "&ApplicationName=" + application)
        .entities(Task.class, Subtask.class).poolSize(4).connectionWait(Duration.ofSeconds(5)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      tasks.create(Map.of("title", "stored before"));
      IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ZERO).build();
      String token = identities.issue(identities.register("ada", "a long enough password", Set.of())).token();
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks))
          .auth(new AuthController(store, identities)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        burst(client, server, token); // every pooled connection used just now, inside the pool's alive-bypass window
        terminateThePool();

        List<HttpResponse<String>> answers = burst(client, server, token);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
      }
    }
  }

  /**
   * A registration whose insert met a connection the database had terminated looked the name up again on that
   * connection, to tell a taken name from another failure; HikariCP had closed it by then, and its
   * "Connection is closed", which carries no SQL state, replaced the termination: the failure was not known for the
   * database's, and {@code POST /auth/register} answered 500 (seen on the demo when the backends were terminated
   * between the registration's throttle check and its insert). Now the lookup is not made on a lost connection, and
   * the insert, refused as the first statement of its call, runs again on a live connection.
   */
  @Test
  void aRegistrationWhoseInsertMeetsATerminatedConnectionIsRunAgainOnALiveOne() throws Exception {
    assumeTrue(DB.isPostgres(), "terminates the server processes of the pool; run with -Ppostgres");
    try (DataStore store = DB.storeBuilder(Scribe.create()).jdbcUrl(DB.jdbcUrl() + "&ApplicationName=" + application)
        .entities(Task.class, Subtask.class).poolSize(1).connectionWait(Duration.ofSeconds(5)).build()) {
      IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
      String name = "ada" + UUID.randomUUID().toString().substring(0, 8);
      identities.register(name + "-first", "a long enough password", Set.of()); // the one connection, just used
      terminateThePool();

      dev.scribe.core.User registered = identities.register(name, "a long enough password", Set.of());

      assertThat(identities.findByName(name)).as("the account was stored").map(dev.scribe.core.User::id)
          .hasValue(registered.id());
    }
  }

  private static List<HttpResponse<String>> burst(HttpClient client, ScribeServer server) {
    return burst(client, server, null);
  }

  private static List<HttpResponse<String>> burst(HttpClient client, ScribeServer server, String token) {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/tasks")).timeout(Duration.ofSeconds(30));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      sent.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  /** Terminates this store's server processes and waits until they are gone. */
  private void terminateThePool() throws Exception {
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
      try (PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
        terminate.setString(1, application);
        terminate.executeQuery().close();
      }
      try (PreparedStatement left = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
        left.setString(1, application);
        for (int poll = 0; poll < 200; poll++) {
          try (ResultSet rows = left.executeQuery()) {
            rows.next();
            if (rows.getLong(1) == 0) {
              return;
            }
          }
          Thread.onSpinWait();
        }
      }
    }
  }
}
