package dev.scribe.bench;

import dev.scribe.bench.outbox.CpuTime;
import dev.scribe.bench.repository.BenchDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The PostgreSQL pairs of {@link RepositoryBenchmark} in processor time, the two sides alternating batch by batch.
 *
 * <p>Each batch of 10,000 is measured in the CPU time of the thread running it plus that of the PostgreSQL
 * backends serving its side's pool (each side's connections carry an application name of their own, its schema's;
 * {@link CpuTime#backendsByPid()} reads their {@code /proc/<pid>/schedstat}). On a server and machine shared with
 * other work, wall time moves with the others' load, and a JMH run measures one side after the other; the
 * processor time of the same work moves much less, and alternating puts both sides under the same load. The
 * first third of the rounds warms up and is not counted; the medians of the rest are printed with their ratio,
 * for the total and for each component (the JVM thread, the backends), with the range of the per-round ratios of
 * the total and the wall-time medians for reference. Not counted: PostgreSQL's own background processes (WAL
 * writer, checkpointer, autovacuum) and the JVM's other threads (JIT, GC, the pool's housekeeping).
 *
 * <p>Needs PostgreSQL at {@value BenchDatabase#POSTGRES_URL} (user {@code postgres}, no password) on this machine;
 * each side works in a schema of its own, dropped at the end. Without the server it says so and exits with 2.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.RepositoryPostgresCpuTime [create rounds, default 30] [update rounds, default 6]
 * </pre>
 */
public final class RepositoryPostgresCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int THREAD = 0;
  private static final int BACKENDS = 1;
  private static final int WALL = 2;

  private RepositoryPostgresCpuTime() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    int createRounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int updateRounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    try (Connection probe = DriverManager.getConnection(BenchDatabase.POSTGRES_URL, "postgres", "")) {
      probe.isValid(5);
    } catch (SQLException e) {
      System.err.println("PostgreSQL is not reachable at " + BenchDatabase.POSTGRES_URL + " as user postgres ("
          + e.getMessage() + "). Start the server (trust authentication for postgres on 127.0.0.1, database test)"
          + " to measure the PostgreSQL pairs.");
      System.exit(2);
    }
    RepositoryBenchmark bench = new RepositoryBenchmark();

    if (createRounds > 0) {
      RepositoryBenchmark.PostgresCreate create = new RepositoryBenchmark.PostgresCreate();
      create.open();
      try {
        compare("create on PostgreSQL", createRounds, create.scribe.database, create.plain.database,
            () -> bench.scribeBatchCreatePostgres(create), () -> bench.plainHibernateBatchInsertPostgres(create),
            () -> {
              try {
                create.emptyTables();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
      } finally {
        create.close();
      }
    } else {
      System.out.println("create on PostgreSQL: skipped (0 rounds)");
    }

    if (updateRounds > 0) {
      RepositoryBenchmark.PostgresUpdate update = new RepositoryBenchmark.PostgresUpdate();
      update.open();
      try {
        compare("update on PostgreSQL", updateRounds, update.scribe.database, update.plain.database,
            () -> bench.scribeBatchUpdatePostgres(update), () -> bench.plainHibernateBatchUpdatePostgres(update),
            update::nextChanges);
      } finally {
        update.close();
      }
    } else {
      System.out.println("update on PostgreSQL: skipped (0 rounds)");
    }
  }

  private static void compare(String name, int rounds, BenchDatabase scribeDatabase, BenchDatabase plainDatabase,
      IntSupplier scribe, IntSupplier plain, Runnable between) throws SQLException {
    List<long[]> scribeRuns = new ArrayList<>();
    List<long[]> plainRuns = new ArrayList<>();
    try (CpuTime scribeBackends = new CpuTime(BenchDatabase.POSTGRES_URL, "postgres", scribeDatabase.application);
         CpuTime plainBackends = new CpuTime(BenchDatabase.POSTGRES_URL, "postgres", plainDatabase.application)) {
      for (int round = 0; round < rounds; round++) {
        // the side that goes first changes every round, so neither always runs on the other's leftovers
        boolean scribeFirst = round % 2 == 0;
        between.run();
        long[] first = scribeFirst ? measure(scribe, scribeBackends) : measure(plain, plainBackends);
        between.run();
        long[] second = scribeFirst ? measure(plain, plainBackends) : measure(scribe, scribeBackends);
        if (round >= rounds / 3) {
          scribeRuns.add(scribeFirst ? first : second);
          plainRuns.add(scribeFirst ? second : first);
        }
      }
    }
    boolean backends = scribeRuns.stream().allMatch(run -> run[BACKENDS] >= 0)
        && plainRuns.stream().allMatch(run -> run[BACKENDS] >= 0);
    double scribeThread = median(scribeRuns, run -> run[THREAD]);
    double plainThread = median(plainRuns, run -> run[THREAD]);
    double scribeTotal = backends ? median(scribeRuns, RepositoryPostgresCpuTime::total) : scribeThread;
    double plainTotal = backends ? median(plainRuns, RepositoryPostgresCpuTime::total) : plainThread;
    double[] ratios = new double[scribeRuns.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = backends ? (double) total(scribeRuns.get(i)) / total(plainRuns.get(i))
          : (double) scribeRuns.get(i)[THREAD] / plainRuns.get(i)[THREAD];
    }
    Arrays.sort(ratios);
    System.out.printf(Locale.ROOT, "%s (median of %d rounds each, after %d warm-up rounds):%n", name,
        scribeRuns.size(), rounds - scribeRuns.size());
    if (backends) {
      line("processor time", scribeTotal, plainTotal);
    } else {
      System.out.println("  the backends' processor time cannot be read (PostgreSQL not on this machine, or /proc"
          + " not readable, or a backend ended): the JVM thread alone is counted");
    }
    line("  JVM thread", scribeThread, plainThread);
    if (backends) {
      line("  backends", median(scribeRuns, run -> run[BACKENDS]), median(plainRuns, run -> run[BACKENDS]));
    }
    System.out.printf(Locale.ROOT, "  per-round ratios of the %s: min %.2f, median %.2f, max %.2f%n",
        backends ? "processor time" : "JVM thread", ratios[0], ratios[ratios.length / 2], ratios[ratios.length - 1]);
    line("wall time (for reference)", median(scribeRuns, run -> run[WALL]), median(plainRuns, run -> run[WALL]));
  }

  private static void line(String what, double scribeNanos, double plainNanos) {
    System.out.printf(Locale.ROOT, "  %s: scribe %.1f ms, plain %.1f ms, ratio %.2f%n", what, scribeNanos / 1e6,
        plainNanos / 1e6, scribeNanos / plainNanos);
  }

  /** One batch: the thread's CPU time, its side's backends' CPU time (-1 when unreadable), the wall time. */
  private static long[] measure(IntSupplier batch, CpuTime backends) throws SQLException {
    // the backends are read outside the thread's window: the monitor's query is not the batch's work
    Map<Integer, Long> backendsBefore = backends.backendsByPid();
    long wall = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    int rows = batch.getAsInt();
    long thread = THREADS.getCurrentThreadCpuTime() - cpu;
    wall = System.nanoTime() - wall;
    Map<Integer, Long> backendsAfter = backends.backendsByPid();
    if (rows != RepositoryBenchmark.ROWS) {
      throw new IllegalStateException("a batch wrote " + rows + " rows instead of " + RepositoryBenchmark.ROWS);
    }
    return new long[] {thread, CpuTime.backendsSpent(backendsBefore, backendsAfter), wall};
  }

  private static long total(long[] run) {
    return run[THREAD] + run[BACKENDS];
  }

  private static double median(List<long[]> runs, ToLongFunction<long[]> column) {
    long[] values = runs.stream().mapToLong(column).toArray();
    Arrays.sort(values);
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
  }
}
