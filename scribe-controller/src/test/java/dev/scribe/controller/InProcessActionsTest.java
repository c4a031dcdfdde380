package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The actions run in-process, without HTTP, with the same events, statuses and bodies. */
class InProcessActionsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void storeShowUpdateIndexAndDestroyWorkWithoutHttp() {
    Controller<?, ?> tasks = http.taskController;

    ActionResponse created = tasks.store(ActionRequest.builder().body(Map.of("title", "in-process")).build());
    Object id = ((Map<?, ?>) created.body()).get("id");
    ActionResponse shown = tasks.show(ActionRequest.builder().id(id).build());
    ActionResponse updated = tasks.update(ActionRequest.builder().id(id).body(Map.of("priority", 4))
        .header("If-Match", shown.header("ETag")).build());
    ActionResponse listed = tasks.index(ActionRequest.builder().query("priority[gte]", "4").build());
    ActionResponse counted = tasks.count(ActionRequest.empty());
    ActionResponse destroyed = tasks.destroy(ActionRequest.builder().id(id).build());

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/tasks/" + id);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.header("ETag")).isEqualTo("\"0\"");
    assertThat(((Map<?, ?>) updated.body()).get("priority")).isEqualTo(4);
    assertThat(((Map<?, ?>) listed.body()).get("total")).isEqualTo(1L);
    assertThat(counted.body()).isEqualTo(Map.of("count", 1L));
    assertThat(destroyed.status()).isEqualTo(204);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aFailedInProcessActionAnswersTheProblemInsteadOfThrowing() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      throw new Veto(409, "no more tasks today");
    });

    ActionResponse response = http.taskController.store(ActionRequest.builder().body(Map.of("title", "x")).build());

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.body()).isEqualTo(Map.of("title", "Conflict", "status", 409, "detail", "no more tasks today",
        "message", "no more tasks today"));
  }

  @Test
  void showWithoutAnIdIsAUsageErrorSayingHowToBuildTheRequest() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.show(ActionRequest.empty()))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("show(...) got a request without an id; build it with ActionRequest.builder().id(...), or call"
            + " index(...) for a list");
  }

  /** A handler method that returns something: not a handler the kernel can call. */
  static final class WrongSignature extends Controller<dev.scribe.controller.fixture.Task, Long> {
    WrongSignature(dev.scribe.controller.fixture.TaskRepository tasks) {
      super(tasks);
    }

    boolean onPreStore(dev.scribe.core.EventArgs args) {
      return true;
    }
  }

  @Test
  void aHandlerMethodWithAWrongSignatureIsTheCallersErrorNotTheActions500() {
    WrongSignature controller = new WrongSignature(http.tasks);

    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> controller.store(ActionRequest.builder().body(Map.of("title", "x")).build()))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageContaining("onPreStore");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void performingAnActionThatIsNotDeclaredNamesTheDeclaredOnes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.perform("nope", ActionRequest.empty()))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("TaskController[tasks] has no collection action 'nope'; ")
        .hasMessageNotContaining("Declared[").hasMessageNotContaining("Lambda");
  }

  @Test
  void performingAnActionWithoutItsNameOrWithTheWrongScopeSaysWhatToChange() {
    long id = http.createTask("{\"title\":\"a\"}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.perform(null, ActionRequest.empty()))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("perform(null, ...) on TaskController[tasks]: pass the name of a custom action; its actions are"
            + " complete (item), find (collection)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.perform("complete", ActionRequest.empty()))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("perform(\"complete\", ...) on TaskController[tasks] got a request without an id, but complete is an"
            + " item action: give it the record's id, ActionRequest.builder().id(...).build()");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> http.taskController.perform("find", ActionRequest.builder().id(id).build()))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("perform(\"find\", ...) on TaskController[tasks] got a request with the id " + id + ", but find is a"
            + " collection action: build the request without an id");
  }

  @Test
  void aNullRequestOrAttachmentStoreIsAUsageErrorNamingTheArgument() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.perform("complete", null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("perform(\"complete\", null): pass the request, ActionRequest.empty()");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.taskController.attachments(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("attachments(null): pass where the files are kept, e.g. AttachmentStore.database()");
  }

  @Test
  void aNullArgumentToTheControllerApiIsAUsageErrorNamingWhatToPass() {
    Controller<?, ?> tasks = http.taskController;
    for (Runnable call : List.<Runnable>of(() -> tasks.index(null), () -> tasks.count(null), () -> tasks.store(null),
        () -> tasks.show(null), () -> tasks.update(null), () -> tasks.destroy(null))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
          .isInstanceOf(dev.scribe.core.UsageException.class)
          .hasMessageMatching("(index|count|store|show|update|destroy)\\(null\\): pass the request, e\\.g\\. "
              + "ActionRequest\\.empty\\(\\) or .*");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Controller<>(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("new Controller(null): pass the repository the controller serves");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.configure(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("configure(null) on TaskController[tasks]: pass the options");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestApplication.builder(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("RestApplication.builder(null): pass the DataStore");
    // a closed store was taken, and every request of the application it built failed: refused as IdentityStore.builder
    // and Outbox.install refuse one
    dev.scribe.repository.DataStore closed = dev.scribe.repository.DataStore.builder(dev.scribe.core.Scribe.create())
        .jdbcUrl("jdbc:h2:mem:closed-application").entities(dev.scribe.controller.fixture.Task.class,
            dev.scribe.controller.fixture.Subtask.class).schemaAction("create-drop").build();
    closed.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestApplication.builder(closed))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("RestApplication.builder(store): the DataStore is closed; pass an open DataStore, whose repositories"
            + " the controllers serve");
    RestApplication.Builder builder = RestApplication.builder(http.store);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.mount("tasks", (Controller<?, ?>) null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("a null controller cannot be mounted");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.mount("tasks", (dev.scribe.repository.Repository<?, ?>) null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("mount(\"tasks\", null): pass the controller or the registered repository");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.trace(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("trace(null): pass TraceOptions.enabled() or TraceOptions.disabled()");
    // taken for the default mapper, where every other setting's null is refused: a mapper meant but missing went unseen
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.objectMapper(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("objectMapper(null): pass the Jackson ObjectMapper for request and response bodies, or leave it unset"
            + " for the default, which reads floats as BigDecimal and writes ISO-8601 dates");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScribeServer.start(null, 0))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("application(\"/*\", null): pass the RestApplication to serve");
  }

  @Test
  void readingARequestHeaderByANullNameIsAUsageErrorNotANullPointerException() {
    ActionRequest request = ActionRequest.builder().header("If-Match", "\"3\"").build();

    org.assertj.core.api.Assertions.assertThat(request.header("if-match")).isEqualTo("\"3\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> request.header(null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("ActionRequest.header(null): pass the name of the header to read, e.g. header(\"If-Match\")");
  }

  @Test
  void aNullHeaderNameOrQueryParameterIsAUsageErrorNamingWhatToPass() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequest.builder().header(null, "\"3\""))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("ActionRequest.builder().header(null, \"3\"): pass the header's name, e.g. header(\"If-Match\", etag)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequest.builder().query(null, "open"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("ActionRequest.builder().query(null, open): pass the parameter's name, e.g. query(\"status\", \"open\")");
    for (Object value : java.util.Arrays.asList(null, java.util.Arrays.asList("open", null))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequest.builder().query("status", value))
          .isInstanceOf(dev.scribe.core.UsageException.class)
          .hasMessage("ActionRequest.builder().query(\"status\", " + value + "): pass the parameter's value (a list for"
              + " several), or leave the parameter out");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionRequest.builder().query((Map<String, ?>) null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("ActionRequest.builder().query(null): pass the query parameters by name");
  }

  @Test
  void anInProcessBatchStoreTakesAListOfMaps() {
    ActionResponse response = http.taskController.store(ActionRequest.builder()
        .body(List.of(Map.of("title", "a"), Map.of("title", "b"))).build());

    assertThat(response.status()).isEqualTo(201);
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aNestedInProcessStoreUsesTheParentGiven() {
    long task = http.createTask("{\"title\":\"parent\"}");

    ActionResponse response = http.subtaskController.store(ActionRequest.builder().resource("tasks.subtasks")
        .parent("task", task).body(Map.of("title", "child")).build());

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Location")).startsWith("/tasks/" + task + "/subtasks/");
    assertThat(((Map<?, ?>) response.body()).get("task")).isEqualTo(task);
  }

  @Test
  void aResourcePathThatIsNoDottedNameIsRefusedWhereItIsGiven() {
    // before, the request was built and the action answered 500
    assertThatThrownBy(() -> ActionRequest.builder().resource("a b"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("ActionRequest.builder().resource(\"a b\"): the segment 'a b' is not a name; a resource path is"
            + " names (letters, digits, _ or -) separated by dots, such as \"tasks\" or \"admin.tasks\"");
    assertThatThrownBy(() -> ActionRequest.builder().resource("tasks..x"))
        .isInstanceOf(dev.scribe.core.UsageException.class);
    assertThatThrownBy(() -> ActionRequest.builder().resource("**"))
        .isInstanceOf(dev.scribe.core.UsageException.class);
    assertThat(http.taskController.index(ActionRequest.builder().resource("admin.tasks").build()).status()).isEqualTo(200);
  }
}
