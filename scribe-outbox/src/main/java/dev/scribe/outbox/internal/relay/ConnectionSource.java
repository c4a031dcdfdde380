package dev.scribe.outbox.internal.relay;

import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/** Connections from the data store's own pool, for the relay's short transactions. */
public final class ConnectionSource {
  private final SessionFactory sessionFactory;
  private final ConnectionProvider provider;

  public ConnectionSource(SessionFactory sessionFactory) {
    this.sessionFactory = sessionFactory;
    this.provider = sessionFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .getService(ConnectionProvider.class);
  }

  /** True once the data store whose pool this is has been closed: no connection will come from it again. */
  public boolean closed() {
    return sessionFactory.isClosed();
  }

  /** A connection with auto-commit off; give it back with {@link #release}. */
  public Connection open() throws SQLException {
    Connection connection = provider.getConnection();
    if (connection.getAutoCommit()) {
      connection.setAutoCommit(false);
    }
    return connection;
  }

  /**
   * A connection with auto-commit on: each execution is a transaction of its own — on PostgreSQL, all the
   * statements of one execution's string together. Give it back with {@link #release}.
   */
  public Connection openAutoCommitting() throws SQLException {
    Connection connection = provider.getConnection();
    if (!connection.getAutoCommit()) {
      connection.setAutoCommit(true);
    }
    return connection;
  }

  public void release(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is broken; the pool's validation deals with it
    }
    try {
      provider.closeConnection(connection);
    } catch (SQLException ignored) {
      // nothing left to release
    }
  }
}
