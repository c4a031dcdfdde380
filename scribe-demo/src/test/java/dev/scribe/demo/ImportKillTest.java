package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.http.bulk.ImportJobs;
import dev.scribe.testing.TestResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, on its embedded H2 file database, is killed with SIGKILL in the middle of an import job; started again,
 * it answers the job's {@code /imports/{id}} as interrupted, with exactly the rows its committed chunks wrote. It was a
 * 404, and the client could not learn how many rows were written.
 */
class ImportKillTest {
  private static final int ROWS = 100_000;

  @TempDir
  Path workDir;

  @Test
  void aJobKilledMidwayIsInterruptedAfterTheRestartWithTheRowsItCommitted() throws Exception {
    Path database = workDir.resolve("data").resolve("kill");
    String tag = "Killed import " + UUID.randomUUID();
    StringBuilder rows = new StringBuilder();
    for (int row = 1; row <= ROWS; row++) {
      rows.append("{\"title\":\"").append(tag).append(' ').append(row).append("\"}\n");
    }
    String location;
    Map<String, Object> seen;
    Process demo = start("--port", "0", "--db", database.toString());
    try {
      DemoClient client = new DemoClient(awaitUrl(demo));
      TestResponse accepted = client.postAs("/tasks/import?ignoreErrors=true", "application/x-ndjson", rows.toString());
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      location = accepted.header("Location");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      seen = client.get(location).map();
      while (((Number) seen.get("chunks")).longValue() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
        seen = client.get(location).map();
      }
    } finally {
      demo.destroyForcibly();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen).as("the job, just before the kill").containsEntry("status", "running");

    Process restarted = start("--port", "0", "--db", database.toString());
    try {
      DemoClient client = new DemoClient(awaitUrl(restarted));
      // the killed process wrote no more heartbeats on the job's row: once they are overdue the job is interrupted
      long overdue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ImportJobs.STALE_MILLIS + 20_000);
      TestResponse after = client.get(location);
      while (after.status() == 200 && "running".equals(after.map().get("status")) && System.nanoTime() < overdue) {
        Thread.sleep(200);
        after = client.get(location);
      }
      assertThat(after.status()).as(after.body()).isEqualTo(200);
      Map<String, Object> job = after.map();
      long written = ((Number) client.get("/tasks/count?title[like]=" + URLEncoder.encode(tag + "%",
          StandardCharsets.UTF_8)).map().get("count")).longValue();
      assertThat(job).containsEntry("status", "interrupted").containsEntry("phase", "writing");
      assertThat(((Number) job.get("imported")).longValue()).as("rows the job's row counts, rows in the table")
          .isEqualTo(written);
      assertThat(((Number) job.get("chunks")).longValue()).isGreaterThanOrEqualTo(2);
      assertThat(written).as("rows written before the kill").isGreaterThanOrEqualTo(((Number) seen.get("imported"))
          .longValue()).isLessThan(ROWS);
      assertThat(((Number) job.get("lastRow")).longValue()).isEqualTo(written);
      assertThat((String) job.get("stopped")).contains(written + " rows are written");
    } finally {
      restarted.destroy();
      assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Process start(String... flags) throws IOException {
    return DemoProcesses.start(workDir, flags);
  }

  private static URI awaitUrl(Process process) throws IOException {
    return DemoProcesses.awaitUrl(process);
  }
}
