package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.Controller;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.controller.TraceOptions;
import dev.scribe.core.Config;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.testing.TestClient;
import dev.scribe.testing.TestResponse;
import dev.scribe.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/http.md, docs/input.md, docs/bulk.md and docs/console.md, run as shown there. */
class HttpExampleTest {
  private DataStore store;
  private TaskRepository tasks;
  private TaskController taskController;
  private ScribeServer server;
  private TestClient client;

  @BeforeEach
  void start() {
    // tag::http-app[]
    Scribe scribe = Scribe.builder().trace(true).build();
    DataStore store = DataStore.builder(scribe).jdbcUrl("jdbc:h2:mem:http;DB_CLOSE_DELAY=-1")
        .entities(Task.class, Subtask.class).schemaAction("create-drop").build();
    TaskRepository tasks = store.register(new TaskRepository());
    SubtaskRepository subtasks = store.register(new SubtaskRepository());
    TaskController taskController = new TaskController(tasks);

    RestApplication app = RestApplication.builder(store)
        .mount("tasks", taskController)                                // /tasks,        paths tasks.*
        .mount("admin", "tasks", taskController)                       // /admin/tasks,  paths admin.tasks.*
        .nest("tasks", "subtasks", new Controller<>(subtasks), "task") // /tasks/{id}/subtasks, paths tasks.subtasks.*
        .maxBodyBytes(1 << 20)                                         // 413 above this (default 1 MiB)
        .trace(TraceOptions.enabled().blacklist("/health", "/_scribe/**"))
        .introspection(true)                                           // GET /_scribe/events
        .build();

    ScribeServer server = ScribeServer.start(app, 0);   // Jetty 12 (ee10) on any free port; server.uri() tells which
    // or, in any servlet container: register app.servlet() at "/*" (app.start() fires onStart)
    // end::http-app[]
    this.store = store;
    this.tasks = tasks;
    this.taskController = taskController;
    this.server = server;
    this.client = TestClient.of(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void theResourceAnswersAsTheGuideSays() {
    TestResponse created = client.post("/tasks", "{\"title\":\"Write docs\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/tasks/" + created.map().get("id"));
    assertThat(created.header("X-Scribe-Path")).isEqualTo("tasks.store");
    assertThat(created.map()).doesNotContainKey("internalNotes").containsEntry("priority", 3);
    Object id = created.map().get("id");

    TestResponse shown = client.get("/tasks/" + id);
    assertThat(shown.map()).doesNotContainKeys("createdBy", "internalNotes")
        .containsEntry("subtasks", "/tasks/" + id + "/subtasks");
    TestResponse admin = client.get("/admin/tasks/" + id);
    assertThat(admin.map()).containsEntry("internalNotes", "created over HTTP");
    assertThat(client.delete("/admin/tasks/" + id).status()).isEqualTo(405);
    assertThat(client.get("/tasks?size=51").status()).isEqualTo(400);

    assertThat(client.post("/tasks/" + id + "/complete", null).map()).containsEntry("completed", true);
    TestResponse again = client.post("/tasks/" + id + "/complete", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.map()).containsEntry("detail", "task " + id + " is already completed");

    TestResponse found = client.post("/tasks/find", "{\"completed\":\"true\",\"sort\":\"-id\"}");
    assertThat(found.map()).containsEntry("total", 1);

    TestResponse subtask = client.post("/tasks/" + id + "/subtasks", "{\"title\":\"Proofread\"}");
    assertThat(subtask.status()).isEqualTo(201);
    assertThat(client.get("/_scribe/events").status()).isEqualTo(200);
  }

  @Test
  void anExportHasTheColumnsTheHandlerChose() {
    client.post("/tasks", "{\"title\":\"Shown\"}");
    client.post("/tasks", "{\"title\":\"Archived\",\"archived\":true}");

    TestResponse csv = client.get("/tasks.csv?fields=id,title");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body().lines()).containsExactly("id,name,url", "1,Shown,/tasks/1");
  }

  @Test
  void theActionsRunInProcess() {
    // tag::in-process[]
    ActionResponse created = taskController.store(ActionRequest.builder().body(Map.of("title", "Write docs")).build());
    ActionResponse page = taskController.index(ActionRequest.builder().query("completed", "false").query("sort", "-priority").build());
    created.status();            // 201
    created.header("Location");  // /tasks/1
    // end::in-process[]
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/tasks/1");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isInstanceOfSatisfying(Map.class, body -> assertThat(body.get("total")).isEqualTo(1L));
  }

  @Test
  void nextUrlsPointWhereTheyAreConfigured() {
    // tag::next-urls[]
    taskController.configure(Config.of(Map.of("createNext", "/tasks/[id]/subtasks"))
        .override("admin.**", Map.of("deleteNext", true)));
    // end::next-urls[]
    TestResponse created = client.post("/tasks", "{\"title\":\"Next\"}");
    assertThat(created.header("Location")).isEqualTo("/tasks/" + created.map().get("id") + "/subtasks");
    assertThat(created.header("Content-Location")).isEqualTo("/tasks/" + created.map().get("id"));
  }

  @Test
  void theConsoleIsOnlyForWhomItAllows() {
    // tag::console[]
    RestApplication app = RestApplication.builder(store)
        .mount("tasks", taskController)
        .console(ConsoleOptions.enabled()
            .capacity(500)                                      // requests kept (default 200)
            .maxEntries(500)                                    // handler runs kept per request (default 500)
            .ignore("/health")                                  // URL globs never recorded
            .requireRole("admin")                               // only signed-in admins (default: everyone)
            .access(request -> request.getRemoteAddr().startsWith("127.")))   // any further rule on the request
        .build();
    // end::console[]
    try (TestServer console = TestServer.serve(app)) {
      assertThat(console.client().get("/_scribe/requests").status()).isIn(401, 403);
    }
  }

}
