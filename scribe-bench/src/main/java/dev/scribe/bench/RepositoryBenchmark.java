package dev.scribe.bench;

import dev.scribe.bench.repository.BenchTask;
import dev.scribe.bench.repository.BenchTaskRepository;
import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.entity.internal.InsertBatching;
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
import org.hibernate.engine.spi.SessionImplementor;
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
 * pooled sequence id, Hibernate's own Bean Validation off; the entity declares no constraint, so the
 * repository's validation step is skipped too and neither side validates. Target: scribe at most 1.15
 * times plain.
 *
 * <p>Three more methods split the difference into steps: plain Hibernate keeping every entity managed
 * until the commit ({@code stepPlainKeepingEntities}), then also executing each record's insert before
 * the next record as the repository does ({@code stepPlainInsertPerRecord}), and the repository without
 * any handler attached ({@code stepScribeWithoutHandlers}).
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar RepositoryBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
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
  private final InsertBatching perRecordBatching = new InsertBatching(BATCH_SIZE);
  private SessionFactory perRecord;
  private StandardServiceRegistry perRecordRegistry;
  private String perRecordUrl;
  private DataStore bareStore;
  private BenchTaskRepository bareRepository;
  private String bareUrl;

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
    plainRegistry = plainSettings(plainUrl).build();
    plain = new MetadataSources(plainRegistry).addAnnotatedClass(BenchTask.class).buildMetadata().buildSessionFactory();

    perRecordUrl = "jdbc:h2:mem:per_record_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    perRecordRegistry = plainSettings(perRecordUrl).applySetting("hibernate.jdbc.batch.builder", perRecordBatching).build();
    perRecord = new MetadataSources(perRecordRegistry).addAnnotatedClass(BenchTask.class).buildMetadata()
        .buildSessionFactory();

    bareUrl = "jdbc:h2:mem:bare_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    bareStore = DataStore.builder(Scribe.create()).jdbcUrl(bareUrl).username("sa").password("")
        .entities(BenchTask.class).schemaAction("create-drop")
        .property("hibernate.jdbc.batch_size", String.valueOf(BATCH_SIZE))
        .build();
    bareRepository = bareStore.register(new BenchTaskRepository());
  }

  private static StandardServiceRegistryBuilder plainSettings(String url) {
    return new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", url)
        .applySetting("hibernate.connection.username", "sa")
        .applySetting("hibernate.connection.password", "")
        .applySetting("hibernate.connection.pool_size", "10")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("hibernate.jdbc.batch_size", String.valueOf(BATCH_SIZE))
        .applySetting("jakarta.persistence.validation.mode", "NONE");
  }

  private static void attachNoOps(EventManager events) {
    for (Event event : events.tier().events()) {
      events.on(event.name(), args -> { });
    }
  }

  @TearDown(Level.Invocation)
  public void emptyTables() throws SQLException {
    for (String url : List.of(scribeUrl, plainUrl, perRecordUrl, bareUrl)) {
      try (Connection connection = DriverManager.getConnection(url, "sa", "");
           Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE TABLE BenchTask");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    bareStore.close();
    plain.close();
    StandardServiceRegistryBuilder.destroy(plainRegistry);
    perRecord.close();
    StandardServiceRegistryBuilder.destroy(perRecordRegistry);
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
        session.persist(map(row));
        if (++inserted % BATCH_SIZE == 0) {
          session.flush();
          session.clear();
        }
      }
      transaction.commit();
    }
    return inserted;
  }

  /** Step 1: plain Hibernate, every entity staying managed until the commit, as in a unit of work. */
  @Benchmark
  public int stepPlainKeepingEntities() {
    int inserted = 0;
    try (Session session = plain.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> row : rows) {
        session.persist(map(row));
        inserted++;
      }
      transaction.commit();
    }
    return inserted;
  }

  /** Step 2: step 1, and each record's insert executed before the next record, still JDBC-batched. */
  @Benchmark
  public int stepPlainInsertPerRecord() {
    int inserted = 0;
    try (Session session = perRecord.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> row : rows) {
        session.persist(map(row));
        perRecordBatching.executeInserts((SessionImplementor) session);
        inserted++;
      }
      // The statements left in the open JDBC batch: without the store's flush listener, send them here.
      ((SessionImplementor) session).getJdbcCoordinator().executeBatch();
      transaction.commit();
    }
    return inserted;
  }

  /** Step 3: the repository with no handler attached to any event. */
  @Benchmark
  public int stepScribeWithoutHandlers() {
    return bareRepository.createBatch(rows, CallOptions.none()).items().size();
  }

  private static BenchTask map(Map<String, Object> row) {
    BenchTask task = new BenchTask();
    task.setTitle((String) row.get("title"));
    task.setPriority((Integer) row.get("priority"));
    task.setDueDate(LocalDate.parse((String) row.get("dueDate")));
    task.setBudget(new BigDecimal((String) row.get("budget")));
    task.setDone((Boolean) row.get("done"));
    return task;
  }
}
