package dev.scribe.outbox.internal.consume;

import java.sql.Connection;

/** Runs a message's effect at most once per consumer, recording the message id in the effect's transaction. */
public interface Deduplication {

  /** The characters of the {@code consumer} column: the longest consumer name processed ids are recorded under. */
  int CONSUMER_CHARS = 200;
  /** The characters of the {@code message_id} column; a longer id is recorded by its digest. */
  int MESSAGE_ID_CHARS = 64;

  /** Creates the processed-messages table when missing. */
  void createTable();

  /**
   * Records {@code messageId} for {@code consumer} and runs {@code effect} in one transaction; returns false
   * without running it when the id was recorded before. An exception from the effect rolls both back.
   */
  boolean once(String consumer, String messageId, Effect effect) throws Exception;

  /** What a message does, given the connection of the transaction it runs in (null without one). */
  interface Effect {
    void run(Connection connection) throws Exception;
  }

  /** No database: every delivery runs (at least once). */
  Deduplication NONE = new Deduplication() {
    @Override
    public void createTable() {}

    @Override
    public boolean once(String consumer, String messageId, Effect effect) throws Exception {
      effect.run(null);
      return true;
    }
  };

  static String ddl(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " (consumer VARCHAR(" + CONSUMER_CHARS + ") NOT NULL,"
        + " message_id VARCHAR(" + MESSAGE_ID_CHARS + ") NOT NULL, processed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
        + " PRIMARY KEY (consumer, message_id))";
  }

  static String insert(String table) {
    return "INSERT INTO " + table + " (consumer, message_id, processed_at) VALUES (?, ?, CURRENT_TIMESTAMP)";
  }

  /** True for a unique-key violation: the message was processed before. */
  static boolean duplicate(java.sql.SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException && "23505".equals(((java.sql.SQLException) cause).getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
