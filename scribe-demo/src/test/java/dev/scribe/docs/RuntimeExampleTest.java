package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.UnitOfWork;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of docs/runtime.md and docs/conflicts.md, run as shown there. */
class RuntimeExampleTest {
  static class UniqueTitles extends Repository<Task, Long> {
    // tag::verify-lock[]
    void verifyCreate(EventArgs args) {
      String title = String.valueOf(args.params().get("title")).strip().toLowerCase(Locale.ROOT);
      UnitOfWork unit = store().currentUnitOfWork().orElseThrow();
      unit.lock("task-title", title);                  // held to the end of the unit of work
      boolean open = !unit.entityManager()
          .createQuery("select t.id from Task t where lower(t.title) = :title and t.completed = false", Long.class)
          .setParameter("title", title).setMaxResults(1).getResultList().isEmpty();
      if (open) {
        throw new Veto(409, "a task with this title is already open");
      }
    }
    // end::verify-lock[]
  }

  @Test
  void aPooledStoreAndABoundedServer() throws Exception {
    Scribe scribe = Scribe.create();
    String secret = "";
    // tag::runtime-store[]
    DataStore store = DataStore.builder(scribe)
        .jdbcUrl("jdbc:h2:mem:runtime;DB_CLOSE_DELAY=-1").username("sa").password(secret)
        .poolSize(10)                              // default 10 connections
        .connectionWait(Duration.ofSeconds(5))     // default 5 s, at least 250 ms
        .retryAfter(Duration.ofSeconds(1))         // the Retry-After proposed to clients, default 1 s
        .entities(Task.class, Subtask.class)
        .schemaAction("create-drop")
        .build();
    // end::runtime-store[]
    store.register(new TaskRepository());
    RestApplication app = RestApplication.builder(store).mount("tasks", store.register(new SubtaskRepository())).build();
    // tag::runtime-server[]
    ScribeServer server = ScribeServer.builder()
        .host("127.0.0.1").port(0)               // every interface and port 0 (any free port) by default
        .maxThreads(200).minThreads(8)           // bounded thread pool
        .maxConnections(1000)                    // bounds the requests in progress or waiting for a thread
        .idleTimeout(Duration.ofSeconds(30))     // silent connection closed; stalled request answered 408
        .maxRequestHeaderBytes(8 * 1024)         // request line + headers; beyond: 414 / 431
        .bufferedBodyBytes(1 << 20)              // body read without a thread before the application runs
        .stopTimeout(Duration.ofSeconds(30))     // graceful stop: in-flight requests finish
        .application("/*", app)
        .start();
    // end::runtime-server[]
    try {
      HttpResponse<String> longUrl = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(server.uri().resolve("/tasks?title=" + "x".repeat(9000))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(longUrl.statusCode()).isEqualTo(414);
      assertThat(longUrl.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    } finally {
      server.close();
      store.close();
    }
  }

  @Test
  void aRetriedUpdateAndAnAtomicVerifyRule() {
    try (DataStore store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:conflicts;DB_CLOSE_DELAY=-1")
        .entities(Task.class, Subtask.class).schemaAction("create-drop").build()) {
      UniqueTitles tasks = store.register(new UniqueTitles());
      Long id = tasks.create(Map.of("title", "Pack")).id;

      // tag::retrying[]
      Task task = store.retrying(5, () -> tasks.update(id, Map.of("priority", 2)));
      // end::retrying[]

      assertThat(task.priority).isEqualTo(2);
      assertThatThrownBy(() -> tasks.create(Map.of("title", " PACK ")))
          .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(409));
      assertThat(tasks.createBatch(List.of(Map.of("title", "Unpack")), CallOptions.none()).items()).hasSize(1);
    }
  }
}
