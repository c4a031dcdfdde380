package dev.scribe.bench.repository;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A uniquely named H2 in-memory database, or a uniquely named schema on the PostgreSQL server. On
 * PostgreSQL the side's pool connects under an application name of its own, the schema's name, so that
 * the backends serving it can be told apart ({@code pg_stat_activity.application_name}); the truncates
 * and reads of the harness connect without it.
 */
public final class BenchDatabase {
  /** The PostgreSQL server the PostgreSQL pair runs on. */
  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  /** The URL the side's pool connects to. */
  public final String url;
  public final String user;
  /** The application name of the pool's connections on PostgreSQL; null on H2. */
  public final String application;
  private final String schema;
  private final String harnessUrl;

  private BenchDatabase(String url, String user, String schema, String harnessUrl) {
    this.url = url;
    this.user = user;
    this.application = schema;
    this.schema = schema;
    this.harnessUrl = harnessUrl;
  }

  public static BenchDatabase h2(String label) {
    String url = "jdbc:h2:mem:" + label + "_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    return new BenchDatabase(url, "sa", null, url);
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
    String harnessUrl = POSTGRES_URL + "?currentSchema=" + schema;
    return new BenchDatabase(harnessUrl + "&ApplicationName=" + schema, "postgres", schema, harnessUrl);
  }

  public void truncate() throws SQLException {
    execute("TRUNCATE TABLE BenchTask");
  }

  public List<Long> ids() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(harnessUrl, user, "");
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
    try (Connection connection = DriverManager.getConnection(harnessUrl, user, "");
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
