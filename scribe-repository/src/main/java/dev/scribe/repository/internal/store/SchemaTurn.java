package dev.scribe.repository.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Instances of an application that start at once on one PostgreSQL database take turns at Hibernate's
 * schema action: each holds a transaction advisory lock, on a connection of its own, while its session
 * factory creates or updates the tables (the lock ends with that transaction, whatever happens to the
 * connection after), so the second finds what the first created instead of running the same DDL at the same time
 * (which PostgreSQL refuses as duplicates, logged by Hibernate as warnings with stack traces). Nothing is
 * taken on other databases, for a schema action that writes nothing, for an application's own data source,
 * or when no connection can be had.
 */
final class SchemaTurn implements AutoCloseable {
  private static final Set<String> WRITING_ACTIONS = Set.of("create", "create-drop", "create-only", "drop", "update");
  /** The advisory lock's key: one for every Scribe store, whatever its schema ("scribe.schema" as a number). */
  private static final long KEY = 0x736372696265L;
  private static final SchemaTurn NONE = new SchemaTurn(null);

  private final Connection connection;

  private SchemaTurn(Connection connection) {
    this.connection = connection;
  }

  /**
   * The turn of a store on {@code jdbcUrl}, on a connection outside its pool (the pool may have one
   * connection, which the schema action needs); none for a store on the application's own data source.
   */
  static SchemaTurn take(String jdbcUrl, String username, String password, String schemaAction) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:") || schemaAction == null
        || !WRITING_ACTIONS.contains(schemaAction)) {
      return NONE;
    }
    Connection connection = null;
    try {
      java.util.Properties credentials = new java.util.Properties();
      if (username != null) {
        credentials.setProperty("user", username);
      }
      if (password != null) {
        credentials.setProperty("password", password);
      }
      connection = java.sql.DriverManager.getConnection(jdbcUrl, credentials);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // a turn waits at most two minutes: past that the schema action runs anyway, as it did without turns
        statement.execute("set local lock_timeout = '120s'");
        statement.execute("select pg_advisory_xact_lock(" + KEY + ")");
      }
      return new SchemaTurn(connection);
    } catch (SQLException e) {
      // Without the turn the schema action still runs, as it did before; its own errors are reported by it.
      closeQuietly(connection);
      return NONE;
    }
  }

  /** Ends the turn: the transaction rolls back, and its lock goes with it. */
  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        connection.close();
      } catch (SQLException ignored) {
        // nothing was written on it
      }
    }
  }
}
