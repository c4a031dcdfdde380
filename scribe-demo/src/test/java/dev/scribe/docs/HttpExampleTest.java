package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/http.md, docs/input.md, docs/bulk.md and docs/console.md, run as shown there. */
class HttpExampleTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private DataStore store;
  private TaskRepository tasks;
  private TaskController taskController;
  private ScribeServer server;

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
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void theResourceAnswersAsTheGuideSays() throws Exception {
    Reply created = send("POST", "/tasks", "{\"title\":\"Write docs\"}");
    assertThat(created.status).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/tasks/" + created.json().get("id"));
    assertThat(created.header("X-Scribe-Path")).isEqualTo("tasks.store");
    assertThat(created.json()).doesNotContainKey("internalNotes").containsEntry("priority", 3);
    Object id = created.json().get("id");

    Reply shown = send("GET", "/tasks/" + id, null);
    assertThat(shown.json()).doesNotContainKeys("createdBy", "internalNotes")
        .containsEntry("subtasks", "/tasks/" + id + "/subtasks");
    Reply admin = send("GET", "/admin/tasks/" + id, null);
    assertThat(admin.json()).containsEntry("internalNotes", "created over HTTP");
    assertThat(send("DELETE", "/admin/tasks/" + id, null).status).isEqualTo(405);
    assertThat(send("GET", "/tasks?size=51", null).status).isEqualTo(400);

    assertThat(send("POST", "/tasks/" + id + "/complete", null).json()).containsEntry("completed", true);
    Reply again = send("POST", "/tasks/" + id + "/complete", null);
    assertThat(again.status).isEqualTo(409);
    assertThat(again.json()).containsEntry("detail", "task " + id + " is already completed");

    Reply found = send("POST", "/tasks/find", "{\"completed\":\"true\",\"sort\":\"-id\"}");
    assertThat(found.json()).containsEntry("total", 1);

    Reply subtask = send("POST", "/tasks/" + id + "/subtasks", "{\"title\":\"Proofread\"}");
    assertThat(subtask.status).isEqualTo(201);
    assertThat(send("GET", "/_scribe/events", null).status).isEqualTo(200);
  }

  @Test
  void anExportHasTheColumnsTheHandlerChose() throws Exception {
    send("POST", "/tasks", "{\"title\":\"Shown\"}");
    send("POST", "/tasks", "{\"title\":\"Archived\",\"archived\":true}");

    Reply csv = send("GET", "/tasks.csv?fields=id,title", null);

    assertThat(csv.status).isEqualTo(200);
    assertThat(csv.body.lines()).containsExactly("id,name,url", "1,Shown,/tasks/1");
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
  void nextUrlsPointWhereTheyAreConfigured() throws Exception {
    // tag::next-urls[]
    taskController.configure(Config.of(Map.of("createNext", "/tasks/[id]/subtasks"))
        .override("admin.**", Map.of("deleteNext", true)));
    // end::next-urls[]
    Reply created = send("POST", "/tasks", "{\"title\":\"Next\"}");
    assertThat(created.header("Location")).isEqualTo("/tasks/" + created.json().get("id") + "/subtasks");
    assertThat(created.header("Content-Location")).isEqualTo("/tasks/" + created.json().get("id"));
  }

  @Test
  void theConsoleIsOnlyForWhomItAllows() throws Exception {
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
    try (ScribeServer console = ScribeServer.start(app, 0)) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(console.uri().resolve("/_scribe/requests")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isIn(401, 403);
    }
  }

  record Reply(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of()).stream().findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() throws Exception {
      return new ObjectMapper().readValue(body, Map.class);
    }
  }

  private Reply send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri().toString()).resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers().map(), response.body());
  }
}
