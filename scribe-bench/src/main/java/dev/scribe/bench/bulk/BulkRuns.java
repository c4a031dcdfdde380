package dev.scribe.bench.bulk;

import com.sun.management.ThreadMXBean;
import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the bulk-data benchmarks share: the rows they write, seeding by plain JDBC batches, no-op handlers,
 * and the measurement of one operation in wall time and CPU time, with the sides of a comparison
 * alternating round by round so that load coming and going on a shared machine slows none of them more
 * than the others.
 *
 * <p>CPU time is counted two ways: of the thread doing the work, and of every live Java thread of the
 * process (the operation's thread, Jetty's threads serving it, the HTTP client's); the JIT compiler's and
 * the garbage collector's threads are not Java threads and are not counted. Run with a fixed, pre-touched
 * heap ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}): otherwise the page faults of a growing
 * heap are charged to whichever thread first touches the new memory, and the CPU times swing by 2–3 times.
 */
final class BulkRuns {
  static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private BulkRuns() {}

  /** The command line of a bulk benchmark: {@code --rows N --rounds N --warmup N --sides a,b}. */
  record Arguments(long rows, int rounds, int warmup, java.util.Set<String> sides) {
    /** The arguments, each absent one at its default; sides null (every side) unless given. */
    static Arguments parse(String[] args, long rows, int rounds, int warmup) {
      java.util.Set<String> sides = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--rows" -> rows = Long.parseLong(args[++i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--warmup" -> warmup = Integer.parseInt(args[++i]);
          case "--sides" -> sides = BulkRuns.sides(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]
              + "; use --rows N, --rounds N, --warmup N, --sides a,b (the sides to run besides the baseline)");
        }
      }
      return new Arguments(rows, rounds, warmup, sides);
    }
  }

  static void quietLogs() {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
  }

  /** The values of row {@code i}, the same for every benchmark and side. */
  static String title(long i) {
    return "task " + i;
  }

  static int priority(long i) {
    return (int) (i % 5) + 1;
  }

  static LocalDate dueDate(long i) {
    return LocalDate.of(2026, (int) (i % 12) + 1, (int) (i % 28) + 1);
  }

  static BigDecimal budget(long i) {
    return BigDecimal.valueOf(100 + i % 1000, 2);
  }

  static boolean done(long i) {
    return i % 2 == 0;
  }

  /** Inserts rows with ids 1..rows into {@code bulk_tasks} by plain JDBC batches of 1,000, a commit every 50,000. */
  static void seed(String url, long rows) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO bulk_tasks (id, title, priority, dueDate, budget, done) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (long i = 1; i <= rows; i++) {
          insert.setLong(1, i);
          insert.setString(2, title(i));
          insert.setInt(3, priority(i));
          insert.setDate(4, Date.valueOf(dueDate(i)));
          insert.setBigDecimal(5, budget(i));
          insert.setBoolean(6, done(i));
          insert.addBatch();
          if (i % 1000 == 0) {
            insert.executeBatch();
          }
          if (i % 50_000 == 0) {
            connection.commit();
          }
        }
        insert.executeBatch();
        connection.commit();
      }
    }
  }

  static void execute(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A no-op handler on every event of the manager's tier. */
  static void attachNoOps(EventManager events) {
    for (Event event : events.tier().events()) {
      events.on(event.name(), args -> { });
    }
  }

  /** The value of {@code --sides a,b}: the sides to run besides the baseline. */
  static java.util.Set<String> sides(String value) {
    return java.util.Set.of(value.split(","));
  }

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load average " + parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  /** The CPU time of every live Java thread, by thread id. */
  static Map<Long, Long> javaThreadsCpu() {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    Map<Long, Long> times = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] > 0) {
        times.put(ids[i], cpu[i]);
      }
    }
    return times;
  }

  static long cpuSince(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : javaThreadsCpu().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  /** One measured operation: how many records it handled, wall, CPU of its thread, CPU of all Java threads. */
  record Measure(long records, long wallNanos, long threadCpuNanos, long allCpuNanos, long gcMillis, long allocatedBytes) {}

  /** The milliseconds every collector has spent so far, pauses and concurrent work alike. */
  static long gcMillis() {
    long total = 0;
    for (java.lang.management.GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  interface Operation {
    long run() throws Exception;
  }

  /** The CPU time of the calling thread. */
  static final LongSupplier CURRENT_THREAD = THREADS::getCurrentThreadCpuTime;

  /**
   * Measures {@code operation}; {@code worker} is a clock of the CPU time of the thread doing the work: the
   * calling thread ({@link #CURRENT_THREAD}) in process, the server's threads while they serve the request
   * ({@link TimedServlet#cpuNanos()}) over HTTP.
   */
  static Measure measure(LongSupplier worker, Operation operation) throws Exception {
    Map<Long, Long> all = javaThreadsCpu();
    long gc = gcMillis();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    long thread = worker.getAsLong();
    long start = System.nanoTime();
    long records = operation.run();
    long wall = System.nanoTime() - start;
    long threadCpu = worker.getAsLong() - thread;
    // Only what the calling thread allocated: over HTTP the server's threads do the work and this is ~0.
    long allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - allocated;
    return new Measure(records, wall, threadCpu, cpuSince(all), gcMillis() - gc, allocatedBytes);
  }

  /** The sides of a comparison, by name, with what runs before each (outside the measurement). */
  static final class Comparison {
    private final String name;
    private final Map<String, Operation> sides = new LinkedHashMap<>();
    private final Map<String, LongSupplier> clocks = new LinkedHashMap<>();
    private final Map<String, List<Measure>> measured = new LinkedHashMap<>();
    private Operation between = () -> 0;
    private java.util.Set<String> only;

    Comparison(String name) {
      this.name = name;
    }

    Comparison side(String side, Operation operation) {
      return side(side, CURRENT_THREAD, operation);
    }

    Comparison side(String side, LongSupplier worker, Operation operation) {
      sides.put(side, operation);
      clocks.put(side, worker);
      measured.put(side, new ArrayList<>());
      return this;
    }

    /** Runs only the named sides (all when null); the baseline is always run. */
    Comparison only(java.util.Set<String> names) {
      this.only = names;
      return this;
    }

    Comparison between(Operation reset) {
      this.between = reset;
      return this;
    }

    /**
     * Runs every side once per round, the order rotated each round; the first {@code warmup} rounds are not
     * counted. Prints each run, then the medians and the best runs.
     */
    void run(int rounds, int warmup, long expected) throws Exception {
      List<String> names = new ArrayList<>(sides.keySet());
      if (only != null) {
        String baseline = names.get(0);
        names.removeIf(side -> !side.equals(baseline) && !only.contains(side));
      }
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < names.size(); k++) {
          String side = names.get((round + k) % names.size());
          between.run();
          Measure m = measure(clocks.get(side), sides.get(side));
          if (m.records() != expected) {
            throw new IllegalStateException(name + ", " + side + " handled " + m.records() + " records, not " + expected);
          }
          System.out.printf(Locale.ROOT, "  round %d%s %-14s %8.0f ms wall  %8.0f ms cpu (working thread)  %8.0f ms cpu (all Java"
              + " threads)  %5d ms gc  %,7.0f bytes/record (calling thread)  %s%n", round + 1, round < warmup ? " (warm-up)" : "",
              side, m.wallNanos() / 1e6, m.threadCpuNanos() / 1e6, m.allCpuNanos() / 1e6, m.gcMillis(),
              m.allocatedBytes() / (double) Math.max(1, m.records()), load());
          if (round >= warmup) {
            measured.get(side).add(m);
          }
        }
      }
    }

    private double[] sorted(String side, int column) {
      double[] values = measured.get(side).stream().mapToDouble(m -> switch (column) {
        case 0 -> m.wallNanos();
        case 1 -> m.threadCpuNanos();
        default -> m.allCpuNanos();
      }).toArray();
      Arrays.sort(values);
      return values;
    }

    double median(String side, int column) {
      double[] values = sorted(side, column);
      int middle = values.length / 2;
      return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }

    /** The least disturbed run: on a shared machine, other work only ever adds time. */
    double best(String side, int column) {
      return sorted(side, column)[0];
    }

    /** Prints each side's medians and its ratio to {@code baseline}. */
    void report(String baseline, long records) {
      System.out.printf(Locale.ROOT, "%s (median of %d measured rounds; %,d records per run):%n", name,
          measured.get(baseline).size(), records);
      for (String side : sides.keySet()) {
        if (measured.get(side).isEmpty()) {
          continue;
        }
        double wall = median(side, 0);
        double thread = median(side, 1);
        double all = median(side, 2);
        System.out.printf(Locale.ROOT, "  %-14s %8.0f ms wall (%5.2fx)  %8.0f ms cpu thread (%5.2fx)  %8.0f ms cpu all"
            + " Java threads (%5.2fx)  %,.0f records/s wall%n", side, wall / 1e6, wall / median(baseline, 0), thread / 1e6,
            thread / median(baseline, 1), all / 1e6, all / median(baseline, 2), records / (wall / 1e9));
      }
      System.out.printf(Locale.ROOT, "%s (best of the measured rounds):%n", name);
      for (String side : sides.keySet()) {
        if (measured.get(side).isEmpty()) {
          continue;
        }
        System.out.printf(Locale.ROOT, "  %-14s %8.0f ms wall (%5.2fx)  %8.0f ms cpu thread (%5.2fx)%n", side,
            best(side, 0) / 1e6, best(side, 0) / best(baseline, 0), best(side, 1) / 1e6, best(side, 1) / best(baseline, 1));
      }
    }
  }
}
