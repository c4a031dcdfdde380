package dev.scribe.repository.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.scribe.core.ConfigurationException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.DatabaseUnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HikariCP pool a {@link DataStore} opens when it is given a JDBC URL: its size, how long a unit of
 * work waits for a connection before {@link DatabaseUnavailableException}, the durability settings
 * an embedded H2 file database needs, and PostgreSQL's lock timeout on every connection.
 */
public final class ConnectionPool {
  /** Default pool size: enough for a small server; raise it with the database's connection limit in mind. */
  static final int DEFAULT_SIZE = 10;
  /** Default wait for a free connection before the request is answered 503. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

  private static final AtomicInteger POOLS = new AtomicInteger();

  private ConnectionPool() {}

  /** Opens a pool; the caller closes it. */
  static HikariDataSource open(String jdbcUrl, String username, String password, int size, Duration wait,
      boolean durableCommits, Duration lockTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("scribe-" + POOLS.incrementAndGet());
    config.setJdbcUrl(closedWithTheStore(durableCommits ? durable(jdbcUrl) : jdbcUrl));
    if (username != null) {
      config.setUsername(username);
    }
    if (password != null) {
      config.setPassword(password);
    }
    if (jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
      // A unit of work bounds its lock waits with SET LOCAL lock_timeout before its first lock of its own; a
      // statement that waits without one (an INSERT behind another session's LOCK TABLE, a foreign key's check
      // behind a row another session holds) waited as long as that session kept its lock, holding a connection
      // and its request. Every statement of the pool's connections is bounded the same way from the start.
      config.setConnectionInitSql("SET lock_timeout = " + lockTimeout.toMillis());
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, 2));
    long waitMillis = wait.toMillis();
    config.setConnectionTimeout(waitMillis);
    // An alive-check must not take the whole wait; HikariCP needs it below the connection timeout.
    config.setValidationTimeout(Math.max(250, Math.min(waitMillis - 1, 3000)));
    config.setExceptionOverride(new SQLExceptionOverride() {
      @java.lang.Override
      public SQLExceptionOverride.Override adjudicate(java.sql.SQLException failure) {
        return evictFromClosedDatabase(failure);
      }
    });
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new ConfigurationException("cannot open a connection pool on " + redact(jdbcUrl) + ": "
          + rootMessage(e) + "; " + hint(e), e);
    }
    refuseReadOnlyFile(pool, jdbcUrl);
    return pool;
  }

  /**
   * H2 opens an embedded file it cannot write (a read-only file, directory or file system) read-only without a
   * word: the store started, and its first write failed with "The database is read only". Unless the URL asks
   * for that itself ({@code ACCESS_MODE_DATA=r}), the pool is closed and the file named.
   */
  private static void refuseReadOnlyFile(HikariDataSource pool, String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    boolean embeddedFile = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
        && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
    if (!embeddedFile || lower.contains(";access_mode_data=")) {
      return;
    }
    String file;
    try (java.sql.Connection connection = pool.getConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery("SELECT READONLY(), DATABASE_PATH()")) {
      if (!row.next() || !row.getBoolean(1)) {
        return;
      }
      file = row.getString(2) + ".mv.db";
    } catch (java.sql.SQLException e) {
      return; // not a question this database answers: its first unit of work will say what is wrong
    }
    pool.close();
    throw new ConfigurationException("cannot open a connection pool on " + redact(jdbcUrl) + ": the H2 database file "
        + file + " can only be read (the file, its directory or the file system it is on cannot be written by this"
        + " process), so every write would fail; make it writable, or add ;ACCESS_MODE_DATA=r to the URL to open it"
        + " read-only on purpose");
  }

  /**
   * H2 closes an embedded database it can no longer write (a full disk) or that was shut down, and every
   * connection to it then fails with "the database is closed", an error HikariCP does not count as a broken
   * connection: kept in the pool, they would fail every later unit even once the database could open again.
   * They are dropped instead, and a new connection opens the database anew.
   */
  private static SQLExceptionOverride.Override evictFromClosedDatabase(java.sql.SQLException failure) {
    int code = failure.getErrorCode();
    String state = failure.getSQLState();
    boolean closed = (code == H2_DATABASE_CLOSED || code == H2_DATABASE_ALREADY_CLOSED)
        && (state == null || state.equals(String.valueOf(code)));
    return closed ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }

  /** H2's error codes (its SQL states too) for a database that has been closed (ErrorCode 90098, 90121). */
  private static final int H2_DATABASE_CLOSED = 90098;
  private static final int H2_DATABASE_ALREADY_CLOSED = 90121;

  /**
   * What to check: an embedded H2 file that another process holds open, that is not an H2 database or whose
   * directory cannot be used says so; anything else gets the usual three (a server's URL, credentials, state).
   */
  private static String hint(Throwable failure) {
    boolean corrupt = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException) {
        int code = ((java.sql.SQLException) cause).getErrorCode();
        if (code == H2_DATABASE_ALREADY_OPEN) {
          return "another process has this database file open (an embedded H2 file takes one process at a time):"
              + " stop it, or use another file, or a database server for several processes";
        }
        corrupt |= code == H2_FILE_CORRUPTED || code == H2_FILE_VERSION_ERROR;
      }
      // a file shorter than H2's header: its IO exception ends in an EOFException
      corrupt |= cause instanceof java.io.EOFException;
      if (cause instanceof java.nio.file.FileSystemException) {
        return "check that the database's directory exists or can be created, and that this user may write it";
      }
    }
    if (corrupt) {
      return "the file is not a readable H2 database (damaged, or written by another H2 version): restore it from a"
          + " backup, or move it away to start with a new one";
    }
    return "check the URL, the credentials and that the database is running";
  }

  /** H2's error code for a database file locked by another process (ErrorCode.DATABASE_ALREADY_OPEN_1). */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;
  /** H2's error codes for a file that is not a database it can read (FILE_CORRUPTED_1, FILE_VERSION_ERROR_1). */
  private static final int H2_FILE_CORRUPTED = 90030;
  private static final int H2_FILE_VERSION_ERROR = 90048;

  /**
   * {@code jdbcUrl} without H2's own shutdown hook for an embedded database: by default H2 closes it when the
   * JVM begins to exit, while a graceful stop is still finishing the requests in flight, whose commits then
   * failed (500s on SIGTERM under load). The database closes with the store's pool instead, after the server.
   */
  static String closedWithTheStore(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    boolean embedded = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
    if (!embedded || lower.contains(";db_close_on_exit=")) {
      return jdbcUrl;
    }
    return jdbcUrl + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * {@code jdbcUrl} with H2's write delay switched off for embedded file databases: by default H2 2.x
   * writes committed changes to the file up to 500 ms later, so a process killed after a commit loses
   * them. With {@code WRITE_DELAY=0} each commit is written to the file (not fsynced) before it returns.
   */
  static String durable(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.contains(";write_delay=")) {
      return jdbcUrl;
    }
    return jdbcUrl + ";WRITE_DELAY=0";
  }

  static void validate(int size, Duration wait) {
    if (size < 1) {
      throw new ConfigurationException("poolSize must be at least 1, not " + size);
    }
    if (wait == null || wait.toMillis() < 250) {
      throw new ConfigurationException("connectionWait must be at least 250 ms, not " + wait);
    }
  }

  private static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  /**
   * The root cause's message; a file-system failure's names the file and what was wrong with it (Java's own is
   * the bare path: "/data/tracker.mv.db", with no word of a permission or a missing directory); a root cause
   * without a message gives the nearest cause above it that has one.
   */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    String message = e.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root instanceof java.nio.file.FileSystemException) {
        return fileProblem((java.nio.file.FileSystemException) root);
      }
      if (root.getMessage() != null) {
        message = root.getMessage();
      }
    }
    return message;
  }

  private static String fileProblem(java.nio.file.FileSystemException failure) {
    String file = failure.getFile();
    if (failure instanceof java.nio.file.AccessDeniedException) {
      return file + ": permission denied";
    }
    if (failure instanceof java.nio.file.NoSuchFileException) {
      return file + ": no such file or directory";
    }
    if (failure instanceof java.nio.file.NotDirectoryException) {
      return file + " is not a directory";
    }
    return failure.getReason() == null ? failure.getMessage() : file + ": " + failure.getReason();
  }
}
