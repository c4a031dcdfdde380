package dev.scribe.bench.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;

/**
 * An import of 100,000 CSV rows through every event against a plain Hibernate loader of the same rows, in
 * chunked transactions of the same size (500 rows, the default {@code importChunkSize}), JDBC batches of 50,
 * each side on its own H2 database in memory, emptied before every run. The sides, alternating round by round:
 *
 * <ul>
 *   <li>{@code plain}: commons-csv parses the file, hand-written code builds each entity from the cells
 *       (the same text-to-type conversions), persists it, flushes and clears every 50, commits every 500;
 *   <li>{@code repository}: the same parser makes each row a map of cells, as the controller's import does, and
 *       every 500 rows go through {@code Repository.createBatch} in a unit of work of their own, with the
 *       options the import passes ({@code import}, {@code ignoreErrors}; its internal {@code trustedParams}
 *       changes nothing for an entity without guarded attributes) and a no-op handler on every repository
 *       and entity event (sixteen per record);
 *   <li>{@code http}: {@code POST /tasks/import?ignoreErrors=true} with the file, in process over a real HTTP
 *       connection: the body spooled to a file and counted, {@code onPreImport}, then one writing pass of
 *       {@code onPreStore} and {@code createBatch} per chunk (no-op handlers on the controller's events too);
 *   <li>{@code http-checked}: {@code POST /tasks/import}, the default: a validation pass (every chunk through
 *       every event, rolled back) before the writing pass, so that nothing is written unless every row passes.
 * </ul>
 *
 * <p>Target (issue 15): an import at most 1.3 times the plain loader.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.bulk.ImportBenchmark [--rows 100000] [--rounds 9] [--warmup 3] [--sides a,b]
 * </pre>
 */
public final class ImportBenchmark {
  static final int CHUNK = 500;
  static final int JDBC_BATCH = 50;

  private ImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    BulkRuns.quietLogs();
    BulkRuns.Arguments arguments = BulkRuns.Arguments.parse(args, 100_000, 9, 3);
    int rows = (int) arguments.rows();
    int rounds = arguments.rounds();
    java.util.Set<String> sides = arguments.sides();
    int warmup = arguments.warmup();
    byte[] csv = csv(rows);
    System.out.printf("import of %,d CSV rows (%,d bytes), chunks of %d, %s%n", rows, csv.length, CHUNK, BulkRuns.load());

    String scribeUrl = "jdbc:h2:mem:import_scribe_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String plainUrl = "jdbc:h2:mem:import_plain_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    DataStore store = DataStore.builder(Scribe.create()).jdbcUrl(scribeUrl).username("sa").password("")
        .entities(BulkTask.class).schemaAction("create-drop")
        .property("hibernate.jdbc.batch_size", String.valueOf(JDBC_BATCH))
        .build();
    BulkTaskRepository repository = store.register(new BulkTaskRepository());
    BulkRuns.attachNoOps(repository.events());
    BulkRuns.attachNoOps(store.entities().events(BulkTask.class));
    Controller<BulkTask, Long> controller = new Controller<>(repository);
    controller.configure(Config.of(Map.of("importAsyncRows", Integer.MAX_VALUE, "maxImportBytes", 256 << 20)));
    BulkRuns.attachNoOps(controller.events());
    RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
    TimedServlet servlet = new TimedServlet(app.servlet());
    SessionFactory plain = plainSessions(plainUrl);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectMapper json = new ObjectMapper();
    try (ScribeServer server = ScribeServer.builder().port(0).servlet("/api/*", servlet).start()) {
      URI imports = server.uri().resolve("/api/tasks/import");
      BulkRuns.Comparison comparison = new BulkRuns.Comparison("import")
          .side("plain", () -> plainImport(plain, csv))
          .side("repository", () -> repositoryImport(store, repository, csv))
          .side("http", servlet::cpuNanos, () -> httpImport(http, json, URI.create(imports + "?ignoreErrors=true"), csv))
          .side("http-checked", servlet::cpuNanos, () -> httpImport(http, json, imports, csv))
          .between(() -> {
            BulkRuns.execute(scribeUrl, "TRUNCATE TABLE bulk_tasks");
            BulkRuns.execute(plainUrl, "TRUNCATE TABLE bulk_tasks");
            System.gc();
            return 0;
          });
      comparison.only(sides).run(rounds, warmup, rows);
      comparison.report("plain", rows);
      System.out.println("after the run: " + BulkRuns.load());
    } finally {
      plain.close();
      store.close();
    }
  }

  static byte[] csv(int rows) {
    StringBuilder csv = new StringBuilder(rows * 48);
    csv.append(BulkTask.COLUMNS).append("\r\n");
    for (long i = 1; i <= rows; i++) {
      csv.append(BulkRuns.title(i)).append(',').append(BulkRuns.priority(i)).append(',').append(BulkRuns.dueDate(i))
          .append(',').append(BulkRuns.budget(i).toPlainString()).append(',').append(BulkRuns.done(i)).append("\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  static SessionFactory plainSessions(String url) {
    return new Configuration()
        .addAnnotatedClass(BulkTask.class)
        .setProperty("hibernate.connection.url", url)
        .setProperty("hibernate.connection.username", "sa")
        .setProperty("hibernate.connection.password", "")
        .setProperty("hibernate.connection.pool_size", "10")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        .setProperty("hibernate.jdbc.batch_size", String.valueOf(JDBC_BATCH))
        .setProperty("jakarta.persistence.validation.mode", "NONE")
        .buildSessionFactory();
  }

  private static CSVParser parse(byte[] csv) throws IOException {
    Reader reader = new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8);
    return CSVFormat.RFC4180.parse(reader);
  }

  /** The plain loader: cells to an entity by hand, persist, flush and clear every 50, commit every 500. */
  static long plainImport(SessionFactory sessions, byte[] csv) throws IOException {
    long imported = 0;
    try (CSVParser parser = parse(csv)) {
      Iterator<CSVRecord> records = parser.iterator();
      List<String> header = records.next().toList();
      int title = header.indexOf("title");
      int priority = header.indexOf("priority");
      int dueDate = header.indexOf("dueDate");
      int budget = header.indexOf("budget");
      int done = header.indexOf("done");
      Session session = null;
      Transaction transaction = null;
      while (records.hasNext()) {
        CSVRecord record = records.next();
        if (session == null) {
          session = sessions.openSession();
          transaction = session.beginTransaction();
        }
        BulkTask task = new BulkTask();
        task.title = record.get(title);
        task.priority = Integer.valueOf(record.get(priority));
        task.dueDate = LocalDate.parse(record.get(dueDate));
        task.budget = new java.math.BigDecimal(record.get(budget));
        task.done = Boolean.parseBoolean(record.get(done));
        session.persist(task);
        imported++;
        if (imported % JDBC_BATCH == 0) {
          session.flush();
          session.clear();
        }
        if (imported % CHUNK == 0) {
          transaction.commit();
          session.close();
          session = null;
        }
      }
      if (session != null) {
        transaction.commit();
        session.close();
      }
    }
    return imported;
  }

  /** Rows as maps of cells, as the controller's import reads them, 500 at a time through createBatch. */
  static long repositoryImport(DataStore store, BulkTaskRepository repository, byte[] csv) throws IOException {
    CallOptions options = CallOptions.builder().path("tasks.import").ignoreErrors(true)
        .put("import", true).put("dryRun", false).build();
    long imported = 0;
    try (CSVParser parser = parse(csv)) {
      Iterator<CSVRecord> records = parser.iterator();
      List<String> columns = records.next().toList();
      List<Map<String, Object>> chunk = new ArrayList<>(CHUNK);
      while (records.hasNext()) {
        CSVRecord record = records.next();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          String cell = record.get(i);
          params.put(columns.get(i), cell.isEmpty() ? null : cell);
        }
        chunk.add(params);
        if (chunk.size() == CHUNK) {
          imported += write(store, repository, chunk, options);
          chunk = new ArrayList<>(CHUNK);
        }
      }
      if (!chunk.isEmpty()) {
        imported += write(store, repository, chunk, options);
      }
    }
    return imported;
  }

  private static int write(DataStore store, BulkTaskRepository repository, List<Map<String, Object>> chunk,
      CallOptions options) {
    return store.inTransaction(() -> repository.createBatch(chunk, options)).items().size();
  }

  static long httpImport(HttpClient http, ObjectMapper json, URI uri, byte[] csv) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body()).path("imported").asLong(-1);
  }
}
