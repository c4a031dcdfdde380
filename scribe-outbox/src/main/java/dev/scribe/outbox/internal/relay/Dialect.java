package dev.scribe.outbox.internal.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL that differs between PostgreSQL and H2. */
public enum Dialect {
  POSTGRES("TEXT", true) {
    @Override
    String plusMillis(String placeholder) {
      return "CURRENT_TIMESTAMP + " + placeholder + " * INTERVAL '1 millisecond'";
    }

    @Override
    String pendingIndex(String table, String name, String columns) {
      return "CREATE INDEX IF NOT EXISTS " + name + " ON " + table + " (" + columns + ") WHERE status = 'PENDING'";
    }
  },
  H2("CHARACTER VARYING", false) {
    @Override
    String plusMillis(String placeholder) {
      return "DATEADD(MILLISECOND, " + placeholder + ", CURRENT_TIMESTAMP)";
    }

    @Override
    String pendingIndex(String table, String name, String columns) {
      return "CREATE INDEX IF NOT EXISTS " + name + " ON " + table + " (status, " + columns + ")";
    }
  };

  private final String textType;
  private final boolean skipLocked;

  Dialect(String textType, boolean skipLocked) {
    this.textType = textType;
    this.skipLocked = skipLocked;
  }

  /** The type of unbounded text columns. */
  String textType() {
    return textType;
  }

  /**
   * True when several relays can share the table: claims lock their rows and skip the rows other relays
   * locked. H2 runs one relay.
   */
  boolean skipLocked() {
    return skipLocked;
  }

  /** The database time {@code placeholder} milliseconds from now. */
  abstract String plusMillis(String placeholder);

  /** An index over the pending rows (partial where the database has partial indexes). */
  abstract String pendingIndex(String table, String name, String columns);

  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRES;
    }
    if (product.contains("h2")) {
      return H2;
    }
    throw new IllegalStateException("the outbox supports PostgreSQL and H2, not " + product
        + "; connect the data store to one of them");
  }
}
