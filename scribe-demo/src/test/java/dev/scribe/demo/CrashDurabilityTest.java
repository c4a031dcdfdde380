package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 201 is durable: the demo, on its default embedded H2 file database, is killed with SIGKILL the moment
 * the last create is answered, three times; every task it acknowledged is there after each restart.
 */
class CrashDurabilityTest {
  private static final Pattern LISTENING = Pattern.compile("Scribe demo listening on (http://\\S+)");
  private static final int ROUNDS = 3;
  private static final int CREATES = 10;

  @TempDir
  Path workDir;

  @Test
  void noAcknowledgedCreateIsLostWhenTheProcessIsKilledRightAfterTheAnswer() throws Exception {
    Path database = workDir.resolve("data").resolve("crash");
    List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    for (int round = 0; round < ROUNDS; round++) {
      Process demo = start("--port", "0", "--db", database.toString());
      try {
        DemoClient client = new DemoClient(awaitUrl(demo));
        List<Long> ids = acknowledged;
        for (long id : List.copyOf(ids)) {
          assertThat(client.get("/tasks/" + id).status()).as("task %d, acknowledged before a kill", id).isEqualTo(200);
        }
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
          List<Future<?>> creates = new ArrayList<>();
          for (int i = 0; i < CREATES; i++) {
            String title = "Crash round " + round + " task " + i;
            creates.add(clients.submit(() -> {
              TestResponse reply = client.post("/tasks", Map.of("title", title));
              assertThat(reply.status()).as(reply.body()).isEqualTo(201);
              ids.add(((Number) reply.map().get("id")).longValue());
              return null;
            }));
          }
          for (Future<?> create : creates) {
            create.get(60, TimeUnit.SECONDS);
          }
        } finally {
          clients.shutdownNow();
        }
      } finally {
        demo.destroyForcibly();
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }

    Process last = start("--port", "0", "--db", database.toString());
    try {
      DemoClient client = new DemoClient(awaitUrl(last));
      List<Long> lost = new ArrayList<>();
      for (long id : acknowledged) {
        if (client.get("/tasks/" + id).status() != 200) {
          lost.add(id);
        }
      }
      assertThat(acknowledged).hasSize(ROUNDS * CREATES);
      assertThat(lost).as("acknowledged tasks lost over %d SIGKILL rounds", ROUNDS).isEmpty();
    } finally {
      last.destroy();
      assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Process start(String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DemoMain.class.getName()));
    command.addAll(List.of(flags));
    return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
  }

  private static URI awaitUrl(Process process) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (lines.readLine() != null) {
              // keep the pipe from filling up
            }
          } catch (IOException ignored) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return URI.create(matcher.group(1));
      }
    }
    throw new AssertionError("the demo exited without printing its URL:\n" + seen);
  }
}
