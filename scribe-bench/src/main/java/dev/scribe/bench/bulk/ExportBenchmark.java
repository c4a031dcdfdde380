package dev.scribe.bench.bulk;

import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV export of 1,000,000 rows ({@code GET /tasks.csv}) streamed through a real HTTP connection in a small
 * heap, against plain JDBC writing the same rows as CSV, in the same run. The database is an H2 file in a
 * temporary directory (an in-memory database would keep the million rows on the heap being measured),
 * seeded by plain JDBC batches and deleted afterwards. The sides, alternating round by round:
 *
 * <ul>
 *   <li>{@code plain}: one JDBC query ({@code ORDER BY id}, fetch size 500) whose rows commons-csv writes to a
 *       stream that discards them;
 *   <li>{@code export}: {@code GET /api/tasks.csv} from the server running in this JVM, read by
 *       {@code java.net.http.HttpClient}, which discards the body while counting its lines; the controller
 *       scrolls the rows ({@code scrollFetchSize} 500), renders each as {@code show} does and writes it as
 *       it is read, with a no-op handler on every repository, entity and controller event.
 * </ul>
 *
 * <p>For each run it prints the rows per second (wall), the CPU time of the working thread (the server's
 * thread serving the export; the calling thread for plain), and the heap: the most in use (sampled every
 * 5 ms), the most in use right after a collection, and the number of collections. Targets (DESIGN §9):
 * at least 100,000 rows/s, in a heap of at most 256 MB; run it with {@code -Xmx256m}, so that a export
 * that kept its rows would fail with an {@code OutOfMemoryError}.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.bulk.ExportBenchmark [--rows 1000000] [--rounds 4] [--warmup 1] [--sides export]
 * </pre>
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    BulkRuns.quietLogs();
    BulkRuns.Arguments arguments = BulkRuns.Arguments.parse(args, 1_000_000, 4, 1);
    long rows = arguments.rows();
    int rounds = arguments.rounds();
    java.util.Set<String> sides = arguments.sides();
    int warmup = arguments.warmup();
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf(Locale.ROOT, "export of %,d rows as CSV, max heap %d MB%s, %s%n", rows, maxHeap >> 20,
        maxHeap > 256L << 20 ? " (more than the target's 256 MB: run with -Xmx256m)" : "", BulkRuns.load());
    Path directory = Files.createTempDirectory("scribe-export-bench");
    String url = "jdbc:h2:file:" + directory.resolve("export").toAbsolutePath();
    DataStore store = DataStore.builder(Scribe.create()).jdbcUrl(url).username("sa").password("")
        .entities(BulkTask.class).schemaAction("create-drop")
        .build();
    try {
      BulkTaskRepository repository = store.register(new BulkTaskRepository());
      BulkRuns.attachNoOps(repository.events());
      BulkRuns.attachNoOps(store.entities().events(BulkTask.class));
      Controller<BulkTask, Long> controller = new Controller<>(repository);
      BulkRuns.attachNoOps(controller.events());
      long seedStart = System.nanoTime();
      BulkRuns.seed(url, rows);
      System.out.printf(Locale.ROOT, "seeded %,d rows by JDBC batches in %.1f s%n", rows, (System.nanoTime() - seedStart) / 1e9);
      RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
      TimedServlet servlet = new TimedServlet(app.servlet());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<String, List<HeapWatch.Heap>> heaps = new LinkedHashMap<>();
      heaps.put("plain", new ArrayList<>());
      heaps.put("export", new ArrayList<>());
      try (ScribeServer server = ScribeServer.builder().port(0).servlet("/api/*", servlet).start()) {
        URI export = server.uri().resolve("/api/tasks.csv");
        BulkRuns.Comparison comparison = new BulkRuns.Comparison("export")
            .side("plain", () -> watched(heaps.get("plain"), () -> plain(url)))
            .side("export", servlet::cpuNanos, () -> watched(heaps.get("export"), () -> get(http, export)))
            .between(() -> {
              System.gc();
              return 0;
            });
        comparison.only(sides).run(rounds, warmup, rows);
        comparison.report("plain", rows);
        for (Map.Entry<String, List<HeapWatch.Heap>> side : heaps.entrySet()) {
          long sampled = side.getValue().stream().mapToLong(HeapWatch.Heap::sampledPeak).max().orElse(0);
          long afterGc = side.getValue().stream().mapToLong(HeapWatch.Heap::maxAfterGc).max().orElse(0);
          System.out.printf(Locale.ROOT, "  %-14s heap over every run: at most %d MB in use (sampled), %d MB right after a"
              + " collection%n", side.getKey(), sampled >> 20, afterGc >> 20);
        }
        System.out.println("after the run: " + BulkRuns.load());
      }
    } finally {
      store.close();
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static long watched(List<HeapWatch.Heap> heaps, BulkRuns.Operation operation) throws Exception {
    HeapWatch watch = HeapWatch.start();
    long rows = operation.run();
    HeapWatch.Heap heap = watch.stop();
    heaps.add(heap);
    System.out.printf(Locale.ROOT, "    heap: at most %d MB in use, %d MB after a collection, %d collections%n",
        heap.sampledPeak() >> 20, heap.maxAfterGc() >> 20, heap.collections());
    return rows;
  }

  /** Plain JDBC and commons-csv: the same columns, written to a stream that discards them. */
  static long plain(String url) throws Exception {
    long rows = 0;
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement(
               "SELECT id, title, priority, dueDate, budget, done FROM bulk_tasks ORDER BY id");
           CSVPrinter csv = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(OutputStream.nullOutputStream(),
               StandardCharsets.UTF_8)), CSVFormat.RFC4180)) {
        select.setFetchSize(500);
        csv.printRecord("id", "budget", "done", "dueDate", "priority", "title");
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            csv.printRecord(result.getLong(1), result.getBigDecimal(5).toPlainString(), result.getBoolean(6),
                result.getDate(4).toLocalDate().toString(), result.getInt(3), result.getString(2));
            rows++;
          }
        }
      }
      connection.commit();
    }
    return rows;
  }

  /** GET the export, discard the body, count its lines less the header. */
  static long get(HttpClient http, URI uri) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    long lines = 0;
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
            + new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = body.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return lines - 1;
  }
}
