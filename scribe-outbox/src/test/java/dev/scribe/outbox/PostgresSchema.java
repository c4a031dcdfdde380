package dev.scribe.outbox;

import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/** Uniquely named schemas on the PostgreSQL server at 127.0.0.1:5432 for one test class, dropped after it. */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

  private String prefix;
  private final java.util.List<String> schemas = new java.util.ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    prefix = "o_" + context.getRequiredTestClass().getSimpleName().toLowerCase() + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
         Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** Creates the schema {@code <prefix>_<name>} and returns its name. */
  String create(String name) throws SQLException {
    String schema = prefix + "_" + name;
    try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    schemas.add(schema);
    return schema;
  }

  static String url(String schema) {
    return SERVER + "?currentSchema=" + schema;
  }

  /** A data store on {@code schema}; the first one of a schema creates the tables. */
  static DataStore store(String schema, boolean createTables, Class<?>... entities) {
    return DataStore.builder(Scribe.create())
        .jdbcUrl(url(schema)).username("postgres").password("")
        .property("hibernate.default_schema", schema)
        .schemaAction(createTables ? "create" : "none")
        .entities(entities)
        .build();
  }

  static DataSource dataSource(String schema) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url(schema));
    source.setUser("postgres");
    return source;
  }

  static long count(String schema, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(schema), "postgres", "");
         Statement statement = connection.createStatement();
         java.sql.ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
