package dev.scribe.testing;

import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import dev.scribe.repository.DataStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A Scribe and its data store on a uniquely named H2 in-memory database, shut down on close. */
final class TestStore implements AutoCloseable {
  final Scribe scribe;
  final DataStore store;
  private final String jdbcUrl;

  TestStore(String label, Class<?>[] entities, UnaryOperator<Scribe.Builder> scribeOptions,
      UnaryOperator<DataStore.Builder> storeOptions) {
    jdbcUrl = "jdbc:h2:mem:" + label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        + ";DB_CLOSE_DELAY=-1";
    scribe = returned(scribeOptions.apply(Scribe.builder()), "scribe", "builder.handler(\"trim\", ...)").build();
    store = returned(storeOptions.apply(DataStore.builder(scribe).jdbcUrl(jdbcUrl).username("sa").password("")
        .entities(entities).schemaAction("create-drop")), "store", "builder.poolSize(2)").build();
  }

  /** The builder a ScribeExtension option returned; null (a block lambda without its return) is named as such. */
  private static <B> B returned(B builder, String option, String example) {
    if (builder == null) {
      throw new dev.scribe.core.UsageException("ScribeExtension.builder()." + option + "(...) returned null; return the"
          + " builder it was given, e.g. " + option + "(builder -> " + example + ")");
    }
    return builder;
  }

  /** Deletes every row of every entity table, whatever the foreign keys (Hibernate's own truncation). */
  void emptyTables() {
    store.sessionFactory().getSchemaManager().truncateMappedObjects();
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
           Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new ScribeException("cannot shut the test database " + jdbcUrl + " down: " + e.getMessage(), e);
      }
    }
  }
}
