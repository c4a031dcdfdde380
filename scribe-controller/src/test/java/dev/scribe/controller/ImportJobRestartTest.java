package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import job's status outlives the process that ran it: the application is stopped and a new one started on the
 * same H2 file, and {@code /imports/{id}} answers the job's last committed state, to its caller only. It was kept in
 * memory, and after a restart the job was a 404 and its client could not learn how many rows were written.
 */
class ImportJobRestartTest {
  private static final String NDJSON = "application/x-ndjson";
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path directory;

  /** An application on the H2 file of the test; callers name themselves in {@code X-User}. */
  private final class App implements AutoCloseable {
    final DataStore store;
    final TaskRepository tasks;
    final TaskController controller;
    final ScribeServer server;

    App() {
      store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:file:" + directory.resolve("jobs")).username("sa")
          .password("").entities(Task.class, Subtask.class).schemaAction("update").build();
      tasks = store.register(new TaskRepository());
      controller = new TaskController(tasks);
      controller.configure(Config.of(Map.of("importChunkSize", 2)));
      server = ScribeServer.start(RestApplication.builder(store).mount("tasks", controller)
          .authenticator(request -> {
            String name = request.getHeader("X-User");
            return name == null ? null : User.of("id-" + name, name);
          }).build(), 0);
    }

    Reply get(String location, String user) {
      return user == null ? Reply.exchange(client, server.uri().resolve(location), "GET", null)
          : Reply.exchange(client, server.uri().resolve(location), "GET", null, "X-User", user);
    }

    String importAs(String user, String rows) {
      Reply accepted = Reply.exchange(client, server.uri().resolve("/tasks/import?async=true&ignoreErrors=true"), "POST",
          rows, "Content-Type", NDJSON, "X-User", user);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      return accepted.header("Location");
    }

    Map<String, Object> awaitEnd(String location, String user) throws InterruptedException {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      Map<String, Object> job = get(location, user).map();
      while (List.of("queued", "running").contains(job.get("status")) && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
        job = get(location, user).map();
      }
      return job;
    }

    long written(String tag) {
      return tasks.count(dev.scribe.repository.Query.fromParams(Map.of("title[like]", tag + "%")),
          dev.scribe.repository.CallOptions.none());
    }

    @Override
    public void close() {
      server.close();
      store.close();
    }
  }

  /** True while a spooled import body in the temporary directory holds {@code tag}. */
  private static boolean spooled(String tag) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().startsWith("scribe-import-")).anyMatch(file -> {
        try {
          return java.nio.file.Files.readString(file).contains(tag);
        } catch (java.io.IOException gone) {
          return false;
        }
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String rows(String tag, int count, int blankAt) {
    StringBuilder rows = new StringBuilder();
    for (int row = 1; row <= count; row++) {
      rows.append("{\"title\":\"").append(row == blankAt ? "" : tag + " " + row).append("\"}\n");
    }
    return rows.toString();
  }

  @Test
  void aFinishedJobIsReadAfterARestartByItsCallerOnly() throws Exception {
    String tag = "done-" + UUID.randomUUID();
    String location;
    Map<String, Object> before;
    try (App app = new App()) {
      location = app.importAs("alice", rows(tag, 5, 3));
      before = app.awaitEnd(location, "alice");
      assertThat(before).containsEntry("status", "succeeded").containsEntry("imported", 4).containsEntry("failed", 1);
    }

    try (App restarted = new App()) {
      Reply after = restarted.get(location, "alice");
      assertThat(after.status()).as(after.body()).isEqualTo(200);
      assertThat(after.map()).containsEntry("status", "succeeded").containsEntry("imported", 4)
          .containsEntry("failed", 1).containsEntry("chunks", 3).containsEntry("httpStatus", 200)
          .containsEntry("id", before.get("id")).containsEntry("created", before.get("created"))
          .containsEntry("finished", before.get("finished")).containsEntry("report", before.get("report"));
      assertThat(restarted.get(location, "bob").status()).as("another caller").isEqualTo(404);
      assertThat(restarted.get(location, null).status()).as("no caller").isEqualTo(404);
      assertThat(restarted.get(location.toUpperCase(java.util.Locale.ROOT).replace("/IMPORTS/", "/imports/"), "alice")
          .status()).as("the id in upper case").isEqualTo(200);
      assertThat(restarted.written(tag)).isEqualTo(4);
    }
  }

  @Test
  void aJobTheStopCutShortIsInterruptedWithTheRowsItCommitted() throws Exception {
    String tag = "stop-" + UUID.randomUUID();
    String location;
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (App app = new App()) {
      app.tasks.events().on("preCreate", args -> {
        if ((tag + " 5").equals(args.params().get("title"))) {
          running.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      location = app.importAs("alice", rows(tag, 8, 0));
      assertThat(running.await(10, TimeUnit.SECONDS)).as("the job runs its third chunk").isTrue();
      // the stop waits for the chunk in flight (rows 5-6), which commits; no chunk starts after it. The stop has
      // reached the jobs once it deleted the job's spooled body.
      Thread releaser = new Thread(() -> {
        try {
          while (spooled(tag)) {
            Thread.sleep(20);
          }
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        release.countDown();
      });
      releaser.start();
      app.server.close();
      releaser.join();
    }

    try (App restarted = new App()) {
      Map<String, Object> job = restarted.get(location, "alice").map();
      assertThat(job).containsEntry("status", "interrupted").containsEntry("imported", 6).containsEntry("chunks", 3)
          .containsEntry("lastRow", 6).containsEntry("httpStatus", 503);
      assertThat((String) job.get("stopped")).isEqualTo("the application stopped before rows 7-8; the 6 rows before"
          + " them are written");
      assertThat(restarted.written(tag)).isEqualTo(6);
      assertThat(restarted.get(location, "bob").status()).isEqualTo(404);
    }
  }

  @Test
  void aJobAnotherLiveProcessRunsIsShownRunningThereWithWhatItsCommittedChunksWrote() throws Exception {
    String tag = "live-" + UUID.randomUUID();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (App first = new App()) {
      first.tasks.events().on("preCreate", args -> {
        if ((tag + " 5").equals(args.params().get("title"))) {
          running.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      String location = first.importAs("alice", rows(tag, 8, 0));
      try {
        assertThat(running.await(10, TimeUnit.SECONDS)).as("the job runs its third chunk").isTrue();
        // a second instance of the application on the same database, as behind one load balancer: the job is no
        // job of its own, but the process running it is alive, and the job's client must not be told to send the
        // rows after the last committed chunk again while that process goes on writing them
        try (App second = new App()) {
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ImportJobs.STALE_MILLIS + 3_000);
          do {
            Reply seen = second.get(location, "alice");
            assertThat(seen.status()).as(seen.body()).isEqualTo(200);
            assertThat(seen.map()).containsEntry("status", "running").containsEntry("phase", "writing")
                .containsEntry("imported", 4).containsEntry("chunks", 2).containsEntry("lastRow", 4)
                .doesNotContainKey("stopped");
            Thread.sleep(500);
          } while (System.nanoTime() < until);
          assertThat(second.get(location, "bob").status()).isEqualTo(404);
        }
      } finally {
        release.countDown();
      }
      assertThat(first.awaitEnd(location, "alice")).containsEntry("status", "succeeded").containsEntry("imported", 8);
    }
  }

  @Test
  void aJobWhoseProcessWentSilentIsInterruptedWithTheRowsItsCommittedChunksWrote() throws Exception {
    String id = UUID.randomUUID().toString();
    try (App app = new App()) {
      assertThat(app.get("/imports/" + UUID.randomUUID(), "alice").status()).as("creates the table").isEqualTo(404);
      // the row as a process killed in the middle of the job's third chunk leaves it: running, two chunks
      // committed, its last heartbeat longer ago than a live process lets pass
      long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      long silentSince = now - TimeUnit.MILLISECONDS.toMicros(ImportJobs.STALE_MILLIS + 1_000);
      try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + directory.resolve("jobs"), "sa", "");
           PreparedStatement insert = connection.prepareStatement("insert into scribe_import_jobs (id, resource, caller,"
               + " runner, status, phase, dry_run, row_count, imported, failed, chunks, last_row, created_at,"
               + " heartbeat_at) values (?, 'tasks', 'user:id-alice', ?, 'running', 'writing', false, 8, 4, 0, 2, 4,"
               + " ?, ?)")) {
        insert.setString(1, id);
        insert.setString(2, UUID.randomUUID().toString());
        insert.setLong(3, silentSince - 1_000_000);
        insert.setLong(4, silentSince);
        insert.executeUpdate();
      }
      Reply seen = app.get("/imports/" + id, "alice");
      assertThat(seen.status()).as(seen.body()).isEqualTo(200);
      assertThat(seen.map()).containsEntry("status", "interrupted").containsEntry("phase", "writing")
          .containsEntry("imported", 4).containsEntry("chunks", 2).containsEntry("lastRow", 4)
          .containsKey("finished").doesNotContainKey("httpStatus");
      assertThat((String) seen.map().get("stopped")).isEqualTo("the application stopped while the job was"
          + " writing; 4 rows are written, in 2 committed chunks up to row 4 of the file; nothing after that row"
          + " is; send the rows after it again");
      assertThat(app.get("/imports/" + id, "alice").map()).as("marked so in its row").containsEntry("status",
          "interrupted");
      assertThat(app.get("/imports/" + id, "bob").status()).isEqualTo(404);
    }
  }
}
