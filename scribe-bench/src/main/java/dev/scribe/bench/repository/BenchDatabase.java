package dev.scribe.bench.repository;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A uniquely named H2 in-memory database, or a uniquely named schema on the PostgreSQL server. */
public final class BenchDatabase {
  /** The PostgreSQL server the PostgreSQL pair runs on. */
  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  public final String url;
  public final String user;
  private final String schema;

  private BenchDatabase(String url, String user, String schema) {
    this.url = url;
    this.user = user;
    this.schema = schema;
  }

  public static BenchDatabase h2(String label) {
    return new BenchDatabase("jdbc:h2:mem:" + label + "_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", null);
  }

  public static BenchDatabase postgres(String label) throws SQLException {
    String schema = "bench_" + label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + POSTGRES_URL + " as user postgres ("
          + e.getMessage() + "), so the PostgreSQL pair is skipped; start the server to measure it, or leave the"
          + " pair out with -e Postgres", e);
    }
    return new BenchDatabase(POSTGRES_URL + "?currentSchema=" + schema, "postgres", schema);
  }

  public void truncate() throws SQLException {
    execute("TRUNCATE TABLE BenchTask");
  }

  public List<Long> ids() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, user, "");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT id FROM BenchTask ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  public void drop() throws SQLException {
    if (schema != null) {
      try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
           Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, "");
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
