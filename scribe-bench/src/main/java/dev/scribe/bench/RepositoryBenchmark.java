package dev.scribe.bench;

import dev.scribe.bench.repository.BenchDatabase;
import dev.scribe.bench.repository.BenchRows;
import dev.scribe.bench.repository.BenchSide;
import dev.scribe.bench.repository.BenchTask;
import dev.scribe.core.Scribe;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.Transaction;
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
 * The repository's batches against plain Hibernate doing the same database work, each pair measured in
 * the same run:
 *
 * <ul>
 *   <li>{@code scribeBatchCreate} / {@code plainHibernateBatchInsert}: 10,000 creates from param maps in
 *       one batch on H2 in memory. Scribe runs through a repository with a no-op handler on every event of
 *       the repository and entity tiers; plain Hibernate builds the entities from the same maps by
 *       hand-written code, persists them and flushes and clears every JDBC batch. Target 1.15.
 *   <li>{@code scribeBatchCreatePostgres} / {@code plainHibernateBatchInsertPostgres}: the same pair on
 *       the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, each side
 *       in a schema of its own, dropped afterwards). Without that server the pair fails at set-up with a
 *       message saying so, and the others still run. Target 1.05.
 *   <li>{@code scribeBatchUpdate} / {@code plainHibernateBatchUpdate}: 10,000 stored rows, each loaded by
 *       id and changed (title and priority) in one batch, on H2 in memory. Target 1.2.
 *   <li>{@code scribeBatchUpdatePostgres} / {@code plainHibernateBatchUpdatePostgres}: the same pair on the
 *       PostgreSQL server, as the create pair there. No target of its own: it shows what a network round
 *       trip per record costs each side.
 * </ul>
 *
 * <p>All use {@code hibernate.jdbc.batch_size=50}, a pooled sequence id, Hibernate's own Bean Validation
 * off; the entity declares no constraint, so the repository's validation step is skipped too and neither
 * side validates. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} divided by 10,000 is the bytes
 * allocated per record.
 *
 * <p>Two more methods split the create pair's difference into steps: plain Hibernate keeping every
 * entity managed until the commit, as a unit of work does ({@code stepPlainKeepingEntities}), and the
 * repository without any handler attached ({@code stepScribeWithoutHandlers}).
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -jar scribe-bench/target/benchmarks.jar RepositoryBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.jboss.logging.provider=slf4j",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RepositoryBenchmark {
  static final int ROWS = BenchRows.ROWS;
  static final int BATCH_SIZE = BenchRows.BATCH_SIZE;

  /** A create pair: the repository with a no-op handler on every event, and plain Hibernate, each on its own database. */
  public abstract static class CreatePair {
    final List<Map<String, Object>> rows = BenchRows.createRows();
    BenchSide scribe;
    BenchSide plain;

    abstract BenchDatabase database(String name) throws SQLException;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      scribe = BenchSide.scribe(database("scribe"), true);
      plain = BenchSide.plain(database("plain"));
    }

    @TearDown(Level.Invocation)
    public void emptyTables() throws SQLException {
      scribe.database.truncate();
      plain.database.truncate();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      scribe.close();
      plain.close();
    }
  }

  /** The create pair on H2 in memory. */
  @State(Scope.Benchmark)
  public static class H2Create extends CreatePair {
    @Override
    BenchDatabase database(String name) throws SQLException {
      return BenchDatabase.h2(name);
    }
  }

  /** The same pair on PostgreSQL, each side in a schema of its own. */
  @State(Scope.Benchmark)
  public static class PostgresCreate extends CreatePair {
    @Override
    BenchDatabase database(String name) throws SQLException {
      return BenchDatabase.postgres(name);
    }
  }

  /** 10,000 stored rows on each side; every invocation changes all of them (a new title and priority). */
  public abstract static class UpdatePair {
    BenchSide scribe;
    BenchSide plain;
    List<Long> scribeIds;
    List<Long> plainIds;
    List<Map<String, Object>> scribeChanges;
    List<Map<String, Object>> plainChanges;
    int round;

    abstract BenchDatabase database(String name) throws SQLException;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      scribe = BenchSide.scribe(database("scribe_update"), true);
      plain = BenchSide.plain(database("plain_update"));
      List<Map<String, Object>> rows = BenchRows.createRows();
      scribe.repository.createBatch(rows, CallOptions.none());
      BenchRows.insertPlain(plain.sessions, rows);
      scribeIds = scribe.database.ids();
      plainIds = plain.database.ids();
    }

    @Setup(Level.Invocation)
    public void nextChanges() {
      round++;
      scribeChanges = changes(scribeIds, round);
      plainChanges = changes(plainIds, round);
    }

    private static List<Map<String, Object>> changes(List<Long> ids, int round) {
      List<Map<String, Object>> changes = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("id", ids.get(i));
        change.put("title", "task " + i + " round " + round);
        change.put("priority", (i + round) % 5 + 1);
        changes.add(change);
      }
      return changes;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      scribe.close();
      plain.close();
    }
  }

  /** The update pair on H2 in memory. */
  @State(Scope.Benchmark)
  public static class H2Update extends UpdatePair {
    @Override
    BenchDatabase database(String name) throws SQLException {
      return BenchDatabase.h2(name);
    }
  }

  /** The update pair on PostgreSQL, each side in a schema of its own. */
  @State(Scope.Benchmark)
  public static class PostgresUpdate extends UpdatePair {
    @Override
    BenchDatabase database(String name) throws SQLException {
      return BenchDatabase.postgres(name);
    }
  }

  /** The create pair's steps: plain Hibernate without clearing, the bare repository. */
  @State(Scope.Benchmark)
  public static class H2Steps {
    final List<Map<String, Object>> rows = BenchRows.createRows();
    BenchSide plain;
    BenchSide bare;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      plain = BenchSide.plain(BenchDatabase.h2("plain_steps"));
      bare = BenchSide.scribe(BenchDatabase.h2("bare"), false);
    }

    @TearDown(Level.Invocation)
    public void emptyTables() throws SQLException {
      plain.database.truncate();
      bare.database.truncate();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      plain.close();
      bare.close();
    }
  }

  /** 10,000 creates through the repository: the whole catalogue of both tiers per record, one unit of work. */
  @Benchmark
  public int scribeBatchCreate(H2Create state) {
    BatchResult<BenchTask> result = state.scribe.repository.createBatch(state.rows, CallOptions.none());
    return result.items().size();
  }

  /** The same rows through plain Hibernate: hand-written mapping, persist, flush and clear every batch. */
  @Benchmark
  public int plainHibernateBatchInsert(H2Create state) {
    return BenchRows.insertPlain(state.plain.sessions, state.rows);
  }

  /** {@link #scribeBatchCreate} on PostgreSQL. */
  @Benchmark
  public int scribeBatchCreatePostgres(PostgresCreate state) {
    return state.scribe.repository.createBatch(state.rows, CallOptions.none()).items().size();
  }

  /** {@link #plainHibernateBatchInsert} on PostgreSQL. */
  @Benchmark
  public int plainHibernateBatchInsertPostgres(PostgresCreate state) {
    return BenchRows.insertPlain(state.plain.sessions, state.rows);
  }

  /** 10,000 updates through the repository in one batch: each record loaded by id, changed, written. */
  @Benchmark
  public int scribeBatchUpdate(H2Update state) {
    return state.scribe.repository.updateBatch(state.scribeChanges, CallOptions.none()).items().size();
  }

  /** {@link #scribeBatchUpdate} on PostgreSQL. */
  @Benchmark
  public int scribeBatchUpdatePostgres(PostgresUpdate state) {
    return state.scribe.repository.updateBatch(state.scribeChanges, CallOptions.none()).items().size();
  }

  /** {@link #plainHibernateBatchUpdate} on PostgreSQL. */
  @Benchmark
  public int plainHibernateBatchUpdatePostgres(PostgresUpdate state) {
    return plainUpdate(state);
  }

  /** The same changes through plain Hibernate: find by id, hand-written setters, flush and clear every batch. */
  @Benchmark
  public int plainHibernateBatchUpdate(H2Update state) {
    return plainUpdate(state);
  }

  private static int plainUpdate(UpdatePair state) {
    int updated = 0;
    try (Session session = state.plain.sessions.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> change : state.plainChanges) {
        BenchTask task = session.find(BenchTask.class, change.get("id"));
        task.setTitle((String) change.get("title"));
        task.setPriority((Integer) change.get("priority"));
        if (++updated % BATCH_SIZE == 0) {
          session.flush();
          session.clear();
        }
      }
      transaction.commit();
    }
    return updated;
  }

  /** Step 1: plain Hibernate, every entity staying managed until the commit, as in a unit of work. */
  @Benchmark
  public int stepPlainKeepingEntities(H2Steps state) {
    int inserted = 0;
    try (Session session = state.plain.sessions.openSession()) {
      Transaction transaction = session.beginTransaction();
      for (Map<String, Object> row : state.rows) {
        session.persist(BenchRows.map(row));
        inserted++;
      }
      transaction.commit();
    }
    return inserted;
  }

  /** Step 2: the repository with no handler attached to any event. */
  @Benchmark
  public int stepScribeWithoutHandlers(H2Steps state) {
    return state.bare.repository.createBatch(state.rows, CallOptions.none()).items().size();
  }
}
