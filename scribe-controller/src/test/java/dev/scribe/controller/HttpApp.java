package dev.scribe.controller;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.SubtaskRepository;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Config;
import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Tier;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running application for the HTTP tests: tasks at {@code /tasks} and {@code /admin/tasks} (the
 * same controller), subtasks nested at {@code /tasks/{id}/subtasks}, Jetty on an ephemeral port, and
 * the database the {@code scribe.test.db} property selects. {@link #reset()} empties the tables and
 * removes what a test attached.
 *
 * <p>Registered as a JUnit extension it serves the whole class: it resets before each test and closes
 * after the class. Started on its own, it is closed by its user.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HttpApp http = HttpApp.start();
 * }</pre>
 */
final class HttpApp implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
  final TestDatabase database;
  final Scribe scribe;
  final DataStore store;
  final TaskRepository tasks;
  final SubtaskRepository subtasks;
  final TaskController taskController;
  final Controller<Subtask, Long> subtaskController;
  final RestApplication app;
  final ScribeServer server;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private final List<Subscription> subscriptions = new ArrayList<>();

  private HttpApp(UnaryOperator<Scribe.Builder> scribeOptions, Consumer<RestApplication.Builder> appOptions) {
    database = TestDatabase.create();
    try {
      database.open("http");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the test database: " + e.getMessage(), e);
    }
    scribe = scribeOptions.apply(Scribe.builder()).build();
    store = database.store(scribe, Task.class, Subtask.class);
    tasks = store.register(new TaskRepository());
    subtasks = store.register(new SubtaskRepository());
    taskController = new TaskController(tasks);
    subtaskController = new Controller<>(subtasks);
    RestApplication.Builder builder = RestApplication.builder(store)
        .mount("tasks", taskController)
        .mount("admin", "tasks", taskController)
        .nest("tasks", "subtasks", subtaskController, "task");
    appOptions.accept(builder);
    app = builder.build();
    server = ScribeServer.start(app, 0);
  }

  static HttpApp start() {
    return new HttpApp(b -> b, b -> {});
  }

  static HttpApp start(UnaryOperator<Scribe.Builder> scribeOptions, Consumer<RestApplication.Builder> appOptions) {
    return new HttpApp(scribeOptions, appOptions);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Attaches a lambda until the next {@link #reset()}. */
  void on(EventManager manager, String event, EventHandler handler) {
    subscriptions.add(manager.on(event, handler));
  }

  /** Attaches a lambda to a whole tier until the next {@link #reset()}. */
  void onTier(Tier tier, String event, EventHandler handler) {
    on(scribe.tier(tier), event, handler);
  }

  void reset() {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
    taskController.configure(Config.empty());
    subtaskController.configure(Config.empty());
    execute("delete from http_subtasks", "delete from http_tasks");
  }

  // ---- HTTP ----

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply post(String path, String json) {
    return send("POST", path, json);
  }

  Reply patch(String path, String json, String... headers) {
    return send("PATCH", path, json, headers);
  }

  Reply put(String path, String json, String... headers) {
    return send("PUT", path, json, headers);
  }

  Reply delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  /** Sends JSON ({@code Content-Type: application/json} unless a header says otherwise); headers as name, value pairs. */
  Reply send(String method, String path, String body, String... headers) {
    return Reply.exchange(client, uri(path), method, body, headers);
  }

  /** POSTs JSON without a Content-Length (chunked), so the server learns the size only by reading. */
  Reply postChunked(String path, String json) {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code body} as raw bytes with {@code Content-Type: application/json}, for bodies that are not valid UTF-8. */
  Reply sendBytes(String method, String path, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * GETs {@code target} written into the request line exactly as given, over a plain socket: the HTTP client
   * refuses to send a malformed URI such as {@code /tasks?title=%zz}, which is the point of the request.
   */
  Reply rawGet(String target) {
    URI base = server.uri();
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int headersEnd = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, headersEnd).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
      }
      return new Reply(status, java.net.http.HttpHeaders.of(headers, (name, value) -> true), response.substring(headersEnd + 4));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  /** Creates a task over HTTP and returns its id. */
  long createTask(String json) {
    Reply reply = post("/tasks", json);
    if (reply.status() != 201) {
      throw new IllegalStateException("could not create a task: " + reply);
    }
    return ((Number) reply.map().get("id")).longValue();
  }

  long createSubtask(long taskId, String json) {
    Reply reply = post("/tasks/" + taskId + "/subtasks", json);
    if (reply.status() != 201) {
      throw new IllegalStateException("could not create a subtask: " + reply);
    }
    return ((Number) reply.map().get("id")).longValue();
  }

  // ---- database, read directly over JDBC ----

  long rows(String table) {
    return database.count(table);
  }

  /** Every row of {@code sql}, each as column (lower case) to value. */
  List<Map<String, Object>> query(String sql) {
    try (Connection connection = database.connection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  void execute(String... statements) {
    try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + List.of(statements) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      store.close();
    } finally {
      try {
        database.close();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop the test database: " + e.getMessage(), e);
      }
    }
  }
}
