package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 database that closed under the store (H2 closes a file database it can no longer write,
 * a full disk for one, and on {@code SHUTDOWN}) is opened again by the next units of work: the pooled
 * connections to the closed database are dropped instead of failing every later unit with a 503.
 */
class ClosedDatabaseRecoveryTest {
  @TempDir
  Path directory;

  private DataStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void unitsAfterTheDatabaseClosedOpenItAgain() {
    store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:file:" + directory.resolve("tasks")).username("sa")
        .password("").poolSize(4).connectionWait(Duration.ofSeconds(2)).schemaAction("update")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    TaskRepository tasks = store.register(new TaskRepository());
    tasks.create(params("title", "before the close"));
    // Every pooled connection has been used, so that each of them is one to the database that closes.
    for (int i = 0; i < 4; i++) {
      store.inTransaction(() -> tasks.count(new Query(), CallOptions.none()));
    }

    // the unit that shuts the database down cannot end cleanly on it: whatever it throws is not the point
    catchThrowable(() -> store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
        .createNativeQuery("SHUTDOWN").executeUpdate()));

    int unavailable = 0;
    long count = -1;
    for (int attempt = 0; attempt < 10 && count < 0; attempt++) {
      Throwable failure = catchThrowable(() -> tasks.create(params("title", "after the close")));
      if (failure == null) {
        count = store.inTransaction(() -> tasks.count(new Query(), CallOptions.none()));
      } else {
        assertThat(failure).isInstanceOf(DatabaseUnavailableException.class);
        unavailable++;
      }
    }
    assertThat(count).as("a create after the database closed, within 10 attempts").isEqualTo(2);
    assertThat(unavailable).as("answered 503 meanwhile").isLessThanOrEqualTo(4);
  }

  @Test
  void aDatabaseErrorCausedByAFailedWriteIsUnavailableNotAnUnexpectedFailure() {
    java.io.IOException full = new java.io.IOException("No space left on device");
    java.sql.SQLException general = new java.sql.SQLException("General error: writing failed", "HY000", 50000, full);
    RuntimeException thrown = new org.hibernate.TransactionException("Unable to commit against JDBC Connection", general);

    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(thrown);

    assertThat(unavailable).isNotNull();
    assertThat(unavailable.saturated()).isFalse();
    assertThat(unavailable.getMessage()).startsWith("the database cannot write (its disk may be full)");
    // an I/O error that no database error wraps (a client that went away mid-upload) is not the database's
    assertThat(DatabaseUnavailableException.in(new java.io.UncheckedIOException(full))).isNull();
  }

  @Test
  void aDatabaseClosedByItsFullDiskCannotWriteItIsNotUnreachable() {
    // What a unit met on the demo's full disk once H2 had closed its file: Hibernate's connection error over H2's
    // "database has been closed" over the storage error of the failed write. It was answered "the database cannot be
    // reached or is restarting", as a connection a network cut is.
    java.io.IOException full = new java.io.IOException("No space left on device");
    Throwable store = org.h2.mvstore.DataUtils.newMVStoreException(2, "Writing to {0} failed; length {1} at {2}",
        "/data/tracker.mv.db", 8192, 3133440, full);
    java.sql.SQLException closed = new org.h2.jdbc.JdbcSQLNonTransientConnectionException(
        "The database has been closed [90098-232]", null, "90098", 90098, store, null);
    RuntimeException thrown = new org.hibernate.exception.JDBCConnectionException("could not prepare statement", closed);

    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(thrown);

    assertThat(unavailable).isNotNull();
    assertThat(unavailable.getMessage()).startsWith("the database cannot write (its disk may be full)");
  }

  @Test
  void aConnectionCutUnderAServersConnectionErrorCannotBeReachedItsDiskIsNotFull() {
    // PostgreSQL's driver, when the network or a proxy closes its socket (LostServerConnectionTest, -Ppostgres)
    java.sql.SQLException cut = new java.sql.SQLException("An I/O error occurred while sending to the backend.",
        "08006", new java.io.EOFException());

    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(
        new org.hibernate.exception.JDBCConnectionException("could not execute statement", cut));

    assertThat(unavailable.getMessage()).startsWith("the database cannot be reached or is restarting");
  }

  @Test
  void aServerThatRefusesConnectionsCannotBeReachedItsDiskIsNotFull() {
    java.sql.SQLException refused = new java.sql.SQLException("Connection to 127.0.0.1:5432 refused", "08001",
        new java.net.ConnectException("Connection refused"));

    DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(
        new org.hibernate.exception.JDBCConnectionException("Unable to acquire JDBC Connection", refused));

    assertThat(unavailable.getMessage()).startsWith("the database cannot be reached or is restarting");
  }
}
