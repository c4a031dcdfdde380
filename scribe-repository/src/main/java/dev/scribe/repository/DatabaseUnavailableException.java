package dev.scribe.repository;

import dev.scribe.core.ScribeException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The database could not serve a unit of work: no pooled connection became free within the configured
 * wait (the pool is saturated), the database cannot be reached or is shutting down, or it canceled a
 * statement (its statement timeout ran out; SQL state 57014). The unit of
 * work was rolled back, except when the connection broke during the commit itself: then the database
 * decided, and the failure is the subclass {@link CommitOutcomeUnknownException}. The controller answers
 * 503 with {@code Retry-After}: the client should retry the same request later.
 *
 * <pre>{@code
 * try {
 *   tasks.create(Map.of("title", "x"));
 * } catch (DatabaseUnavailableException e) {
 *   scheduleRetry(e.retryAfterSeconds());
 * }
 * }</pre>
 */
public class DatabaseUnavailableException extends ScribeException {
  private static final long serialVersionUID = 1L;

  /** Connection exceptions (08xxx, any database) and the server-side shutdown / overload states. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of(
      "57P01", // PostgreSQL: admin shutdown (pg_ctl stop, restart)
      "57P02", // PostgreSQL: crash shutdown
      "57P03", // PostgreSQL: cannot connect now (starting up, shutting down)
      "53300", // PostgreSQL: too many connections
      "90098", // H2: the database has been closed
      "90121", // H2: the database is already closed
      "90135"); // H2: the database is open in exclusive mode (while it closes)

  /** A statement canceled: its statement timeout ran out, or a cancel request (PostgreSQL and H2 alike). */
  private static final String CANCELED_STATE = "57014";

  /** H2's storage engine's failure, named so that H2 need not be on the class path. */
  private static final String H2_STORE_EXCEPTION = "org.h2.mvstore.MVStoreException";

  private final boolean saturated;
  private final long retryAfterSeconds;

  /** A failure described by {@code message}; {@code saturated} when the pool, not the database, was the limit. */
  public DatabaseUnavailableException(String message, boolean saturated, long retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.saturated = saturated;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** True when every pooled connection was busy for the whole wait; false when the database itself failed. */
  public boolean saturated() {
    return saturated;
  }

  /** How long a client should wait before retrying, in whole seconds (at least 1). */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The {@code DatabaseUnavailableException} in {@code failure}'s cause chain, or one describing a
   * connection failure found there (pool timeout, connection exception, database shutting down) or a statement
   * the database canceled; null
   * when {@code failure} is something else.
   */
  public static DatabaseUnavailableException in(Throwable failure) {
    return in(failure, 1);
  }

  static DatabaseUnavailableException in(Throwable failure, long retryAfterSeconds) {
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
      if (cause instanceof DatabaseUnavailableException) {
        return (DatabaseUnavailableException) cause;
      }
    }
    boolean timeout = false;
    boolean connectionFailure = false;
    boolean unreachable = false;
    boolean cannotWrite = false;
    boolean inDatabaseError = false;
    boolean networkFailure = false;
    boolean canceled = false;
    boolean storeFailed = false;
    depth = 0;
    for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
      timeout |= cause instanceof SQLTransientConnectionException;
      connectionFailure |= cause instanceof org.hibernate.exception.JDBCConnectionException;
      unreachable |= connectionState(cause);
      canceled |= cause instanceof SQLException && CANCELED_STATE.equals(((SQLException) cause).getSQLState());
      networkFailure |= cause instanceof org.hibernate.exception.JDBCConnectionException || connectionException(cause);
      // An embedded database whose file cannot be written (a full disk) fails with an I/O error under its
      // SQL error, and closes itself: the same for the client as a server that cannot be reached.
      boolean storeFailure = cause.getClass().getName().equals(H2_STORE_EXCEPTION);
      inDatabaseError |= cause instanceof SQLException || storeFailure;
      storeFailed |= storeFailure;
      // a socket's IOException (refused, reset) under a server's SQL error is a network failure, not the disk
      cannotWrite |= inDatabaseError && cause instanceof java.io.IOException && !(cause instanceof java.net.SocketException);
      unreachable |= storeFailure && storeClosedOrFailedIo(cause.getMessage());
    }
    // PostgreSQL's driver reports a connection the network or a proxy cut as a connection error (08006) over an
    // EOFException: an I/O error of the connection, not of a file the database could not write. An embedded H2
    // that closed its file after a failed write is a connection error too (Hibernate's, over "the database has been
    // closed"), with H2's storage error under it: that one is the disk.
    cannotWrite &= !networkFailure || storeFailed;
    unreachable |= cannotWrite;
    if (timeout && !unreachable) {
      // HikariCP's "Connection is not available, request timed out" with no connection failure behind it:
      // every connection stayed busy for the whole wait.
      return new DatabaseUnavailableException("no database connection became free in time: the server is"
          + " saturated; nothing was written; retry in " + retryAfterSeconds + " s", true, retryAfterSeconds, failure);
    }
    if (connectionFailure || unreachable) {
      return new DatabaseUnavailableException((cannotWrite ? "the database cannot write (its disk may be full)"
          : "the database cannot be reached or is restarting") + "; retry in " + retryAfterSeconds + " s", false,
          retryAfterSeconds, failure);
    }
    if (canceled) {
      // A statement timeout an administrator set on the database or role (often shorter than the lock timeout,
      // so that a wait for a row lock ends this way too): the transaction is rolled back, and the same request
      // may succeed once the database is less busy or the lock is gone.
      return new DatabaseUnavailableException("the database canceled a statement of this request (its statement"
          + " timeout ran out, or an administrator canceled it); nothing was written; retry in " + retryAfterSeconds
          + " s", false, retryAfterSeconds, failure);
    }
    return null;
  }

  /**
   * True for H2's storage errors that close the database: reading failed (1), writing failed (2), the store
   * is closed (4). Its message ends with "[version/code]".
   */
  private static boolean storeClosedOrFailedIo(String message) {
    if (message == null || !message.endsWith("]")) {
      return false;
    }
    int slash = message.lastIndexOf('/');
    String code = slash < 0 ? "" : message.substring(slash + 1, message.length() - 1);
    return code.equals("1") || code.equals("2") || code.equals("4");
  }

  /** True for a SQL error of the connection exception class (08xxx), whatever the database. */
  private static boolean connectionException(Throwable cause) {
    if (!(cause instanceof SQLException)) {
      return false;
    }
    String state = ((SQLException) cause).getSQLState();
    return state != null && state.startsWith("08");
  }

  private static boolean connectionState(Throwable cause) {
    if (!(cause instanceof SQLException)) {
      return false;
    }
    String state = ((SQLException) cause).getSQLState();
    return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
  }
}
