package dev.scribe.controller.auth;

import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.repository.internal.store.SentStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

/**
 * The tables of an {@link IdentityStore} and the one way it uses them: each call on its own connection from
 * the data store's pool, committed at once.
 */
final class IdentityDatabase {
  private static final String[] SCHEMA = {
      "create table if not exists scribe_users (id varchar(36) primary key, name varchar(64) not null,"
          + " name_key varchar(64) not null unique, password_hash varchar(72) not null, roles varchar(1000) not null,"
          + " created_at bigint not null)",
      "create table if not exists scribe_tokens (token_hash varchar(64) primary key, user_id varchar(36) not null,"
          + " issued_at bigint not null, expires_at bigint not null, revoked_at bigint)",
      "create index if not exists scribe_tokens_user on scribe_tokens (user_id)",
      "create table if not exists scribe_auth_failures (subject varchar(200) not null, failed_at bigint not null)",
      "create index if not exists scribe_auth_failures_subject on scribe_auth_failures (subject, failed_at)",
  };

  /** The most runs of one call whose first statements met terminated connections, each evicted as it failed. */
  private static final int MAX_RUNS = 16;

  private final ConnectionProvider connections;
  /** True once the data store is closed, whose pool then refuses connections with Hibernate's "Provider is closed". */
  private final BooleanSupplier closed;

  IdentityDatabase(ConnectionProvider connections, BooleanSupplier closed) {
    this.connections = connections;
    this.closed = closed;
  }

  void createTables() {
    run(connection -> {
      try (Statement statement = connection.createStatement()) {
        for (String sql : SCHEMA) {
          statement.execute(sql);
        }
      }
      return null;
    });
  }

  <T> T run(SqlWork<T> work) {
    if (closed.getAsBoolean()) {
      throw new UsageException("the DataStore of this IdentityStore is closed; it keeps the accounts and tokens, so"
          + " nothing can be registered, verified, issued or revoked any more. Build the IdentityStore on an open"
          + " DataStore");
    }
    TerminatedAtFirstStatement previous = null;
    for (int run = 1; ; run++) {
      try {
        return runOnce(work);
      } catch (TerminatedAtFirstStatement dead) {
        // The pool hands out a connection used within the last half second without validating it, so right after the
        // database terminated its processes each pooled connection fails once, and is evicted: the call, which ran
        // nothing, runs again on another, until a live one (or a new one) takes it.
        if (previous != null) {
          dead.failure.addSuppressed(previous.failure);
        }
        if (run == MAX_RUNS) {
          throw dead.failure;
        }
        previous = dead;
      }
    }
  }

  /**
   * One run of {@code work} on a connection of its own. A first statement refused because the database terminated
   * the connection's process (PostgreSQL's 57P01, read as the answer to that statement, which therefore did not run)
   * is a {@link TerminatedAtFirstStatement}: the call can run again, as a unit of work does. A connection cut while a
   * statement was sent (08xxx) is not: in auto-commit that statement may have been committed.
   */
  private <T> T runOnce(SqlWork<T> work) {
    Connection connection;
    try {
      connection = connections.getConnection();
    } catch (SQLException e) {
      throw new ScribeException("the identity store cannot get a database connection: " + e.getMessage(), e);
    }
    SentStatements sent = SentStatements.of(connection);
    long settled = -1;
    Boolean autoCommit = null;
    try {
      autoCommit = connection.getAutoCommit();
      if (!autoCommit) {
        connection.setAutoCommit(true);
      }
      settled = sent == null ? -1 : sent.calls();
      return work.run(connection);
    } catch (SQLException e) {
      ScribeException failure = new ScribeException("the identity store failed: " + e.getMessage(), e);
      // prepared, not yet run, counts as the one statement: the work's first statement is the one that failed
      boolean atFirst = settled >= 0 && sent.calls() - settled <= 1;
      if (atFirst && "57P01".equals(e.getSQLState())) {
        throw new TerminatedAtFirstStatement(failure);
      }
      throw failure;
    } finally {
      try {
        if (Boolean.FALSE.equals(autoCommit)) {
          connection.setAutoCommit(false);
        }
      } catch (SQLException ignored) {
        // the connection is handed back either way; the pool validates it
      } finally {
        try {
          connections.closeConnection(connection);
        } catch (SQLException ignored) {
          // nothing left to do with a connection that cannot be returned
        }
      }
    }
  }

  /** A call whose first statement met a terminated connection; it may run again on another. */
  private static final class TerminatedAtFirstStatement extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ScribeException failure;

    TerminatedAtFirstStatement(ScribeException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /** True when {@code e} says the connection is gone: terminated by the database (57P01) or broken (08xxx). */
  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.equals("57P01") || state.startsWith("08"));
  }

  static boolean isUniqueViolation(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException && "23505".equals(((SQLException) cause).getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
