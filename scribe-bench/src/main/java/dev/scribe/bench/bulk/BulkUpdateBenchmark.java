package dev.scribe.bench.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Query;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * A bulk update of 100,000 rows by query, every per-record event fired, against a JPQL {@code UPDATE} of
 * the same rows (which fires nothing, loads nothing and writes one statement). Each run gives every row a new
 * title and priority; the filter ({@code priority >= 1}) matches every row. The sides, alternating round by
 * round:
 *
 * <ul>
 *   <li>{@code jpql}: {@code UPDATE BulkTask t SET t.title = :title, t.priority = :priority WHERE t.priority >= 1}
 *       through plain Hibernate, one transaction;
 *   <li>{@code plain-loaded}: plain Hibernate loading the matching entities 500 at a time (keyset pages),
 *       setting the two fields, flushing (JDBC batches of 50) and clearing after each page, one transaction:
 *       the cost of touching each record, with no event;
 *   <li>{@code updateWhere}: {@code Repository.updateWhere(query, changes, CallOptions.none())} with a no-op
 *       handler on every repository and entity event ({@code maxBulkRows} raised to the row count);
 *   <li>{@code updateWhere-unlocked}: the same with option {@code lockOnUpdate} false, so that each page's rows are
 *       read in groups without their row locks: not a way to run a bulk update (concurrent writers of a row then
 *       overwrite each other's changes), only the cost of the locks timed apart;
 *   <li>{@code http}: {@code PATCH /tasks?priority[gte]=1} with the changes as a JSON object, in process over a
 *       real HTTP connection (no-op handlers on the controller's events too);
 *   <li>{@code updateWhere-no-handlers}, run only when named in {@code --sides}: the same call on a store of its own
 *       (a third database) with no handler attached to any event, so that what the handlers' events cost is seen
 *       apart from the write path itself. The events still fire; the framework skips the work only a handler needs
 *       (the entity events' args, the {@code preSetField} keys, the {@code scopeQuery} event's row scope).
 * </ul>
 *
 * <p>The plain sides share one H2 database in memory and the Scribe sides another, each seeded with the
 * rows by plain JDBC batches. Target (issue 15): the bulk update at most 3 times the JPQL {@code UPDATE}.
 *
 * <pre>
 * mvn -B -q -pl scribe-bench -am package -DskipTests
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.bulk.BulkUpdateBenchmark [--rows 100000] [--rounds 7] [--warmup 2] [--sides a,b]
 * </pre>
 */
public final class BulkUpdateBenchmark {
  private static final int PAGE = 500;
  private static int change;

  private BulkUpdateBenchmark() {}

  public static void main(String[] args) throws Exception {
    BulkRuns.quietLogs();
    BulkRuns.Arguments arguments = BulkRuns.Arguments.parse(args, 100_000, 7, 2);
    int rows = (int) arguments.rows();
    int rounds = arguments.rounds();
    java.util.Set<String> sides = arguments.sides();
    int warmup = arguments.warmup();
    System.out.printf("bulk update of %,d rows, %s%n", rows, BulkRuns.load());
    String scribeUrl = "jdbc:h2:mem:update_scribe_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String plainUrl = "jdbc:h2:mem:update_plain_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    DataStore store = DataStore.builder(Scribe.create()).jdbcUrl(scribeUrl).username("sa").password("")
        .entities(BulkTask.class).schemaAction("create-drop")
        .property("hibernate.jdbc.batch_size", String.valueOf(ImportBenchmark.JDBC_BATCH))
        .build();
    BulkTaskRepository repository = store.register(new BulkTaskRepository());
    repository.configure(Config.of(Map.of("maxBulkRows", rows)));
    BulkRuns.attachNoOps(repository.events());
    BulkRuns.attachNoOps(store.entities().events(BulkTask.class));
    Controller<BulkTask, Long> controller = new Controller<>(repository);
    BulkRuns.attachNoOps(controller.events());
    RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
    TimedServlet servlet = new TimedServlet(app.servlet());
    SessionFactory plain = ImportBenchmark.plainSessions(plainUrl);
    BulkRuns.seed(scribeUrl, rows);
    BulkRuns.seed(plainUrl, rows);
    DataStore bareStore = null;
    BulkTaskRepository bare = null;
    if (sides != null && sides.contains("updateWhere-no-handlers")) {
      String bareUrl = "jdbc:h2:mem:update_bare_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      bareStore = DataStore.builder(Scribe.create()).jdbcUrl(bareUrl).username("sa").password("")
          .entities(BulkTask.class).schemaAction("create-drop")
          .property("hibernate.jdbc.batch_size", String.valueOf(ImportBenchmark.JDBC_BATCH))
          .build();
      bare = bareStore.register(new BulkTaskRepository());
      bare.configure(Config.of(Map.of("maxBulkRows", rows)));
      BulkRuns.seed(bareUrl, rows);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ObjectMapper json = new ObjectMapper();
    try (ScribeServer server = ScribeServer.builder().port(0).servlet("/api/*", servlet).start()) {
      URI bulk = server.uri().resolve("/api/tasks?priority%5Bgte%5D=1");
      BulkRuns.Comparison comparison = new BulkRuns.Comparison("bulk update")
          .side("jpql", () -> jpql(plain))
          .side("plain-loaded", () -> plainLoaded(plain))
          .side("updateWhere", () -> repository.updateWhere(new Query().where("priority", Operator.GTE, 1),
              changes(), CallOptions.none()).items().size())
          .side("updateWhere-unlocked", () -> repository.updateWhere(new Query().where("priority", Operator.GTE, 1),
              changes(), CallOptions.builder().optionOverrides(Map.of("lockOnUpdate", false)).build()).items().size())
          .side("http", servlet::cpuNanos, () -> patch(http, json, bulk));
      if (bare != null) {
        BulkTaskRepository unhandled = bare;
        comparison.side("updateWhere-no-handlers", () -> unhandled.updateWhere(
            new Query().where("priority", Operator.GTE, 1), changes(), CallOptions.none()).items().size());
      }
      comparison
          .between(() -> {
            System.gc();
            change++;
            return 0;
          });
      comparison.only(sides).run(rounds, warmup, rows);
      comparison.report("jpql", rows);
      System.out.println("after the run: " + BulkRuns.load());
    } finally {
      plain.close();
      store.close();
      if (bareStore != null) {
        bareStore.close();
      }
    }
  }

  private static String title() {
    return "changed " + change;
  }

  private static int priority() {
    return change % 5 + 1;
  }

  private static Map<String, Object> changes() {
    return Map.of("title", title(), "priority", priority());
  }

  static long jpql(SessionFactory sessions) {
    try (Session session = sessions.openSession()) {
      Transaction transaction = session.beginTransaction();
      int updated = session.createMutationQuery(
              "UPDATE BulkTask t SET t.title = :title, t.priority = :priority WHERE t.priority >= 1")
          .setParameter("title", title()).setParameter("priority", priority()).executeUpdate();
      transaction.commit();
      return updated;
    }
  }

  static long plainLoaded(SessionFactory sessions) {
    long updated = 0;
    try (Session session = sessions.openSession()) {
      Transaction transaction = session.beginTransaction();
      long last = 0;
      while (true) {
        List<BulkTask> page = session.createSelectionQuery(
                "FROM BulkTask t WHERE t.priority >= 1 AND t.id > :last ORDER BY t.id", BulkTask.class)
            .setParameter("last", last).setMaxResults(PAGE).list();
        if (page.isEmpty()) {
          break;
        }
        for (BulkTask task : page) {
          task.title = title();
          task.priority = priority();
          updated++;
        }
        last = page.get(page.size() - 1).id;
        session.flush();
        session.clear();
      }
      transaction.commit();
    }
    return updated;
  }

  static long patch(HttpClient http, ObjectMapper json, URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(changes())))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("PATCH " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body()).path("updated").asLong(-1);
  }
}
