package dev.scribe.bench.outbox;

import dev.scribe.bench.repository.BenchTask;
import dev.scribe.bench.repository.BenchTaskRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A data store on a fresh schema; {@link #close} drops it. */
public final class OutboxSchema implements AutoCloseable {
  /** The PostgreSQL server the outbox benchmarks run on. */
  public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

  public final String name = "bench_outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  public final DataStore store;
  public final BenchTaskRepository tasks;

  public OutboxSchema() throws Exception {
    try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    }
    store = DataStore.builder(Scribe.create())
        .jdbcUrl(POSTGRES + "?currentSchema=" + name).username("postgres").password("")
        .property("hibernate.default_schema", name)
        .property("hibernate.jdbc.batch_size", 50)
        .schemaAction("create")
        .entities(BenchTask.class)
        .build();
    tasks = store.register(new BenchTaskRepository());
  }

  /** Creates {@code count} tasks titled {@code prefix} and a number, in one batch. */
  public void create(int count, String prefix) {
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("title", prefix + i);
      row.put("priority", i % 5 + 1);
      rows.add(row);
    }
    tasks.createBatch(rows, CallOptions.none());
  }

  @Override
  public void close() throws Exception {
    store.close();
    try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
