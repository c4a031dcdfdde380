package dev.scribe.repository.testing;

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
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, isolated database for one test class, on H2 in memory (the default) or on the PostgreSQL
 * server at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust authentication) when the
 * system property {@code scribe.test.db} is {@code postgres} — which the root pom's {@code -Ppostgres}
 * profile sets. H2 gets a uniquely named in-memory database, shut down after the class; PostgreSQL a
 * uniquely named schema, dropped after the class.
 *
 * <pre>{@code
 * class TaskRepositoryTest {
 *   @RegisterExtension static final TestDatabase DB = TestDatabase.create();
 *
 *   @Test void createsATask() {
 *     try (DataStore store = DB.store(Scribe.create(), Task.class)) { ... }
 *     assertThat(DB.count("Task")).isEqualTo(1);
 *   }
 * }
 * }</pre>
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  /** The system property that selects the database: {@code h2} (default) or {@code postgres}. */
  public static final String PROPERTY = "scribe.test.db";

  private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final String kind;
  private String jdbcUrl;
  private String schema;

  private TestDatabase(String kind) {
    this.kind = kind;
  }

  /** A test database of the kind {@value #PROPERTY} names. */
  public static TestDatabase create() {
    String kind = System.getProperty(PROPERTY, "h2").strip().toLowerCase(Locale.ROOT);
    if (!kind.equals("h2") && !kind.equals("postgres")) {
      throw new IllegalArgumentException(PROPERTY + "=" + kind + " is not supported; use h2 or postgres");
    }
    return new TestDatabase(kind);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    open(context.getRequiredTestClass().getSimpleName());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    close();
  }

  /** Creates the database (H2) or schema (PostgreSQL); called by JUnit before the class's tests. */
  public void open(String label) throws SQLException {
    String unique = (label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    if (isPostgres()) {
      schema = "s_" + unique;
      try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
           Statement statement = connection.createStatement()) {
        statement.execute("CREATE SCHEMA " + schema);
      }
      jdbcUrl = POSTGRES_URL + "?currentSchema=" + schema;
    } else {
      jdbcUrl = "jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1";
    }
  }

  /** Drops the database (H2) or schema (PostgreSQL); called by JUnit after the class's tests. */
  public void close() throws SQLException {
    if (jdbcUrl == null) {
      return;
    }
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.execute(isPostgres() ? "DROP SCHEMA " + schema + " CASCADE" : "SHUTDOWN");
    } finally {
      jdbcUrl = null;
    }
  }

  /** {@code h2} or {@code postgres}. */
  public String kind() {
    return kind;
  }

  public boolean isPostgres() {
    return kind.equals("postgres");
  }

  /** The JDBC URL of this class's database (with the schema selected on PostgreSQL). */
  public String jdbcUrl() {
    if (jdbcUrl == null) {
      throw new IllegalStateException("the test database is not open; register it with @RegisterExtension static");
    }
    return jdbcUrl;
  }

  public String username() {
    return isPostgres() ? "postgres" : "sa";
  }

  public String password() {
    return "";
  }

  /** The PostgreSQL schema, or null on H2. */
  public String schema() {
    return schema;
  }

  /**
   * A data-store builder connected to this database, the schema created from the entities and dropped when
   * the store closes.
   */
  public DataStore.Builder storeBuilder(Scribe scribe) {
    DataStore.Builder builder = DataStore.builder(scribe)
        .jdbcUrl(jdbcUrl()).username(username()).password(password())
        .schemaAction("create-drop");
    if (schema != null) {
      builder.property("hibernate.default_schema", schema);
    }
    return builder;
  }

  /** A data store on this database for {@code entities}. */
  public DataStore store(Scribe scribe, Class<?>... entities) {
    return storeBuilder(scribe).entities(entities).build();
  }

  /** A new JDBC connection to this database; close it. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username(), password());
  }

  /** The number of rows of {@code table}. */
  public long count(String table) {
    try (Connection connection = connection(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the rows of " + table + ": " + e.getMessage(), e);
    }
  }

  /** Every row of {@code table} ordered by its first column, each as column (lower case) to value. */
  public List<Map<String, Object>> rows(String table) {
    try (Connection connection = connection(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      ResultSetMetaData meta = rows.getMetaData();
      List<Map<String, Object>> result = new ArrayList<>();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the rows of " + table + ": " + e.getMessage(), e);
    }
  }

  /** The rows of every table named, by table: a snapshot to compare before and after an operation. */
  public Map<String, List<Map<String, Object>>> snapshot(String... tables) {
    Map<String, List<Map<String, Object>>> snapshot = new LinkedHashMap<>();
    for (String table : tables) {
      snapshot.put(table, rows(table));
    }
    return snapshot;
  }

  @Override
  public String toString() {
    return "TestDatabase[" + kind + " " + jdbcUrl + "]";
  }
}
