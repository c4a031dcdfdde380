package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The import jobs' queue and their kept results are shared fairly between callers: one caller, or every client
 * without credentials together, filled the 16 waiting places and every other caller's import was a 503; and a flood of
 * small imports by one caller pushed the other callers' finished jobs out of the 100 kept, whose
 * {@code /imports/{id}} was then a 404 before they could read its report. The flood runs first, so that it counts
 * the finished jobs kept exactly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportJobFairnessTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b, b -> b.authenticator(request -> {
    String name = request.getHeader("X-User");
    return name == null ? null : User.of("id-" + name, name);
  }));
  private static final String NDJSON = "application/x-ndjson";

  private static Reply importAs(String user, String title) {
    return user == null
        ? http.send("POST", "/tasks/import?async=true&dryRun=true", "{\"title\":\"" + title + "\"}\n", "Content-Type", NDJSON)
        : http.send("POST", "/tasks/import?async=true&dryRun=true", "{\"title\":\"" + title + "\"}\n", "Content-Type", NDJSON,
            "X-User", user);
  }

  @Test
  @Order(2)
  void oneCallerOrTheAnonymousOnesTogetherCannotFillTheQueue() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    http.on(http.tasks.events(), "preCreate", args -> {
      if ("hold".equals(args.params().get("title"))) {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    List<String> accepted = new ArrayList<>();
    Reply aliceRefused;
    Reply anonymousRefused;
    Reply bob;
    try {
      Reply held = importAs("carol", "hold");
      assertThat(held.status()).isEqualTo(202);
      accepted.add(held.header("Location"));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      aliceRefused = flood("alice", accepted);
      anonymousRefused = flood(null, accepted);
      bob = importAs("bob", "mine");
    } finally {
      release.countDown();
    }

    assertThat(aliceRefused.status()).as(aliceRefused.body()).isEqualTo(429);
    assertThat(aliceRefused.header("Retry-After")).isEqualTo("30");
    assertThat(aliceRefused.map().get("detail")).isEqualTo("tasks.import: you already have 4 import jobs waiting, as"
        + " many as one caller may (ImportJobLimits maxWaitingPerCaller); retry in 30 s, when one of them has started,"
        + " or send a smaller file without async=true");
    assertThat(anonymousRefused.status()).as(anonymousRefused.body()).isEqualTo(503);
    assertThat(anonymousRefused.header("Retry-After")).isEqualTo("30");
    assertThat(anonymousRefused.map().get("detail")).isEqualTo("tasks.import: 8 import jobs of callers without"
        + " credentials are already waiting, as many as they may together (ImportJobLimits maxAnonymousWaiting); send"
        + " credentials, or retry in 30 s");
    assertThat(accepted).hasSize(1 + 4 + 8);
    assertThat(bob.status()).as(bob.body()).isEqualTo(202);
    assertThat(awaitJob(bob.header("Location"), "bob")).containsEntry("status", "succeeded");
    for (String location : accepted.subList(0, 5)) {
      String owner = location.equals(accepted.get(0)) ? "carol" : "alice";
      assertThat(awaitJob(location, owner)).containsEntry("status", "succeeded");
    }
  }

  @Test
  @Order(1)
  void aFloodOfSmallImportsPushesOutItsCallersOwnResultsAndNotAnothers() throws Exception {
    Reply bob = importAs("bob", "kept");
    assertThat(bob.status()).isEqualTo(202);
    String bobs = bob.header("Location");
    assertThat(awaitJob(bobs, "bob")).containsEntry("status", "succeeded");

    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      Reply reply = importAs("alice", "flood" + i);
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      alices.add(reply.header("Location"));
      assertThat(awaitJob(reply.header("Location"), "alice")).containsEntry("status", "succeeded");
    }

    assertThat(http.send("GET", bobs, null, "X-User", "bob").status()).as("bob's job, finished before the flood")
        .isEqualTo(200);
    assertThat(http.send("GET", alices.get(0), null, "X-User", "alice").status()).as("alice's oldest").isEqualTo(404);
    assertThat(http.send("GET", alices.get(109), null, "X-User", "alice").status()).isEqualTo(200);
    long keptOfAlice = alices.stream().filter(location -> http.send("GET", location, null, "X-User", "alice").status()
        == 200).count();
    assertThat(keptOfAlice).as("100 in all, bob's among them").isEqualTo(99);
  }

  @Test
  void theBoundsAreCheckedWhenBuiltAndNamed() {
    assertThatThrownBy(() -> ImportJobLimits.builder().maxWaitingPerCaller(0)).isInstanceOf(ConfigurationException.class)
        .hasMessage("ImportJobLimits.builder().maxWaitingPerCaller(0): must be at least 1 and at most 10000 (the import"
            + " jobs one identified caller may have waiting at once)");
    assertThatThrownBy(() -> ImportJobLimits.builder().kept(-1)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("ImportJobLimits.builder().kept(-1): must be at least 1 and at most 100000");
    assertThatThrownBy(() -> ImportJobLimits.builder().maxWaiting(20_000)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("ImportJobLimits.builder().maxWaiting(20000): must be at least 1 and at most 10000");
    assertThatThrownBy(() -> ImportJobLimits.builder().maxAnonymousWaiting(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("ImportJobLimits.builder().maxAnonymousWaiting(0)");
    // a null is a UsageException, as the builder's other settings' (trace(null), console(null)) are; it was a
    // ConfigurationException
    assertThatThrownBy(() -> RestApplication.builder(http.store).importJobs(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("importJobs(null): pass ImportJobLimits.defaults() or ImportJobLimits.builder()...build()");
    ImportJobLimits cut = ImportJobLimits.builder().maxWaiting(6).maxWaitingPerCaller(50).build();
    assertThat(cut.maxWaitingPerCaller()).isEqualTo(6);
    assertThat(ImportJobLimits.defaults().maxWaiting()).isEqualTo(16);
    assertThat(ImportJobLimits.defaults().maxWaitingPerCaller()).isEqualTo(4);
    assertThat(ImportJobLimits.defaults().kept()).isEqualTo(100);
  }

  /** Imports as {@code user} until one is refused, which it answers; the accepted ones' locations go to {@code into}. */
  private static Reply flood(String user, List<String> into) {
    for (int i = 0; i < 40; i++) {
      Reply reply = importAs(user, "flood" + i);
      if (reply.status() != 202) {
        return reply;
      }
      into.add(reply.header("Location"));
    }
    throw new AssertionError("40 imports of " + user + " were all taken");
  }

  private static Map<String, Object> awaitJob(String location, String user) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Map<String, Object> job = http.send("GET", location, null, "X-User", user).map();
    while (!List.of("succeeded", "failed").contains(job.get("status")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      job = http.send("GET", location, null, "X-User", user).map();
    }
    return job;
  }
}
