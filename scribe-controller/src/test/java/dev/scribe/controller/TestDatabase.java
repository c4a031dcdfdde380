package dev.scribe.controller;

import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database of one test application, chosen by the system property {@code scribe.test.db}: a private
 * H2 in-memory database ({@code h2}, the default), or a private schema of the PostgreSQL database
 * {@code test} on 127.0.0.1:5432 ({@code postgres}), dropped again on {@link #close()}. Tests read it
 * back over plain JDBC, next to the application.
 */
final class TestDatabase implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String url;
  private final String user;
  private final String schema;

  private TestDatabase(String url, String user, String schema) {
    this.url = url;
    this.user = user;
    this.schema = schema;
  }

  static TestDatabase create() {
    String kind = System.getProperty("scribe.test.db", "h2");
    int n = COUNTER.incrementAndGet();
    switch (kind) {
      case "h2":
        return new TestDatabase("jdbc:h2:mem:scribe-http-" + n + ";DB_CLOSE_DELAY=-1", "sa", null);
      case "postgres":
        String schema = "scribe_http_" + ProcessHandle.current().pid() + "_" + n;
        TestDatabase database = new TestDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", schema);
        database.executeUnscoped("create schema " + schema);
        return database;
      default:
        throw new IllegalArgumentException("scribe.test.db is '" + kind + "'; use h2 or postgres");
    }
  }

  DataStore dataStore(Scribe scribe, Class<?>... entities) {
    DataStore.Builder builder = DataStore.builder(scribe).jdbcUrl(url).username(user).password("")
        .entities(entities).schemaAction("create-drop");
    if (schema != null) {
      builder.property("hibernate.default_schema", schema);
    }
    return builder.build();
  }

  void execute(String... statements) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + List.of(statements) + ": " + e.getMessage(), e);
    }
  }

  /** Every row of {@code sql}, each as column (lower case) to value. */
  List<Map<String, Object>> query(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (schema != null) {
      executeUnscoped("drop schema if exists " + schema + " cascade");
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, "");
    if (schema != null) {
      connection.setSchema(schema);
    }
    return connection;
  }

  private void executeUnscoped(String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + " on " + url + ": " + e.getMessage(), e);
    }
  }
}
