package dev.scribe.outbox.internal.consume;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * De-duplication in a plain JDBC database: one transaction per message. Messages are handled one at a time,
 * so one connection of the data source is kept between them (opening one per message would cost more than
 * the message) and replaced when it breaks.
 */
public final class JdbcDeduplication implements Deduplication {
  private final DataSource dataSource;
  private final String table;
  private Connection connection;

  public JdbcDeduplication(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  @Override
  public void createTable() {
    try (Connection ddl = dataSource.getConnection(); Statement statement = ddl.createStatement()) {
      ddl.setAutoCommit(true);
      statement.execute(Deduplication.ddl(table));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the processed-messages table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean once(String consumer, String messageId, Effect effect) throws Exception {
    Connection jdbc = connection();
    try {
      try (PreparedStatement insert = jdbc.prepareStatement(Deduplication.insert(table))) {
        insert.setString(1, consumer);
        insert.setString(2, messageId);
        insert.executeUpdate();
      } catch (SQLException e) {
        if (Deduplication.duplicate(e)) {
          jdbc.rollback();
          return false;
        }
        throw e;
      }
      effect.run(jdbc);
      jdbc.commit();
      return true;
    } catch (Exception | Error e) {
      try {
        jdbc.rollback();
      } catch (SQLException broken) {
        e.addSuppressed(broken);
        discard();
      }
      throw e;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void discard() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // broken already
    }
    connection = null;
  }

  /** Closes the kept connection. */
  public synchronized void close() {
    if (connection != null) {
      discard();
    }
  }
}
