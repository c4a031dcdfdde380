package dev.scribe.outbox.internal.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The outbox table: its DDL and the statements the writer and the relay run on it. The first five columns
 * are the ones Debezium's outbox event router reads ({@code id}, {@code aggregatetype}, {@code aggregateid},
 * {@code type}, {@code payload}); the rest are the relay's.
 */
public final class OutboxTable {
  public static final String PENDING = "PENDING";
  public static final String PUBLISHED = "PUBLISHED";
  public static final String DEAD = "DEAD";

  final String name;
  final Dialect dialect;
  /** The most rows one INSERT statement of {@link #insert(int)} carries. */
  static final int ROWS_PER_INSERT = 100;
  /** The characters of the {@code user_name}, {@code trace_id} and {@code lease_owner} columns. */
  public static final int TEXT_COLUMN_CHARS = 255;

  final String insert;
  /** {@link #insert} of one row and the COMMIT, the statement of most units of work. */
  final String insertAndCommit;
  final String candidates;
  final String lease;
  final String published;
  final String failed;
  final String release;
  /** {@link #published} of a whole round in one statement, on PostgreSQL: ids as a uuid array. */
  final String publishedAll;
  /**
   * On PostgreSQL, {@link #candidates} and {@link #lease} in one statement: the due rows are locked
   * ({@code SKIP LOCKED}), those whose earlier pending rows of the same aggregate are all among them are
   * leased, and the leased rows come back. Parameters: the most rows, the lease's owner, its length in
   * milliseconds; the rows in no particular order.
   */
  final String claim;
  /**
   * On PostgreSQL, {@link #claim} without the lease: the due rows are locked ({@code SKIP LOCKED}) and those
   * whose earlier pending rows of the same aggregate are all among them come back, in sequence order; the
   * locks, held by the transaction until the round's outcome is committed, keep the other relays off them.
   * Parameter: the most rows.
   */
  final String claimLocked;

  public OutboxTable(String name, Dialect dialect) {
    this.name = name;
    this.dialect = dialect;
    this.insert = "INSERT INTO " + name + " (id, aggregatetype, aggregateid, type, payload, user_name, trace_id,"
        + " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
    this.insertAndCommit = insert + "; COMMIT";
    // earlier: the pending rows of the same aggregate that come before this one. The relay takes a row only
    // when it also holds every one of them, which keeps each aggregate's events in order across relays.
    this.candidates = "SELECT c.id, c.seq, c.aggregatetype, c.aggregateid, c.type, c.payload, c.attempts,"
        + " c.user_name, c.trace_id, (SELECT COUNT(*) FROM " + name + " p WHERE p.aggregatetype = c.aggregatetype"
        + " AND p.aggregateid = c.aggregateid AND p.status = '" + PENDING + "' AND p.seq < c.seq) AS earlier"
        + " FROM " + name + " c WHERE c.status = '" + PENDING + "' AND c.next_attempt_at <= CURRENT_TIMESTAMP"
        + " AND (c.lease_until IS NULL OR c.lease_until < CURRENT_TIMESTAMP) ORDER BY c.seq LIMIT ?"
        + (dialect.skipLocked() ? " FOR UPDATE OF c SKIP LOCKED" : "");
    this.lease = "UPDATE " + name + " SET lease_owner = ?, lease_until = " + dialect.plusMillis("?") + " WHERE id = ?";
    this.published = "UPDATE " + name + " SET status = '" + PUBLISHED + "', published_at = CURRENT_TIMESTAMP,"
        + " lease_owner = NULL, lease_until = NULL WHERE id = ?";
    this.failed = "UPDATE " + name + " SET attempts = attempts + 1, last_error = ?, lease_owner = NULL,"
        + " lease_until = NULL, next_attempt_at = " + dialect.plusMillis("?") + ", status = CASE WHEN attempts + 1 >= ?"
        + " THEN '" + DEAD + "' ELSE '" + PENDING + "' END WHERE id = ?";
    this.release = "UPDATE " + name + " SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?";
    this.publishedAll = "UPDATE " + name + " SET status = '" + PUBLISHED + "', published_at = CURRENT_TIMESTAMP,"
        + " lease_owner = NULL, lease_until = NULL WHERE id = ANY(?)";
    // in_order: a row is taken when the rows of its aggregate before it among the locked ones are as many as
    // its earlier pending rows, i.e. when every earlier one is locked here too (and then so is each of those)
    this.claim = "WITH locked AS (SELECT c.id, c.seq, c.aggregatetype, c.aggregateid, (SELECT COUNT(*) FROM " + name
        + " p WHERE p.aggregatetype = c.aggregatetype AND p.aggregateid = c.aggregateid AND p.status = '" + PENDING
        + "' AND p.seq < c.seq) AS earlier FROM " + name + " c WHERE c.status = '" + PENDING + "'"
        + " AND c.next_attempt_at <= CURRENT_TIMESTAMP AND (c.lease_until IS NULL OR c.lease_until < CURRENT_TIMESTAMP)"
        + " ORDER BY c.seq LIMIT ? FOR UPDATE OF c SKIP LOCKED),"
        + " in_order AS (SELECT id FROM (SELECT id, earlier, ROW_NUMBER() OVER (PARTITION BY aggregatetype, aggregateid"
        + " ORDER BY seq) - 1 AS before FROM locked) ranked WHERE earlier = before)"
        + " UPDATE " + name + " o SET lease_owner = ?, lease_until = " + dialect.plusMillis("?")
        + " FROM in_order WHERE o.id = in_order.id"
        + " RETURNING o.id, o.seq, o.aggregatetype, o.aggregateid, o.type, o.payload, o.attempts, o.user_name, o.trace_id";
    this.claimLocked = "SELECT id, seq, aggregatetype, aggregateid, type, payload, attempts, user_name, trace_id"
        + " FROM (SELECT locked.*, ROW_NUMBER() OVER (PARTITION BY aggregatetype, aggregateid ORDER BY seq) - 1"
        + " AS before FROM (SELECT c.id, c.seq, c.aggregatetype, c.aggregateid, c.type, c.payload, c.attempts,"
        + " c.user_name, c.trace_id, (SELECT COUNT(*) FROM " + name + " p WHERE p.aggregatetype = c.aggregatetype"
        + " AND p.aggregateid = c.aggregateid AND p.status = '" + PENDING + "' AND p.seq < c.seq) AS earlier"
        + " FROM " + name + " c WHERE c.status = '" + PENDING + "' AND c.next_attempt_at <= CURRENT_TIMESTAMP"
        + " AND (c.lease_until IS NULL OR c.lease_until < CURRENT_TIMESTAMP) ORDER BY c.seq LIMIT ?"
        + " FOR UPDATE OF c SKIP LOCKED) locked) ranked WHERE earlier = before ORDER BY seq";
  }

  /**
   * An INSERT of {@code rows} rows in one statement: the database parses, plans and executes it once, where
   * a JDBC batch of single-row INSERTs executes one statement per row.
   */
  String insert(int rows) {
    if (rows == 1) {
      return insert;
    }
    StringBuilder sql = new StringBuilder(insert.length() + rows * 72).append(insert);
    for (int row = 1; row < rows; row++) {
      sql.append(", (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    }
    return sql.toString();
  }

  /**
   * {@link #insert(int)}, followed in the same string by a {@code NOTIFY} of the relays' channel and by a
   * {@code COMMIT} when asked: pgjdbc sends the statements of one string with one Sync, in one round trip.
   */
  String insert(int rows, boolean notify, boolean commit) {
    if (!notify && !commit) {
      return insert(rows);
    }
    if (rows == 1 && !notify) {
      return insertAndCommit;
    }
    return insert(rows) + (notify ? "; NOTIFY " + channel() : "") + (commit ? "; COMMIT" : "");
  }

  public String name() {
    return name;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The channel of the PostgreSQL notifications that wake the relays. */
  public String channel() {
    return name.replace('.', '_') + "_wake";
  }

  /**
   * Creates the table and its indexes when they do not exist.
   *
   * <p>{@code seq} is drawn without a sequence cache on purpose: each aggregate's order across relays rests on
   * {@code seq} following the commit order of that aggregate's rows (two units that write one record are
   * serialised by its row lock, so the second draws its number after the first committed), and a cache hands
   * each connection a block of its own, from which the second unit could draw the lower number. The two
   * indexes serve the claim's two reads, and neither gives the other's order: the pending rows in {@code seq}
   * order, and each candidate's earlier pending rows of its aggregate (its order check).
   */
  public void create(Connection connection) throws SQLException {
    String text = dialect.textType();
    String index = name.replace('.', '_');
    List<String> ddl = List.of(
        "CREATE TABLE IF NOT EXISTS " + name + " ("
            + "id UUID NOT NULL PRIMARY KEY, "
            + "seq BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "
            + "aggregatetype VARCHAR(255) NOT NULL, "
            + "aggregateid VARCHAR(255) NOT NULL, "
            + "type VARCHAR(32) NOT NULL, "
            + "payload " + text + " NOT NULL, "
            + "user_name VARCHAR(" + TEXT_COLUMN_CHARS + "), "
            + "trace_id VARCHAR(" + TEXT_COLUMN_CHARS + "), "
            + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
            + "status VARCHAR(16) DEFAULT '" + PENDING + "' NOT NULL, "
            + "attempts INTEGER DEFAULT 0 NOT NULL, "
            + "next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL, "
            + "lease_owner VARCHAR(" + TEXT_COLUMN_CHARS + "), "
            + "lease_until TIMESTAMP WITH TIME ZONE, "
            + "published_at TIMESTAMP WITH TIME ZONE, "
            + "last_error VARCHAR(2000))",
        dialect.pendingIndex(name, index + "_pending", "seq"),
        dialect.pendingIndex(name, index + "_aggregate", "aggregatetype, aggregateid, seq"));
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : ddl) {
        statement.execute(sql);
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
