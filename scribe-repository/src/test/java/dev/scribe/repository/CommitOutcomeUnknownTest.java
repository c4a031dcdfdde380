package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.Scribe;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that breaks during the commit itself (as when the database restarts between storing a
 * commit and answering it) leaves the outcome unknown: the unit fails with
 * {@link CommitOutcomeUnknownException}, and neither its after-commit nor its after-rollback actions nor
 * its after-commit events run, whichever way the database decided.
 */
class CommitOutcomeUnknownTest {
  private final AtomicBoolean breakAfterCommit = new AtomicBoolean();
  private final AtomicBoolean breakBeforeCommit = new AtomicBoolean();
  private final List<Object> published = new ArrayList<>();
  private JdbcDataSource h2;
  private DataStore store;
  private TaskRepository tasks;

  @BeforeEach
  void open() {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:commit_outcome;DB_CLOSE_DELAY=-1");
    store = DataStore.builder(Scribe.create()).dataSource(breakingCommits(h2)).schemaAction("create-drop")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
    store.events().register(new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        published.add(event);
      }
    });
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aCommitStoredBeforeItsConnectionBrokeIsReportedAsUnknownAndRunsNoActionOrEvent() throws SQLException {
    List<String> ran = new ArrayList<>();
    breakAfterCommit.set(true);

    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      tasks.create(params("title", "stored after all"));
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.afterCommit(() -> ran.add("after commit"));
      unit.afterRollback(() -> ran.add("after rollback"));
      return null;
    }));

    assertThat(failure).isInstanceOf(CommitOutcomeUnknownException.class)
        .hasMessageContaining("may or may not have been stored");
    assertThat(((DatabaseUnavailableException) failure).saturated()).isFalse();
    assertThat(DatabaseUnavailableException.in(failure)).isSameAs(failure);
    assertThat(count()).as("the database did commit").isEqualTo(1);
    assertThat(ran).as("neither kind of action runs: each would be wrong one way").isEmpty();
    assertThat(published).isEmpty();
  }

  @Test
  void aCommitLostBeforeTheDatabaseSawItIsReportedTheSameWay() throws SQLException {
    breakBeforeCommit.set(true);

    Throwable failure = catchThrowable(() -> tasks.create(params("title", "never stored")));

    assertThat(failure).isInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(count()).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aConnectionLostBeforeTheCommitIsAPlainRollback() throws SQLException {
    List<String> ran = new ArrayList<>();

    Throwable failure = catchThrowable(() -> store.inTransaction(() -> {
      tasks.create(params("title", "rolled back"));
      store.currentUnitOfWork().orElseThrow().afterRollback(() -> ran.add("after rollback"));
      throw new org.hibernate.exception.JDBCConnectionException("connection reset",
          new SQLNonTransientConnectionException("connection reset", "08006"));
    }));

    assertThat(failure).isInstanceOf(DatabaseUnavailableException.class)
        .isNotInstanceOf(CommitOutcomeUnknownException.class);
    assertThat(ran).containsExactly("after rollback");
    assertThat(count()).isZero();
  }

  private long count() throws SQLException {
    try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("select count(*) from Task")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** {@code dataSource}, whose connections' commit breaks once after (or before) committing when asked to. */
  private DataSource breakingCommits(DataSource dataSource) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(dataSource, method, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (connectionProxy, call, callArgs) -> {
                if (call.getName().equals("commit") && breakBeforeCommit.getAndSet(false)) {
                  connection.rollback();
                  throw new SQLNonTransientConnectionException("connection reset before the commit", "08006");
                }
                Object answer = invoke(connection, call, callArgs);
                if (call.getName().equals("commit") && breakAfterCommit.getAndSet(false)) {
                  throw new SQLNonTransientConnectionException("terminating connection due to administrator command", "57P01");
                }
                return answer;
              });
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
