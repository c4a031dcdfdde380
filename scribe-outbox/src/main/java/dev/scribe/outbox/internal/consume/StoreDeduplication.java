package dev.scribe.outbox.internal.consume;

import dev.scribe.outbox.internal.relay.ConnectionSource;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.hibernate.Session;

/**
 * De-duplication in a Scribe data store: the message id is recorded in a unit of work, and the listener's
 * repository calls join that unit, so both commit or roll back together.
 */
public final class StoreDeduplication implements Deduplication {
  private final DataStore store;
  private final String table;

  public StoreDeduplication(DataStore store, String table) {
    this.store = store;
    this.table = table;
  }

  @Override
  public void createTable() {
    ConnectionSource connections = new ConnectionSource(store.sessionFactory());
    try {
      Connection connection = connections.open();
      try (Statement statement = connection.createStatement()) {
        statement.execute(Deduplication.ddl(table));
        connection.commit();
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the processed-messages table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean once(String consumer, String messageId, Effect effect) throws Exception {
    Exception[] failure = new Exception[1];
    boolean ran = store.inTransaction(() -> {
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      boolean[] fresh = new boolean[1];
      Connection[] connection = new Connection[1];
      unit.entityManager().unwrap(Session.class).doWork(jdbc -> {
        connection[0] = jdbc;
        try (PreparedStatement insert = jdbc.prepareStatement(Deduplication.insert(table))) {
          insert.setString(1, consumer);
          insert.setString(2, messageId);
          insert.executeUpdate();
          fresh[0] = true;
        } catch (SQLException e) {
          if (!Deduplication.duplicate(e)) {
            throw e;
          }
        }
      });
      if (!fresh[0]) {
        unit.setRollbackOnly();
        return false;
      }
      try {
        effect.run(connection[0]);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        failure[0] = e;
        unit.setRollbackOnly();
      }
      return true;
    });
    if (failure[0] != null) {
      throw failure[0];
    }
    return ran;
  }
}
