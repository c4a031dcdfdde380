package dev.scribe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.demo.EmbeddedDemo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A bounded load generator against the demo application started in-process on an ephemeral port, on its
 * default embedded H2 file database (durable commits): a fixed number of clients, each with its own
 * keep-alive HTTP/1.1 connection, send a mix of reads and writes back to back for a fixed time, then it
 * prints requests/s, p50, p99 and max latency, the answers by status and the count of 5xx, and the
 * process's resident memory (VmRSS) before the demo starts, before the load and after it.
 *
 * <p>The mix per request: 40 % {@code GET /tasks/{id}}, 20 % {@code GET /tasks?page=..}, 25 %
 * {@code POST /tasks} (unique titles), 15 % {@code PATCH /tasks/{id}} without {@code If-Match} on a task
 * the client created. Targets: 0 answers 5xx, p99 below 250 ms with 16 clients on 2 cores.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.LoadBenchmark [--clients 16] [--seconds 60] [--warmup 10] [--db mem]
 * </pre>
 */
public final class LoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int clients;
  private final int seconds;
  private final int warmupSeconds;
  private final boolean inMemory;

  private LoadBenchmark(int clients, int seconds, int warmupSeconds, boolean inMemory) {
    this.clients = clients;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
    this.inMemory = inMemory;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    int clients = 16;
    int seconds = 60;
    int warmup = 10;
    boolean inMemory = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients": clients = Integer.parseInt(args[++i]); break;
        case "--seconds": seconds = Integer.parseInt(args[++i]); break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--db":
          inMemory = args[++i].equals("mem");
          break;
        default:
          System.err.println("unknown flag '" + args[i] + "'; use --clients N --seconds N --warmup N --db mem|file");
          System.exit(2);
      }
    }
    Result result = new LoadBenchmark(clients, seconds, warmup, inMemory).run();
    System.out.println(result.report());
    System.exit(result.serverErrors == 0 ? 0 : 1);
  }

  /** What one run measured. */
  static final class Result {
    int clients;
    int seconds;
    long requests;
    long serverErrors;
    long transportErrors;
    Map<Integer, Long> statuses = new TreeMap<>();
    long p50Micros;
    long p99Micros;
    long maxMicros;
    long rssStartKb;
    long rssBeforeLoadKb;
    long rssAfterKb;
    String database;

    String report() {
      return String.format(Locale.ROOT, "load: %d clients, %d s, demo on %s, %d cores%n"
          + "  requests      %d (%.0f/s)%n"
          + "  latency       p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
          + "  statuses      %s%n"
          + "  5xx           %d%n"
          + "  I/O errors    %d%n"
          + "  RSS           %d MB at start, %d MB before the load, %d MB after it",
          clients, seconds, database, Runtime.getRuntime().availableProcessors(),
          requests, requests / (double) seconds,
          p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0,
          statuses, serverErrors, transportErrors,
          rssStartKb / 1024, rssBeforeLoadKb / 1024, rssAfterKb / 1024);
    }
  }

  Result run() throws Exception {
    Result result = new Result();
    result.clients = clients;
    result.seconds = seconds;
    result.rssStartKb = rssKb();
    Path dir = inMemory ? null : Files.createTempDirectory("scribe-load-");
    result.database = inMemory ? "H2 in memory" : "an H2 file (the demo's default)";
    try (EmbeddedDemo demo = EmbeddedDemo.start(dir == null ? null : dir.resolve("tasks"), 0)) {
      if (warmupSeconds > 0) {
        drive(demo.uri(), warmupSeconds, new Client[clients]);
      }
      System.gc();
      result.rssBeforeLoadKb = rssKb();
      Client[] runs = new Client[clients];
      drive(demo.uri(), seconds, runs);
      result.rssAfterKb = rssKb();
      long[] all = Arrays.stream(runs).flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
      result.requests = all.length;
      result.p50Micros = percentile(all, 0.50);
      result.p99Micros = percentile(all, 0.99);
      result.maxMicros = all.length == 0 ? 0 : all[all.length - 1];
      for (Client client : runs) {
        client.statuses.forEach((status, count) -> result.statuses.merge(status, count, Long::sum));
        result.transportErrors += client.transportErrors;
      }
      result.statuses.forEach((status, count) -> {
        if (status >= 500) {
          result.serverErrors += count;
        }
      });
    } finally {
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
    return result;
  }

  private void drive(URI base, int durationSeconds, Client[] runs) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos();
    CountDownLatch done = new CountDownLatch(runs.length);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < runs.length; i++) {
      Client client = new Client(base, i, end);
      runs[i] = client;
      Thread thread = new Thread(() -> {
        try {
          client.run();
        } finally {
          done.countDown();
        }
      }, "load-client-" + i);
      threads.add(thread);
      thread.start();
    }
    done.await();
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
  }

  /** The resident set size of this process in kB, from /proc/self/status; -1 where there is no /proc. */
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** One client: its own HTTP connection, its own tasks, its latencies in microseconds. */
  private static final class Client {
    private final URI base;
    private final int number;
    private final long end;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    private final SplittableRandom random;
    private final List<Long> own = new ArrayList<>();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    long[] latencies = new long[1 << 16];
    int count;
    long transportErrors;
    private int created;

    Client(URI base, int number, long end) {
      this.base = base;
      this.number = number;
      this.end = end;
      this.random = new SplittableRandom(number * 7919L + System.nanoTime());
    }

    void run() {
      create();
      while (System.nanoTime() < end) {
        int pick = random.nextInt(100);
        if (pick < 40) {
          send(HttpRequest.newBuilder(base.resolve("/tasks/" + anyTask())).GET());
        } else if (pick < 60) {
          send(HttpRequest.newBuilder(base.resolve("/tasks?size=20&page=" + (1 + random.nextInt(5)))).GET());
        } else if (pick < 85) {
          create();
        } else {
          send(json(HttpRequest.newBuilder(base.resolve("/tasks/" + anyTask())),
              "PATCH", "{\"priority\":" + (1 + random.nextInt(5)) + ",\"description\":\"load " + count + "\"}"));
        }
      }
    }

    private void create() {
      String title = "load " + number + "-" + (created++) + "-" + System.nanoTime();
      HttpResponse<String> response = send(json(HttpRequest.newBuilder(base.resolve("/tasks")), "POST",
          "{\"title\":\"" + title + "\",\"priority\":3}"));
      if (response != null && response.statusCode() == 201) {
        try {
          own.add(((Number) JSON.readValue(response.body(), Map.class).get("id")).longValue());
        } catch (IOException e) {
          transportErrors++;
        }
      }
    }

    private long anyTask() {
      return own.isEmpty() ? 1 : own.get(random.nextInt(own.size()));
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, String method, String body) {
      return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        record(start);
        statuses.merge(response.statusCode(), 1L, Long::sum);
        return response;
      } catch (IOException e) {
        record(start);
        transportErrors++;
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    private void record(long start) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = (System.nanoTime() - start) / 1000;
    }
  }
}
