package dev.scribe.bench;

import dev.scribe.bench.repository.BenchTask;
import dev.scribe.bench.repository.BenchTaskRepository;
import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 10,000 creates from param maps in one batch: through a repository with a no-op handler on every event
 * of the repository and entity tiers ({@code scribeBatchCreate}), against the same rows inserted through
 * plain Hibernate with JDBC batching, the entities built from the same maps by hand-written code
 * ({@code plainHibernateBatchInsert}). Both on H2 in memory, {@code hibernate.jdbc.batch_size=50}, a
 * pooled sequence id. Target: scribe at most 1.15 times plain.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar RepositoryBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.jboss.logging.provider=slf4j",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class RepositoryBenchmark {
  static final int ROWS = 10_000;
  static final int BATCH_SIZE = 50;

  private List<Map<String, Object>> rows;
  private DataStore store;
  private BenchTaskRepository repository;
  private String scribeUrl;
  private SessionFactory plain;
  private StandardServiceRegistry plainRegistry;
  private String plainUrl;

  @Setup(Level.Trial)
  public void setUp() {
    rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("title", "task " + i);
      row.put("priority", i % 5 + 1);
      row.put("dueDate", "2026-0" + (i % 9 + 1) + "-1" + (i % 9));
      row.put("budget", "1" + i % 100 + ".50");
      row.put("done", i % 2 == 0);
      rows.add(row);
    }

    Scribe scribe = Scribe.create();
    scribeUrl = "jdbc:h2:mem:scribe_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    store = DataStore.builder(scribe).jdbcUrl(scribeUrl).username("sa").password("")
        .entities(BenchTask.class).schemaAction("create-drop")
        .property("hibernate.jdbc.batch_size", String.valueOf(BATCH_SIZE))
        .build();
    repository = store.register(new BenchTaskRepository());
    attachNoOps(repository.events());
    attachNoOps(store.entities().events(BenchTask.class));

    plainUrl = "jdbc:h2:mem:plain_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    plainRegistry = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", plainUrl)
        .applySetting("hibernate.connection.username", "sa")
        .applySetting("hibernate.connection.password", "")
        .applySetting("hibernate.connection.pool_size", "10")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("hibernate.jdbc.batch_size", String.valueOf(BATCH_SIZE))
        .applySetting("jakarta.persistence.validation.mode", "NONE")
        .build();
    plain = new MetadataSources(plainRegistry).addAnnotatedClass(BenchTask.class).buildMetadata().buildSessionFactory();
  }

  private static void attachNoOps(EventManager events) {
    for (Event event : events.tier().events()) {
      events.on(event.name(), args -> { });
    }
  }

  @TearDown(Level.Invocation)
  public void emptyTables() throws SQLException {
    for (String url : List.of(scribeUrl, plainUrl)) {
      try (Connection connection = DriverManager.getConnection(url, "sa", "");
           Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE TABLE BenchTask");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    plain.close();
    StandardServiceRegistryBuilder.destroy(plainRegistry);
  }

  /** 10,000 creates through the repository: the whole catalogue of both tiers per record, one unit of work. */
  @Benchmark
  public int scribeBatchCreate() {
    BatchResult<BenchTask> result = repository.createBatch(rows, CallOptions.none());
    return result.items().size();
  }

  /** The same rows through plain Hibernate: hand-written mapping, persist, flush and clear every batch. */
  @Benchmark
  public int plainHibernateBatchInsert() {
    int inserted = 0;
    try (Session session = plain.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> row : rows) {
        BenchTask task = new BenchTask();
        task.setTitle((String) row.get("title"));
        task.setPriority((Integer) row.get("priority"));
        task.setDueDate(LocalDate.parse((String) row.get("dueDate")));
        task.setBudget(new BigDecimal((String) row.get("budget")));
        task.setDone((Boolean) row.get("done"));
        session.persist(task);
        if (++inserted % BATCH_SIZE == 0) {
          session.flush();
          session.clear();
        }
      }
      transaction.commit();
    }
    return inserted;
  }
}
