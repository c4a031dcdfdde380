package dev.scribe.outbox;

import com.google.common.eventbus.Subscribe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A consumer's listener whose effect is a row per change in its own database, written in the message's transaction. */
final class EffectRecorder {
  final AtomicInteger calls = new AtomicInteger();

  static void createTable(String schema) throws SQLException {
    try (Connection connection = PostgresSchema.dataSource(schema).getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE effects (position BIGSERIAL PRIMARY KEY, message_id VARCHAR(64) NOT NULL,"
          + " aggregate_id VARCHAR(64) NOT NULL, seq BIGINT NOT NULL)");
    }
  }

  @Subscribe
  public void on(ChangeMessage change, Connection connection) throws SQLException {
    calls.incrementAndGet();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO effects (message_id, aggregate_id, seq) VALUES (?, ?, ?)")) {
      insert.setString(1, change.id());
      insert.setString(2, change.aggregateId());
      insert.setLong(3, change.seq());
      insert.executeUpdate();
    }
  }
}
