package dev.scribe.repository.internal.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source Hibernate borrows its connections from, keeping the row-lock statements of an H2
 * connection prepared until the connection goes back to the pool.
 *
 * <p>H2 keeps the statements a connection prepared in a cache of its own, so that preparing the same text
 * again costs a lookup, but not a {@code SELECT … FOR UPDATE}, which it parses and plans again every time.
 * An update batch locks its rows a group at a time with one text (DESIGN §3: {@code batchSize} rows per
 * statement), 200 times for 10,000 records; re-parsing it was about a tenth of the batch. A connection lent
 * here keeps each lock statement it prepares: Hibernate's {@code close()} clears its parameters and returns
 * it for the next {@code prepareStatement} of the same text; it is closed for good when the connection is
 * closed (returned to the pool). Other databases, and every other statement, are left as they are.
 *
 * <p>Every connection it lends counts the calls that may send a statement ({@link SentStatements}).
 */
final class LockStatementCache implements DataSource {
  /** Lock texts kept per lent connection; a unit that prepares more (many entities) prepares the rest anew. */
  static final int MAX_KEPT = 16;
  private static final String FOR_UPDATE = " for update";

  private final DataSource delegate;
  /** Null until the first connection says whether the database is H2. */
  private volatile Boolean h2;

  private LockStatementCache(DataSource delegate) {
    this.delegate = delegate;
  }

  /** {@code dataSource}, keeping lock statements prepared when its database turns out to be H2. */
  static DataSource wrap(DataSource dataSource) {
    return dataSource == null ? null : new LockStatementCache(dataSource);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return lend(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return lend(delegate.getConnection(username, password));
  }

  private Connection lend(Connection connection) throws SQLException {
    Boolean known = h2;
    if (known == null) {
      known = "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
      h2 = known;
    }
    return (Connection) Proxy.newProxyInstance(LockStatementCache.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new LentConnection(connection, known));
  }

  /** True for the text of a row-lock query. */
  static boolean locks(String sql) {
    // Asked at every prepare of a query on H2: searched in place, from the end where the clause stands,
    // instead of in a lower-cased copy of every statement's text
    for (int i = sql.length() - FOR_UPDATE.length(); i >= 0; i--) {
      if (sql.regionMatches(true, i, FOR_UPDATE, 0, FOR_UPDATE.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * One borrowed connection: the calls made on it ({@link SentStatements}) and, on H2, its kept lock statements by
   * text. Used by one thread at a time, as JDBC's.
   */
  private static final class LentConnection implements InvocationHandler, SentStatements.Counted {
    private final Connection connection;
    private final boolean keepsLocks;
    private final SentStatements sent = new SentStatements();
    private final Map<String, KeptStatement> kept = new HashMap<>();

    LentConnection(Connection connection, boolean keepsLocks) {
      this.connection = connection;
      this.keepsLocks = keepsLocks;
    }

    @Override
    public SentStatements sentStatements() {
      return sent;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      sent.called(method.getName());
      switch (method.getName()) {
        case "prepareStatement":
          if (keepsLocks && keepable(args)) {
            return prepareLock((Connection) proxy, (String) args[0]);
          }
          break;
        case "close":
          closeKept();
          break;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "lock statements kept on " + connection;
        default:
          break;
      }
      return call(connection, method, args);
    }

    /**
     * A lock text prepared as Hibernate prepares queries (forward only, read only; or with no further
     * arguments, which means the same).
     */
    private static boolean keepable(Object[] args) {
      if (args.length != 1 && !(args.length == 3 && Integer.valueOf(ResultSet.TYPE_FORWARD_ONLY).equals(args[1])
          && Integer.valueOf(ResultSet.CONCUR_READ_ONLY).equals(args[2]))) {
        return false;
      }
      return args[0] instanceof String && locks((String) args[0]);
    }

    private PreparedStatement prepareLock(Connection proxy, String sql) throws SQLException {
      KeptStatement statement = kept.get(sql);
      if (statement != null && !statement.inUse) {
        statement.inUse = true;
        return statement.proxy;
      }
      PreparedStatement prepared = connection.prepareStatement(sql);
      if (statement != null || kept.size() >= MAX_KEPT) {
        return prepared; // the same text open twice at once, or too many texts: an ordinary statement
      }
      KeptStatement created = new KeptStatement(sql, prepared, proxy);
      kept.put(sql, created);
      created.inUse = true;
      return created.proxy;
    }

    private void closeKept() {
      for (KeptStatement statement : kept.values()) {
        try {
          statement.statement.close();
        } catch (SQLException e) {
          // the connection is being closed; its statements go with it
        }
      }
      kept.clear();
    }

    /** A lock statement lent to Hibernate: its close() makes it ready for the next use instead. */
    private final class KeptStatement implements InvocationHandler {
      /** Settings that would outlive a use of the statement: a statement given one is closed for good. */
      private static final Set<String> LASTING_SETTINGS = Set.of("setQueryTimeout", "setMaxRows", "setLargeMaxRows",
          "setFetchSize", "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName",
          "closeOnCompletion");

      final String sql;
      final PreparedStatement statement;
      final PreparedStatement proxy;
      final Connection connection;
      boolean inUse;
      boolean changed;

      KeptStatement(String sql, PreparedStatement statement, Connection connection) {
        this.sql = sql;
        this.statement = statement;
        this.connection = connection;
        this.proxy = (PreparedStatement) Proxy.newProxyInstance(LockStatementCache.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class}, this);
      }

      @Override
      public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("close")) {
          release();
          return null;
        }
        if (name.equals("isClosed")) {
          return !inUse || statement.isClosed();
        }
        if (name.equals("getConnection")) {
          return connection;
        }
        if (name.equals("equals")) {
          return proxy == args[0];
        }
        if (name.equals("hashCode")) {
          return System.identityHashCode(proxy);
        }
        if (!inUse) {
          throw new SQLException("statement is closed: " + sql);
        }
        if (LASTING_SETTINGS.contains(name)) {
          changed = true;
        }
        return call(statement, method, args);
      }

      private void release() throws SQLException {
        if (!inUse) {
          return;
        }
        inUse = false;
        try {
          if (!changed) {
            statement.clearParameters();
            return;
          }
        } catch (SQLException e) {
          // not reusable: closed below
        }
        kept.remove(sql);
        statement.close();
      }
    }
  }
}
