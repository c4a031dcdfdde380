package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the demo, run as a real process: flags, exit codes, shutdown, and a restart that keeps the data. */
class DemoProcessTest {

  @TempDir
  Path workDir;

  @Test
  void aBadFlagPrintsTheUsageAndExitsWithTwo() throws Exception {
    Result result = run("--prot", "8080");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).startsWith("scribe-demo: unknown flag '--prot'\nusage: java -jar scribe-demo.jar");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void aRefusedAdminPasswordIsAUsageErrorAndADatabaseThatCannotOpenIsALineNotAStackTrace() throws Exception {
    Result shortPassword = run("--db", "mem", "--admin-password", "short");
    Files.writeString(workDir.resolve("blocker"), "a file where the database's folder should be");
    Result unopenable = run("--port", "0", "--db", workDir.resolve("blocker").resolve("tracker").toString());

    assertThat(shortPassword.exitCode()).isEqualTo(2);
    // what is wrong with it in words, not the HTTP answer's "see errors" and a Java map of the errors
    assertThat(shortPassword.stderr()).startsWith("scribe-demo: --admin-password: the password must have at least 10"
            + " characters; choose another\n").contains("usage: java -jar scribe-demo.jar")
        .doesNotContain("\tat ").doesNotContain("see errors").doesNotContain("{password=");
    assertThat(unopenable.exitCode()).isEqualTo(1);
    assertThat(unopenable.stderr()).contains("scribe-demo: could not start: ").doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    // what is wrong with the path, and what to check: not the credentials, nor whether a server is running
    assertThat(unopenable.stderr()).contains(workDir.resolve("blocker") + " is not a directory")
        .contains("check that the database's directory exists or can be created, and that this user may write it")
        .doesNotContain("credentials");
  }

  @Test
  void aDatabaseFileThatIsNotAnH2DatabaseSaysSoInALine() throws Exception {
    Files.writeString(workDir.resolve("damaged.mv.db"), "not a database at all");

    Result damaged = run("--port", "0", "--db", workDir.resolve("damaged").toString());

    assertThat(damaged.exitCode()).isEqualTo(1);
    assertThat(damaged.stderr()).startsWith("scribe-demo: could not start: ").doesNotContain("\tat ")
        .contains("is not a readable H2 database (damaged, or written by another H2 version)")
        .doesNotContain("credentials");
    assertThat(damaged.stderr().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void aTemporaryDirectoryThatCannotBeWrittenMakesImportsAndLargeDownloads503NotAStackTrace() throws Exception {
    Process demo = command(List.of("-Djava.io.tmpdir=" + workDir.resolve("no-such-directory")),
        "--port", "0", "--db", workDir.resolve("tracker").toString(), "--admin-password", "admin password 1")
        .redirectErrorStream(true).start();
    try {
      DemoClient client = new DemoClient(awaitUrl(demo));
      assertThat(client.putAs("/tasks/1/files/large.txt", "text/plain", "x".repeat(300_000)).status())
          .as("the database store writes no temporary file").isEqualTo(201);

      TestResponse download = client.get("/tasks/1/files/large.txt");
      TestResponse importing = client.postAs("/tasks/import", "text/csv", "title\nImported\n");

      assertThat(download.status()).isEqualTo(503);
      assertThat(download.header("Retry-After")).isEqualTo("30");
      assertThat(download.body()).contains("could not create its temporary file").contains("nothing was sent");
      assertThat(importing.status()).isEqualTo(503);
      assertThat(importing.body()).contains("could not create a temporary file for the import");
      assertThat(client.get("/tasks?title=Imported").map()).containsEntry("total", 0);
    } finally {
      stop(demo);
    }
  }

  @Test
  void listEventsPrintsEveryTierWithItsHandlersInDispatchOrderAndExits() throws Exception {
    Result result = run("--db", "mem", "--list-events");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .contains("controller TaskController\n  onStart\n    TaskController.onStart [own_method, priority 0, on TaskController]\n")
        .contains("  onPostIndex\n    adminView [named, priority 0, path admin.**, on tier]\n")
        .contains("repository TaskRepository\n")
        .contains("  verifyCreate\n    TaskRepository.verifyCreate [own_method, priority 0, on TaskRepository]\n")
        .contains("  postCreate\n    AuditSubscriber.postCreate [subscriber, priority 0, on tier]\n")
        .contains("  preSave\n    trimTitle [named, priority 0, path **, on tier]\n")
        .contains("entity Task\n")
        .contains("  prePersist\n    Task.prePersist [own_method, priority 0, on Task]\n");
  }

  @Test
  void startsPrintsItsUrlStopsCleanlyAndKeepsItsDataAcrossRestarts() throws Exception {
    Path database = workDir.resolve("data").resolve("tracker");

    long created;
    Process first = start("--port", "0", "--db", database.toString());
    try {
      DemoClient client = new DemoClient(awaitUrl(first));
      assertThat(client.get("/tasks").map()).containsEntry("total", 3);
      created = client.createTask(Map.of("title", "Survive a restart"));
      // a second process on the same file is refused by H2's file lock, and says so
      Result second = run("--port", "0", "--db", database.toString());
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.stderr()).contains("could not start").contains("another process has this database file open")
          .doesNotContain("\tat ");
    } finally {
      stop(first);
    }
    assertThat(Files.exists(workDir.resolve("data").resolve("tracker.mv.db"))).isTrue();

    Process second = start("--port", "0", "--db", database.toString());
    try {
      DemoClient client = new DemoClient(awaitUrl(second));
      assertThat(client.get("/tasks/" + created).map()).containsEntry("title", "Survive a restart");
      assertThat(client.get("/tasks").map()).containsEntry("total", 4);
    } finally {
      stop(second);
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result run(String... flags) throws Exception {
    Process process = command(flags).start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), stdout, stderr);
  }

  private Process start(String... flags) throws IOException {
    return command(flags).redirectErrorStream(true).start();
  }

  private ProcessBuilder command(String... flags) {
    return command(List.of(), flags);
  }

  private ProcessBuilder command(List<String> jvmOptions, String... flags) {
    return DemoProcesses.command(workDir, jvmOptions, flags);
  }

  private static URI awaitUrl(Process process) throws IOException {
    return DemoProcesses.awaitUrl(process);
  }

  /**
   * SIGTERM as a service manager sends it: the shutdown hook closes Jetty and the database, and the orderly stop exits
   * with 0 (it was the JVM's 143, which systemd and supervisors read as a crash).
   */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the demo stops within 30 s of SIGTERM").isTrue();
    assertThat(process.exitValue()).as("the exit code of a stop by SIGTERM").isZero();
  }
}
