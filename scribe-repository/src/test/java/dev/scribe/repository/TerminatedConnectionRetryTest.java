package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.repository.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pooled connection whose server process was terminated (an administrator, a failover, a proxy) is handed
 * out again without a check when it was used less than the pool's alive-bypass window ago. A unit of work
 * whose first statement fails on such a connection runs once more on another; a unit that already had a
 * statement succeed on it, or that sent its COMMIT, is not run again. Runs on PostgreSQL ({@code -Ppostgres}); on
 * H2 a database that closed itself is met by one run only, as before.
 */
class TerminatedConnectionRetryTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private final String application = "scribe_retry_" + UUID.randomUUID().toString().substring(0, 8);
  private DataStore store;
  private TaskRepository tasks;

  private void open() {
    Assumptions.assumeTrue(DB.isPostgres(), "terminates the server processes of the pool; run with -Ppostgres");
    store = DB.storeBuilder(Scribe.create()).jdbcUrl(DB.jdbcUrl() + "&ApplicationName=" + application)
        .poolSize(1).connectionWait(Duration.ofSeconds(5))
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
    tasks.create(params("title", "before the termination"));
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aReadWhoseFirstStatementMeetsATerminatedConnectionRunsOnceMoreAndAnswers() throws SQLException {
    open();
    AtomicInteger runs = new AtomicInteger();
    terminateThePool();

    long count = store.inTransaction(() -> {
      runs.incrementAndGet();
      return tasks.count(new Query(), CallOptions.none());
    });

    assertThat(count).isEqualTo(1);
    assertThat(runs).as("run once more on a fresh connection").hasValue(2);
    assertThat(tasks.count(new Query(), CallOptions.none())).as("the dead connection left the pool").isEqualTo(1);
  }

  @Test
  void aWriteWhoseFirstStatementMeetsATerminatedConnectionIsWrittenOnce() throws SQLException {
    open();
    terminateThePool();

    tasks.create(params("title", "after the termination"));

    assertThat(DB.count("Task")).isEqualTo(2);
  }

  @Test
  void aWriteWhoseConnectionDiesAfterAStatementSucceededIsNotRunAgain() {
    open();
    AtomicInteger runs = new AtomicInteger();

    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      runs.incrementAndGet();
      tasks.count(new Query(), CallOptions.none());
      terminateThePoolQuietly();
      tasks.create(params("title", "after the termination"));
      return tasks.count(new Query(), CallOptions.none());
    }));

    assertThat(DatabaseUnavailableException.in(failure)).as("%s", failure).isNotNull();
    assertThat(failure).isNotInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(runs).hasValue(1);
    assertThat(DB.count("Task")).isEqualTo(1);
  }

  @Test
  void aWriteWhoseConnectionDiesBeforeItsCommitStillReportsTheOutcomeUnknown() {
    open();
    AtomicInteger runs = new AtomicInteger();

    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      runs.incrementAndGet();
      tasks.create(params("title", "at the commit"));
      long count = tasks.count(new Query(), CallOptions.none());  // sends the INSERT before the count
      terminateThePoolQuietly();
      return count;
    }));

    assertThat(failure).as("%s", failure).isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(runs).hasValue(1);
    assertThat(DB.count("Task")).as("the server rolled the unit back").isEqualTo(1);
  }

  @Test
  void onH2ADatabaseThatClosedItselfIsMetByOneRunAsBefore(@TempDir Path directory) {
    Assumptions.assumeFalse(DB.isPostgres(), "H2's own closed database");
    store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:file:" + directory.resolve("tasks")).username("sa")
        .password("").poolSize(1).connectionWait(Duration.ofSeconds(2)).schemaAction("update")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
    tasks.create(params("title", "before the close"));
    AtomicInteger shutdowns = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();

    catchThrowable(() -> store.inTransaction(() -> {
      shutdowns.incrementAndGet();
      return store.currentUnitOfWork().orElseThrow().entityManager().createNativeQuery("SHUTDOWN").executeUpdate();
    }));
    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      reads.incrementAndGet();
      return tasks.count(new Query(), CallOptions.none());
    }));

    assertThat(failure).as("%s", failure).isNull();
    assertThat(shutdowns).hasValue(1);
    assertThat(reads).hasValue(1);
  }

  private void terminateThePoolQuietly() {
    try {
      terminateThePool();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates this store's server processes and waits until they are gone. */
  private void terminateThePool() throws SQLException {
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
