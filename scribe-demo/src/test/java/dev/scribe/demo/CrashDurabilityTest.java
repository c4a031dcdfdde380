package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 201 is durable: the demo, on its default embedded H2 file database, is killed with SIGKILL the moment
 * the last create is answered, three times; every task it acknowledged is there after each restart.
 */
class CrashDurabilityTest {
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

  @Test
  void aStopUnderLoadFinishesTheRequestsInFlightWithoutA500AndKeepsEveryAcknowledgedCreate() throws Exception {
    Path database = workDir.resolve("data").resolve("stop");
    Process demo = start("--port", "0", "--db", database.toString());
    DemoClient client = new DemoClient(awaitUrl(demo));
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      for (int c = 0; c < 6; c++) {
        int clientNumber = c;
        clients.submit(() -> {
          for (int i = 0; !stopping.get() || i % 50 != 0; i++) {
            String title = "Stop client " + clientNumber + " task " + i;
            TestResponse reply;
            try {
              reply = client.post("/tasks", Map.of("title", title));
            } catch (RuntimeException refused) {
              return null; // the server has stopped listening
            }
            if (reply.status() == 201) {
              acknowledged.add(title);
            } else if (reply.status() >= 500 && reply.status() != 503) {
              serverErrors.add(reply.status() + " " + reply.body());
            }
          }
          return null;
        });
      }
      Thread.sleep(1_500);
      // SIGTERM: the JVM's shutdown hooks run, the demo's among them, while the clients keep sending
      demo.destroy();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
      stopping.set(true);
    } finally {
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    // H2 closed its database from its own shutdown hook, under the commits of the requests still in flight
    assertThat(serverErrors).as("answers 5xx other than 503 while stopping").isEmpty();
    Process restarted = start("--port", "0", "--db", database.toString());
    try {
      DemoClient again = new DemoClient(awaitUrl(restarted));
      assertThat(acknowledged).isNotEmpty();
      List<String> lost = new ArrayList<>();
      for (String title : acknowledged) {
        if (((Number) again.get("/tasks/count?title=" + java.net.URLEncoder.encode(title, StandardCharsets.UTF_8))
            .map().get("count")).intValue() != 1) {
          lost.add(title);
        }
      }
      assertThat(lost).as("acknowledged tasks lost over a stop under load").isEmpty();
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
