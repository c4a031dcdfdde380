package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool of one connection held by a slow unit of work: the next request waits the configured
 * connection wait, then gets 503 problem+json with {@code Retry-After}, and writes nothing; the slow
 * one still commits.
 */
class PoolSaturationTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Retry-After is whole seconds, at least 1 (RFC 9110 delta-seconds), never sooner than the configured delay:
   * 1500 ms was proposed as 1 s, the fraction cut off.
   */
  @ParameterizedTest
  @CsvSource({"2000, 2", "1500, 2", "1, 1", "0, 1"})
  void aSaturatedPoolIsAnswered503WithRetryAfterAndWritesNothing(long retryAfterMillis, String retryAfter)
      throws Exception {
    Scribe scribe = Scribe.create();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (DataStore store = DB.storeBuilder(scribe).entities(Task.class, Subtask.class)
        .poolSize(1).connectionWait(Duration.ofMillis(400)).retryAfter(Duration.ofMillis(retryAfterMillis)).build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      scribe.tier(RepositoryTier.TIER).on("preSave", args -> {
        if ("slow".equals(args.params().get("title"))) {
          holding.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      RestApplication app = RestApplication.builder(store).mount("tasks", new TaskController(tasks)).build();
      try (ScribeServer server = ScribeServer.start(app, 0)) {
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(post(server, "{\"title\":\"slow\"}"),
            HttpResponse.BodyHandlers.ofString());
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("the slow create holds the only connection").isTrue();

        long start = System.nanoTime();
        HttpResponse<String> refused = client.send(post(server, "{\"title\":\"refused\"}"), HttpResponse.BodyHandlers.ofString());
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        HttpResponse<String> read = client.send(HttpRequest.newBuilder(server.uri().resolve("/tasks")).build(),
            HttpResponse.BodyHandlers.ofString());
        release.countDown();

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue(retryAfter);
        Map<String, Object> problem = new Reply(503, refused.headers(), refused.body()).map();
        assertThat(problem).containsEntry("status", 503).containsEntry("title", "Service Unavailable");
        assertThat((String) problem.get("detail")).isEqualTo(
            "no database connection became free in time: the server is saturated; nothing was written; retry in " + retryAfter + " s");
        assertThat(waited).as("answered after the connection wait, not much later").isBetween(
            Duration.ofMillis(350), Duration.ofSeconds(10));
        assertThat(read.statusCode()).isEqualTo(503);
        assertThat(read.headers().firstValue("Retry-After")).hasValue(retryAfter);

        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(DB.rows("http_tasks")).extracting(row -> row.get("title")).containsExactly("slow");

        HttpResponse<String> after = client.send(post(server, "{\"title\":\"after\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the pool serves again once the connection is back").isEqualTo(201);
      }
    }
  }

  private static HttpRequest post(ScribeServer server, String json) {
    return HttpRequest.newBuilder(server.uri().resolve("/tasks")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }
}
