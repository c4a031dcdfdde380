package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskController;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that breaks during the commit of a read's unit of work (the database restarting, a backend
 * terminated) leaves nothing a client could duplicate: a {@code GET} or {@code HEAD} is answered with a plain 503
 * and {@code Retry-After}, without the {@code "outcome": "unknown"} and the "read it before sending it again" of a
 * write whose commit broke, which a {@code POST} still gets.
 */
class ReadCommitOutcomeTest {
  private final AtomicBoolean breakAfterCommit = new AtomicBoolean();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private DataStore store;
  private ScribeServer server;
  private TaskController controller;

  @BeforeEach
  void start() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:read_commit_outcome;DB_CLOSE_DELAY=-1");
    store = DataStore.builder(Scribe.create()).dataSource(breakingCommits(h2)).schemaAction("create-drop")
        .entities(Task.class, Subtask.class).build();
    TaskRepository tasks = store.register(new TaskRepository());
    controller = new TaskController(tasks);
    server = ScribeServer.start(RestApplication.builder(store).mount("tasks", controller).build(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void aReadWhoseCommitBrokeIsAPlain503WithoutAnUnknownOutcome() {
    Reply created = send("POST", "/tasks", "{\"title\":\"read me\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Object id = created.map().get("id");

    for (String path : new String[] {"/tasks/" + id, "/tasks"}) {
      breakAfterCommit.set(true);
      Reply read = send("GET", path, null);

      assertThat(read.status()).as(read.body()).isEqualTo(503);
      assertThat(read.header("Retry-After")).isEqualTo("1");
      Map<String, Object> problem = read.map();
      assertThat(problem).as(read.body()).doesNotContainKey("outcome");
      assertThat((String) problem.get("detail")).isEqualTo(problem.get("message"))
          .doesNotContain("may or may not have been stored").doesNotContain("before sending it again")
          .isEqualTo("the connection to the database broke while this read ended; it changed nothing: send it"
              + " again; retry in 1 s");
    }

    breakAfterCommit.set(true);
    Reply head = send("HEAD", "/tasks/" + id, null);
    assertThat(head.status()).isEqualTo(503);
    assertThat(head.header("Retry-After")).isEqualTo("1");

    assertThat(send("GET", "/tasks/" + id, null).status()).isEqualTo(200);
  }

  @Test
  void aWriteWhoseCommitBrokeStillSaysItsOutcomeIsUnknown() {
    breakAfterCommit.set(true);
    Reply created = send("POST", "/tasks", "{\"title\":\"stored after all\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(503);
    assertThat(created.header("Retry-After")).isEqualTo("1");
    assertThat(created.map()).containsEntry("outcome", "unknown");
    assertThat((String) created.map().get("detail")).contains("may or may not have been stored");
  }

  @Test
  void onErrorOfAReadWhoseCommitBrokeSeesThePlain503AndOfAWriteTheUnknownOutcome() {
    Reply created = send("POST", "/tasks", "{\"title\":\"read me\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    List<String> seen = new ArrayList<>();
    controller.events().on(HandlerSpec.of("onError").name("seen"), args -> {
      Map<?, ?> error = (Map<?, ?>) args.get("error");
      seen.add(args.action() + ":" + args.get("status") + ":" + error.get("outcome") + ":" + error.get("detail"));
    });

    breakAfterCommit.set(true);
    assertThat(send("GET", "/tasks/" + created.map().get("id"), null).status()).isEqualTo(503);
    breakAfterCommit.set(true);
    assertThat(send("GET", "/tasks", null).status()).isEqualTo(503);
    breakAfterCommit.set(true);
    assertThat(send("POST", "/tasks", "{\"title\":\"stored after all\"}").status()).isEqualTo(503);

    String plain = "the connection to the database broke while this read ended; it changed nothing: send it again;"
        + " retry in 1 s";
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0)).isEqualTo("show:503:null:" + plain);
    assertThat(seen.get(1)).isEqualTo("index:503:null:" + plain);
    assertThat(seen.get(2)).startsWith("store:503:unknown:").contains("may or may not have been stored");
  }

  private Reply send(String method, String path, String json) {
    return Reply.exchange(client, server.uri().resolve(path), method, json);
  }

  /** {@code dataSource}, whose connections' commit breaks once, after committing, when asked to. */
  private DataSource breakingCommits(DataSource dataSource) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(dataSource, method, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (connectionProxy, call, callArgs) -> {
                Object answer = invoke(connection, call, callArgs);
                if (call.getName().equals("commit") && breakAfterCommit.getAndSet(false)) {
                  throw new SQLNonTransientConnectionException("terminating connection due to administrator command",
                      "57P01");
                }
                return answer;
              });
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
