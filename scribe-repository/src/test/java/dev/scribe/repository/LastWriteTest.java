package dev.scribe.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link UnitOfWork#commitWith} promises: the writes go last, after the before-commit listeners' own
 * writes and the commit's flush, in the order registered, only the last may commit; a failure of one fails
 * the unit of work as a failed commit does.
 */
class LastWriteTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  DataStore store;
  TaskRepository tasks;
  final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theWritesGoAfterTheListenersWritesAndTheCommitsFlushInOrderTheLastOneMayCommit() {
    long tasksBefore = DB.count("Task");
    long auditBefore = DB.count("AuditEntry");
    store.addBeforeCommitListener((unit, writes) -> {
      unit.commitWith((connection, mayCommit) -> seen.add("first " + mayCommit + " "
          + (count(connection, "Task") - tasksBefore) + " " + (count(connection, "AuditEntry") - auditBefore)));
      // persisted after the last writes were registered, sent by the commit's flush: still before them
      writes.forEach(write -> unit.entityManager().persist(new AuditEntry("audit " + write.id())));
      unit.commitWith((connection, mayCommit) -> seen.add("second " + mayCommit));
    });

    store.inTransaction(() -> {
      tasks.create(Map.of("title", "one"));
      tasks.create(Map.of("title", "two"));
      return null;
    });

    assertThat(seen).containsExactly("first false 2 2", "second true");
    assertThat(DB.count("Task") - tasksBefore).isEqualTo(2);
    assertThat(DB.count("AuditEntry") - auditBefore).isEqualTo(2);
  }

  @Test
  void aFailingLastWriteFailsTheUnitOfWorkWithItsErrorRollsItBackAndRunsNoAfterCommitAction() {
    long tasksBefore = DB.count("Task");
    store.addBeforeCommitListener((unit, writes) -> unit.commitWith((connection, mayCommit) -> {
      if (writes.get(0).snapshot().get("title").equals("refused")) {
        throw new SQLException("the last write is refused", "23514");
      }
    }));

    Throwable thrown = catchThrowable(() -> store.inTransaction(() -> {
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.afterCommit(() -> seen.add("committed"));
      unit.afterRollback(() -> seen.add("rolled back"));
      return tasks.create(Map.of("title", "refused"));
    }));

    assertThat(thrown).isNotNull();
    assertThat(thrown).satisfies(failure -> {
      StringBuilder causes = new StringBuilder();
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        causes.append(cause.getMessage()).append('\n');
      }
      assertThat(causes.toString()).contains("the last write is refused");
    });
    assertThat(seen).containsExactly("rolled back");
    assertThat(DB.count("Task")).isEqualTo(tasksBefore);
    // the store goes on
    tasks.create(Map.of("title", "later"));
    assertThat(DB.count("Task")).isEqualTo(tasksBefore + 1);
  }

  @Test
  void noneIsSentForAUnitOfWorkThatRollsBackAndANullOrLateOneIsRefused() {
    store.inTransaction(() -> {
      tasks.create(Map.of("title", "discarded"));
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.commitWith((connection, mayCommit) -> seen.add("sent"));
      unit.setRollbackOnly();
      return null;
    });
    assertThat(seen).isEmpty();

    AtomicReference<UnitOfWork> ended = new AtomicReference<>();
    store.inTransaction(() -> {
      ended.set(store.currentUnitOfWork().orElseThrow());
      assertThatThrownBy(() -> ended.get().commitWith(null)).isInstanceOf(UsageException.class)
          .hasMessageContaining("commitWith(null)");
      return null;
    });
    assertThatThrownBy(() -> ended.get().commitWith((connection, mayCommit) -> { }))
        .isInstanceOf(UsageException.class).hasMessageContaining("has ended");
  }

  private static long count(java.sql.Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
