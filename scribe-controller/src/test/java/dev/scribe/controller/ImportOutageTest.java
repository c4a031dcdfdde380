package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.CommitOutcomeUnknownException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database becomes unavailable in the middle of an import (here: another unit of work takes the only
 * connection after the first chunk, so the next chunk gets none within the connection wait): the import stops
 * there with the 503 and its {@code Retry-After}, instead of running every later row alone, each waiting the
 * whole connection wait, and reporting them as rows the client must fix.
 */
class ImportOutageTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();
  private static final String CSV = "title\na1\na2\na3\na4\na5\na6\na7\na8\n";

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void anOutageInTheCheckOfTheRowsStopsTheImportWith503AndRetryAfterBlamingNoRow() throws Exception {
    Outcome outcome = importDuringOutage("/tasks/import");
    Map<String, Object> problem = outcome.problem();

    int firstRow = stoppedAt((String) problem.get("detail"));
    // the rows are checked before any is written: nothing is, whether the outage met the check or the first chunk
    // of the writing pass
    String detail = (String) problem.get("detail");
    assertThat(detail).endsWith("; nothing was written").containsOnlyOnce("nothing was written");
    assertThat(problem).containsEntry("failed", 0).containsEntry("imported", 0).containsEntry("report", List.of());
    assertThat(outcome.titles()).as("stopped at row %d", firstRow).isEmpty();
  }

  @Test
  void anOutageWithIgnoreErrorsStopsTheImportThereKeepingTheChunksWrittenBeforeIt() throws Exception {
    Outcome outcome = importDuringOutage("/tasks/import?ignoreErrors=true");
    Map<String, Object> problem = outcome.problem();

    int firstRow = stoppedAt((String) problem.get("detail"));
    int written = firstRow - 2; // row 1 is the header
    assertThat((String) problem.get("detail")).endsWith(written == 0 ? "; nothing was written"
        : "; the " + written + " rows before them are written");
    if (written > 0) {
      // the pool's own words, "nothing was written", contradicted the rows written before the outage
      assertThat((String) problem.get("detail")).doesNotContain("nothing was written");
    }
    assertThat(problem).containsEntry("failed", 0).containsEntry("imported", written).containsEntry("report", List.of());
    assertThat(outcome.titles()).hasSize(written).allSatisfy(title -> assertThat(Integer.parseInt(
        String.valueOf(title).substring(1))).isLessThanOrEqualTo(written));
  }

  @Test
  void anOutageAtTheFirstChunkWrittenSaysNothingWasWritten() throws Exception {
    // the connection cut under the writing pass's first chunk (here its handler meets it): no row is written
    Outcome outcome = importMeeting(
        new DatabaseUnavailableException("the database cannot be reached or is restarting; retry in 1 s", false, 1, null));
    Map<String, Object> problem = outcome.problem();

    assertThat((String) problem.get("detail")).isEqualTo("the import stopped at rows 2-3, which were rolled back: the"
        + " database cannot be reached or is restarting; retry in 1 s; nothing was written");
    assertThat(problem).containsEntry("imported", 0).containsEntry("failed", 0);
    assertThat(outcome.titles()).isEmpty();
  }

  @Test
  void aPoolTimeoutAtTheFirstChunkWrittenSaysNothingWasWrittenOnce() throws Exception {
    Map<String, Object> problem = importMeeting(new DatabaseUnavailableException("no database connection became free"
        + " in time: the server is saturated; nothing was written; retry in 1 s", true, 1, null)).problem();

    assertThat((String) problem.get("detail")).isEqualTo("the import stopped at rows 2-3, which were rolled back: no"
        + " database connection became free in time: the server is saturated; retry in 1 s; nothing was written");
  }

  @Test
  void aCommitOfUnknownOutcomeAtTheFirstChunkSaysNoRowBeforeItIsWritten() throws Exception {
    Map<String, Object> problem = importMeeting(new CommitOutcomeUnknownException(1, null)).problem();

    assertThat((String) problem.get("detail")).startsWith("the import stopped at rows 2-3, whose commit may or may not"
        + " have been stored: ").endsWith("; no rows before them are written");
  }

  @Test
  void aJobStoppedByAnOutageShowsTheRowsItGotThroughNotTheWholeFile() throws Exception {
    Scribe scribe = Scribe.create();
    try (DataStore store = DB.storeBuilder(scribe).entities(Task.class, Subtask.class).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      TaskController controller = new TaskController(tasks);
      controller.configure(Config.of(Map.of("importChunkSize", 2)));
      scribe.tier(RepositoryTier.TIER).on("preSave", args -> {
        if ("a3".equals(args.params().get("title"))) {
          throw new DatabaseUnavailableException("the database cannot be reached or is restarting; retry in 1 s", false,
              1, null);
        }
      });
      RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(server.uri().resolve(
            "/tasks/import?ignoreErrors=true&async=true")).timeout(Duration.ofSeconds(60)).header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString("title\na1\na2\na3\na4\na5\na6\n")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();

        Map<String, Object> job = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
          HttpResponse<String> status = client.send(HttpRequest.newBuilder(server.uri().resolve(location)).build(),
              HttpResponse.BodyHandlers.ofString());
          job = new Reply(status.statusCode(), status.headers(), status.body()).map();
          if (!"queued".equals(job.get("status")) && !"running".equals(job.get("status"))) {
            break;
          }
          Thread.sleep(50);
        }

        assertThat(job).as("the job's status").containsEntry("status", "failed").containsEntry("imported", 2)
            .containsEntry("rows", 6).containsKey("stopped");
        // it went through the first chunk and stopped at the second (rolled back): not the whole file, not finished
        assertThat(job).containsEntry("processed", 4).containsEntry("progress", 0.667);
      }
    }
  }

  /** Imports four rows in chunks of two, written at once (ignoreErrors), the first chunk's handler meeting {@code outage}. */
  private Outcome importMeeting(RuntimeException outage) throws Exception {
    Scribe scribe = Scribe.create();
    try (DataStore store = DB.storeBuilder(scribe).entities(Task.class, Subtask.class).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      TaskController controller = new TaskController(tasks);
      controller.configure(Config.of(Map.of("importChunkSize", 2)));
      scribe.tier(RepositoryTier.TIER).on("preSave", args -> {
        if ("a1".equals(args.params().get("title"))) {
          throw outage;
        }
      });
      RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.uri().resolve("/tasks/import?ignoreErrors=true"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString("title\na1\na2\na3\na4\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(answer.body()).hasValue("1");
        return new Outcome(new Reply(answer.statusCode(), answer.headers(), answer.body()).map(),
            DB.rows("http_tasks").stream().map(row -> row.get("title")).toList());
      }
    }
  }

  /**
   * The first row of the chunk the import stopped at, checked to be a chunk's first and worded as an outage. The
   * pool's one connection goes to the holder waiting for it as a rule, but the import's own thread may take it back
   * first (the pool prefers the thread that last used it), so the outage may meet a later chunk, or, when the rows
   * are checked before they are written, the first chunk of the writing pass.
   */
  private static int stoppedAt(String detail) {
    java.util.regex.Matcher rows = java.util.regex.Pattern.compile("^the import stopped at rows (\\d+)-(\\d+), which were"
        + " rolled back: ").matcher(detail);
    assertThat(rows.find()).as(detail).isTrue();
    int firstRow = Integer.parseInt(rows.group(1));
    assertThat(firstRow).as(detail).isIn(2, 4, 6, 8);
    assertThat(Integer.parseInt(rows.group(2))).as(detail).isEqualTo(firstRow + 1);
    assertThat(detail).contains("no database connection became free in time");
    return firstRow;
  }

  private record Outcome(Map<String, Object> problem, List<Object> titles) {}

  /** Runs the import with a pool of one connection that another unit takes while the first chunk runs. */
  private Outcome importDuringOutage(String path) throws Exception {
    Scribe scribe = Scribe.create();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    AtomicBoolean taken = new AtomicBoolean();
    try (DataStore store = DB.storeBuilder(scribe).entities(Task.class, Subtask.class)
        .poolSize(1).connectionWait(Duration.ofMillis(400)).retryAfter(Duration.ofSeconds(2)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      TaskController controller = new TaskController(tasks);
      controller.configure(Config.of(Map.of("importChunkSize", 2)));
      scribe.tier(RepositoryTier.TIER).on("preSave", args -> {
        if ("a1".equals(args.params().get("title")) && taken.compareAndSet(false, true)) {
          // The first chunk, once it ended, waits until the holder has the connection: left to the pool, the
          // import's own thread could take it back first at every chunk (the pool prefers the thread that last
          // used it) and the outage met no chunk at all on a busy machine.
          Runnable handOver = () -> {
            try {
              holding.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
          store.currentUnitOfWork().ifPresent(unit -> {
            unit.afterCommit(handOver);
            unit.afterRollback(handOver);
          });
          // waits for the only connection, which it gets as soon as the first chunk ends, and keeps it
          Thread holder = new Thread(() -> {
            while (release.getCount() > 0) {
              try {
                store.inTransaction(() -> {
                  holding.countDown();
                  try {
                    release.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return null;
                });
              } catch (DatabaseUnavailableException stillRunning) {
                // the first chunk kept the connection longer than the wait: wait for it again
              }
            }
          });
          holder.setDaemon(true);
          holder.start();
        }
      });
      RestApplication app = RestApplication.builder(store).mount("tasks", controller).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        long start = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.uri().resolve(path))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        release.countDown();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(answer.body()).hasValue("2");
        assertThat(took).as("answered after a connection wait, not after one per row left").isLessThan(Duration.ofSeconds(20));
        return new Outcome(new Reply(answer.statusCode(), answer.headers(), answer.body()).map(),
            DB.rows("http_tasks").stream().map(row -> row.get("title")).toList());
      }
    } finally {
      release.countDown();
    }
  }
}
