package dev.scribe.repository.internal.store;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;

/**
 * How many times a connection the store lent was asked for something that may send a statement or change its
 * transaction: a statement created or prepared (the connection's own, Hibernate's, or a handler's through
 * {@code Session.doWork}), a savepoint set, released or rolled back to, a commit, a rollback, the auto-commit
 * mode set. What only reads the connection's state (its metadata, warnings, isolation) is not counted. A flush
 * point compares the count from one group of rows to the next to tell whether anything but its own rows went
 * to the database in between. Confined to the thread the connection is lent to, as the connection is.
 */
public final class SentStatements {
  /** Calls that neither send a statement nor change the transaction. */
  private static final Set<String> READS_ONLY = Set.of("getAutoCommit", "getMetaData", "isClosed", "isValid",
      "getWarnings", "clearWarnings", "unwrap", "isWrapperFor", "getTransactionIsolation", "getHoldability",
      "getSchema", "getCatalog", "nativeSQL", "isReadOnly", "getClientInfo", "getNetworkTimeout", "getTypeMap",
      "equals", "hashCode", "toString");

  private long calls;
  private long excused;

  SentStatements() {}

  /** The counter of {@code connection}, or null when the store did not lend it (nothing can be told then). */
  public static SentStatements of(Connection connection) {
    if (connection != null && Proxy.isProxyClass(connection.getClass())
        && Proxy.getInvocationHandler(connection) instanceof Counted counted) {
      return counted.sentStatements();
    }
    return null;
  }

  /** Counts the call of {@code method} on the connection, unless it only reads its state. */
  void called(String method) {
    if (!READS_ONLY.contains(method)) {
      calls++;
    }
  }

  /** The calls counted and not excused. */
  public long unexcused() {
    return calls - excused;
  }

  /** The calls counted so far, excused or not. */
  public long calls() {
    return calls;
  }

  /** Excuses the calls counted since {@code before} (a value of {@link #calls}): the unit knows what they sent. */
  public void excuseSince(long before) {
    excused += calls - before;
  }

  /** A connection lent by the store, counting its calls. */
  interface Counted {
    SentStatements sentStatements();
  }
}
