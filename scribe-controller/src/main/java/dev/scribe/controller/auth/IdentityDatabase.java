package dev.scribe.controller.auth;

import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
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
    Connection connection;
    try {
      connection = connections.getConnection();
    } catch (SQLException e) {
      throw new ScribeException("the identity store cannot get a database connection: " + e.getMessage(), e);
    }
    Boolean autoCommit = null;
    try {
      autoCommit = connection.getAutoCommit();
      if (!autoCommit) {
        connection.setAutoCommit(true);
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw new ScribeException("the identity store failed: " + e.getMessage(), e);
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
