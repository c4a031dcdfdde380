package dev.scribe.bench.outbox;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The processor time a benchmark spends, in nanoseconds: this JVM's, and that of the PostgreSQL backends
 * serving the connections named {@code application} ({@code ApplicationName} in their JDBC URL), read from
 * {@code /proc/<pid>/schedstat}. On a machine shared with other work a wall-clock ratio moves with the
 * others' load; the time spent on the processor for the same work moves much less. Backends are only
 * counted when PostgreSQL runs on this machine and {@code /proc} is readable; {@link #backends()} is -1
 * otherwise.
 */
public final class CpuTime implements AutoCloseable {
  private final Connection monitor;
  private final String application;

  /** Opens a connection of its own to {@code url} to find the backends; {@code application}: their name. */
  public CpuTime(String url, String user, String application) throws SQLException {
    this.monitor = DriverManager.getConnection(url, user, "");
    this.application = application;
  }

  /** The JVM's processor time so far, all threads. */
  public static long jvm() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * The processor time so far of each thread of this JVM but its JIT compiler threads, by thread id; empty
   * where {@code /proc/self/task} cannot be read. The compilers go on compiling through a benchmark's
   * measured rounds and took about half of the JVM's time per store, the same work on both sides but with
   * a spread that hid what the outbox adds. The keys are the thread id and its name as the kernel keeps it
   * (the first 15 characters), e.g. {@code "4711 scribe-outbox-r"}.
   */
  public static Map<String, Long> jvmThreadsButCompilers() {
    Map<String, Long> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (name.contains("CompilerThre")) {
            continue;
          }
          threads.put(task.getFileName() + " " + name, runTime(task.resolve("schedstat")));
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return threads;
  }

  /** The time spent between two {@link #jvmThreadsButCompilers()} by the threads in both; -1 when unreadable. */
  public static long spent(Map<String, Long> before, Map<String, Long> after) {
    return spent(before, after, "");
  }

  /** As {@link #spent(Map, Map)}, by the threads whose name starts with {@code prefix} only. */
  public static long spent(Map<String, Long> before, Map<String, Long> after, String prefix) {
    if (before.isEmpty() || after.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      String key = thread.getKey();
      if (key.startsWith(prefix, key.indexOf(' ') + 1)) {
        total += thread.getValue() - before.getOrDefault(key, thread.getValue());
      }
    }
    return total;
  }

  private static long runTime(Path schedstat) throws IOException {
    String text = Files.readString(schedstat);
    return Long.parseLong(text.substring(0, text.indexOf(' ')));
  }

  /** The processor time so far of the backends now open under the application name; -1 when unreadable. */
  public long backends() throws SQLException {
    Map<Integer, Long> backends = backendsByPid();
    return backends == null ? -1 : backends.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The processor time so far of each backend now open under the application name, by process id; null
   * when unreadable (PostgreSQL on another machine, or a backend that ended while being read).
   */
  public Map<Integer, Long> backendsByPid() throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (PreparedStatement statement = monitor.prepareStatement(
        "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      statement.setString(1, application);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          pids.add(rows.getInt(1));
        }
      }
    }
    Map<Integer, Long> backends = new HashMap<>();
    for (int pid : pids) {
      try {
        backends.put(pid, runTime(Path.of("/proc", String.valueOf(pid), "schedstat")));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return backends;
  }

  /**
   * The time the backends open at {@code after} spent since {@code before}, both of {@link #backendsByPid()}:
   * a backend started in between counts whole (its start-up was the work's), one ended in between not at
   * all (its time can no longer be read); -1 when either is null.
   */
  public static long backendsSpent(Map<Integer, Long> before, Map<Integer, Long> after) {
    if (before == null || after == null) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<Integer, Long> backend : after.entrySet()) {
      total += backend.getValue() - before.getOrDefault(backend.getKey(), 0L);
    }
    return total;
  }

  @Override
  public void close() throws SQLException {
    monitor.close();
  }
}
