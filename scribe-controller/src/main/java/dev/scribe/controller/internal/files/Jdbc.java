package dev.scribe.controller.internal.files;

import dev.scribe.core.ScribeException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.hibernate.Session;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/** The JDBC connection of a unit of work, for the attachment tables that Hibernate does not map. */
public final class Jdbc {
  private Jdbc() {}

  /** The connection of {@code unit}'s transaction: what is done on it commits or rolls back with the unit. */
  static Connection connection(UnitOfWork unit) {
    return unit.entityManager().unwrap(Session.class).doReturningWork(connection -> connection);
  }

  /**
   * Runs DDL ({@code create table if not exists ...}) on a connection of its own and commits it: DDL would
   * commit a unit of work's transaction on H2, so it never runs inside one. {@code blobType} in a statement is
   * replaced by the database's binary type.
   */
  static void createTables(DataStore store, String... statements) {
    ConnectionProvider provider = store.sessionFactory().unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .getService(ConnectionProvider.class);
    try {
      Connection connection = provider.getConnection();
      try {
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          for (String sql : statements) {
            statement.execute(sql.replace("{blob}", postgres ? "bytea" : "blob"));
          }
        } finally {
          connection.setAutoCommit(auto);
        }
      } finally {
        provider.closeConnection(connection);
      }
    } catch (SQLException e) {
      throw new ScribeException("the attachment tables could not be created: " + e.getMessage()
          + "; the database user needs the right to create tables, or create them from docs/files.md", e);
    }
  }

  /** Work on a connection of the store's pool outside any unit of work, given back afterwards. */
  interface ConnectionWork {
    void run(Connection connection) throws SQLException;
  }

  static void withConnection(DataStore store, ConnectionWork work) {
    ConnectionProvider provider = store.sessionFactory().unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .getService(ConnectionProvider.class);
    try {
      Connection connection = provider.getConnection();
      try {
        work.run(connection);
      } finally {
        provider.closeConnection(connection);
      }
    } catch (SQLException e) {
      throw new ScribeException("the attachment rows of " + AttachmentTable.TABLE + " could not be read: " + e.getMessage(), e);
    }
  }

  /** True for a unique-key violation (SQLState class 23, code 23505). */
  static boolean uniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }
}
