package dev.scribe.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The pairs of {@link RepositoryBenchmark} on H2, measured for a machine shared with other work: the two
 * sides of a pair alternate operation by operation, and each operation is measured in the CPU time of
 * the thread running it (H2 in memory runs on that thread) and the bytes that thread allocated, so load
 * that comes and goes beside the run slows neither side more than the other. The first third of the
 * rounds warms up and is not counted; the median of the rest is printed with the ratio.
 *
 * <pre>
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.RepositoryCpuTime [create rounds, default 30] [update rounds, default 6]
 * </pre>
 */
public final class RepositoryCpuTime {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private RepositoryCpuTime() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int updateRounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    RepositoryBenchmark bench = new RepositoryBenchmark();

    RepositoryBenchmark.H2Create create = new RepositoryBenchmark.H2Create();
    create.open();
    try {
      compare("create", rounds, () -> bench.scribeBatchCreate(create), () -> bench.plainHibernateBatchInsert(create),
          () -> {
            try {
              create.emptyTables();
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          });
    } finally {
      create.close();
    }

    RepositoryBenchmark.H2Update update = new RepositoryBenchmark.H2Update();
    update.open();
    try {
      compare("update", updateRounds, () -> bench.scribeBatchUpdate(update), () -> bench.plainHibernateBatchUpdate(update),
          update::nextChanges);
    } finally {
      update.close();
    }
  }

  private static void compare(String name, int rounds, IntSupplier scribe, IntSupplier plain, Runnable between) {
    if (rounds <= 0) {
      // "RepositoryCpuTime 150 0" measures the create pair alone: the update pair is skipped, not a median of nothing
      System.out.printf(Locale.ROOT, "%s: skipped (0 rounds)%n", name);
      return;
    }
    List<long[]> scribeRuns = new ArrayList<>();
    List<long[]> plainRuns = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      between.run();
      long[] first = measure(round % 2 == 0 ? scribe : plain);
      between.run();
      long[] second = measure(round % 2 == 0 ? plain : scribe);
      if (round >= rounds / 3) {
        scribeRuns.add(round % 2 == 0 ? first : second);
        plainRuns.add(round % 2 == 0 ? second : first);
      }
    }
    double scribeCpu = median(scribeRuns, 0) / 1e6;
    double plainCpu = median(plainRuns, 0) / 1e6;
    double scribeBytes = median(scribeRuns, 1) / RepositoryBenchmark.ROWS;
    double plainBytes = median(plainRuns, 1) / RepositoryBenchmark.ROWS;
    System.out.printf(Locale.ROOT, "%s: scribe %.1f ms cpu, plain %.1f ms cpu, ratio %.2f; bytes per record scribe %.0f,"
        + " plain %.0f, ratio %.2f (median of %d rounds each)%n", name, scribeCpu, plainCpu, scribeCpu / plainCpu,
        scribeBytes, plainBytes, scribeBytes / plainBytes, scribeRuns.size());
  }

  private static long[] measure(IntSupplier operation) {
    long thread = Thread.currentThread().getId();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long bytes = THREADS.getThreadAllocatedBytes(thread);
    operation.getAsInt();
    return new long[] {THREADS.getCurrentThreadCpuTime() - cpu, THREADS.getThreadAllocatedBytes(thread) - bytes};
  }

  private static double median(List<long[]> runs, int column) {
    long[] values = runs.stream().mapToLong(run -> run[column]).toArray();
    Arrays.sort(values);
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
  }
}
