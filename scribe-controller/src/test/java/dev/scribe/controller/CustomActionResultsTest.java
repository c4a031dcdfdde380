package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Subtask;
import dev.scribe.controller.fixture.Task;
import dev.scribe.controller.fixture.TaskRepository;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a custom action answers, when it is not a record, a page or a list of records: records inside a map or a
 * list, records of another entity and an {@code Optional} are rendered as records are, never by Jackson as
 * objects (which walked each association back and forth until the nesting limit, a 500, and would have sent
 * fields the path hides). So are records a handler puts in the directive or the result of any action, wherever
 * the response's writer meets them.
 */
class CustomActionResultsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static ScribeServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** A controller with one item action answering whatever the test chooses. */
  static final class Answering extends Controller<Task, Long> {
    static volatile Function<EventArgs, Object> answer;

    Answering(TaskRepository tasks) {
      super(tasks);
      configure(Config.of(Map.of("hiddenFields", List.of("secret"))));
      action("answer", ActionScope.ITEM, args -> answer.apply(args));
    }
  }

  @BeforeAll
  static void serve() {
    server = ScribeServer.start(RestApplication.builder(http.store).mount("answering", new Answering(http.tasks)).build(), 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long taskWithASubtask() {
    long id = http.createTask("{\"title\":\"pack\"}");
    http.execute("update http_tasks set secret = 'under the mat' where id = " + id);
    assertThat(http.post("/tasks/" + id + "/subtasks", "{\"title\":\"socks\"}").status()).isEqualTo(201);
    return id;
  }

  private static Reply answer(long id, Function<EventArgs, Object> answer) {
    Answering.answer = answer;
    return Reply.exchange(CLIENT, server.uri().resolve("/answering/" + id + "/answer"), "POST", null);
  }

  @Test
  void aRecordInsideAMapOrAListIsRenderedAsARecordWithoutTheFieldsThePathHides() {
    long id = taskWithASubtask();

    Reply inMap = answer(id, args -> Map.of("task", args.entity(), "count", 1));
    Reply inList = answer(id, args -> Map.of("tasks", List.of(args.entity())));

    assertThat(inMap.status()).as(inMap.body()).isEqualTo(200);
    assertThat(inMap.map()).containsEntry("count", 1);
    assertThat((Map<String, Object>) inMap.map().get("task")).containsEntry("id", (int) id)
        .containsEntry("title", "pack").doesNotContainKeys("secret", "subtasks");
    assertThat(inList.status()).as(inList.body()).isEqualTo(200);
    assertThat((List<Map<String, Object>>) inList.map().get("tasks")).singleElement()
        .satisfies(task -> assertThat(task).containsEntry("title", "pack").doesNotContainKey("secret"));
  }

  @Test
  void recordsOfAnotherEntityAreRenderedAsRecordsTheirLinksAsIds() {
    long id = taskWithASubtask();

    Reply subtasks = answer(id, args -> ((Task) args.entity()).subtasks);

    assertThat(subtasks.status()).as(subtasks.body()).isEqualTo(200);
    assertThat(subtasks.body()).startsWith("[").contains("\"title\":\"socks\"").contains("\"task\":" + id);
  }

  @Test
  void anOptionalIsWhatItHoldsAndAnEmptyOneIsNoContent() {
    long id = taskWithASubtask();

    Reply present = answer(id, args -> Optional.of(args.entity()));
    Reply empty = answer(id, args -> Optional.empty());

    assertThat(present.status()).as(present.body()).isEqualTo(200);
    assertThat(present.map()).containsEntry("title", "pack").doesNotContainKey("secret");
    assertThat(present.headers().firstValue("ETag")).hasValue("\"0\"");
    assertThat(empty.status()).isEqualTo(204);
  }

  @Test
  void aRecordAHandlerPutsInTheDirectiveOfABuiltInActionIsRenderedAsARecord() {
    long id = taskWithASubtask();
    http.taskController.configure(Config.of(Map.of("hiddenFields", List.of("secret"))));
    http.on(http.taskController.events(), "onPostShow", args -> {
      ControllerTier.directive(args).put("same", args.entity());
      ControllerTier.directive(args).put("subtasks", ((Task) args.entity()).subtasks);
    });

    Reply show = http.get("/tasks/" + id);

    assertThat(show.status()).as(show.body()).isEqualTo(200);
    assertThat((Map<String, Object>) show.map().get("same")).containsEntry("title", "pack").doesNotContainKey("secret");
    assertThat((List<Map<String, Object>>) show.map().get("subtasks")).singleElement()
        .satisfies(subtask -> assertThat(subtask).containsEntry("title", "socks").containsEntry("task", (int) id));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRecordAHandlerPutsInTheResultOfShowIsRenderedAsARecordNotWrittenWithEveryField() {
    long id = taskWithASubtask();
    http.taskController.configure(Config.of(Map.of("hiddenFields", List.of("secret"))));
    http.on(http.taskController.events(), "onPostShow", args -> {
      Task task = (Task) args.entity();
      Map<String, Object> result = (Map<String, Object>) args.result();
      result.put("related", task);
      result.put("subtasks", task.subtasks); // a subtask links back to its task: both ways
      result.put("byName", Map.of("socks", task.subtasks.get(0), "itself", List.of(task)));
    });

    Reply show = http.get("/tasks/" + id);

    assertThat(show.status()).as(show.body()).isEqualTo(200);
    assertThat(show.body()).doesNotContain("under the mat");
    assertThat((Map<String, Object>) show.map().get("related")).containsEntry("id", (int) id)
        .containsEntry("title", "pack").doesNotContainKeys("secret", "subtasks");
    assertThat((List<Map<String, Object>>) show.map().get("subtasks")).singleElement()
        .satisfies(subtask -> assertThat(subtask).containsEntry("title", "socks").containsEntry("task", (int) id));
    Map<String, Object> byName = (Map<String, Object>) show.map().get("byName");
    assertThat((Map<String, Object>) byName.get("socks")).containsEntry("task", (int) id);
    assertThat((List<Map<String, Object>>) byName.get("itself")).singleElement()
        .satisfies(task -> assertThat(task).containsEntry("title", "pack").doesNotContainKey("secret"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRecordsOfAPageAHandlerPutsInTheResultOfIndexAreRenderedAsRecords() {
    long id = taskWithASubtask();
    http.taskController.configure(Config.of(Map.of("hiddenFields", List.of("secret"))));
    http.on(http.taskController.events(), "onPostIndex", args ->
        ((Map<String, Object>) args.result()).put("records", args.get(EventArgs.RESULTS)));

    Reply index = http.get("/tasks");

    assertThat(index.status()).as(index.body()).isEqualTo(200);
    assertThat(index.body()).doesNotContain("under the mat");
    assertThat((List<Map<String, Object>>) index.map().get("records")).singleElement()
        .satisfies(task -> assertThat(task).containsEntry("id", (int) id).doesNotContainKey("secret"));
  }

  @Test
  void aStreamAnIteratorOrAnIterableOfRecordsIsAnsweredAsAListOfRecordsAndTheStreamIsClosed() {
    long id = taskWithASubtask();
    AtomicBoolean closed = new AtomicBoolean();

    Reply stream = answer(id, args -> Stream.of(args.entity()).onClose(() -> closed.set(true)));
    Reply iterator = answer(id, args -> List.of(args.entity()).iterator());
    Reply iterable = answer(id, args -> (Iterable<Object>) () -> List.of(args.entity()).iterator());

    for (Reply reply : List.of(stream, iterator, iterable)) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat((List<Map<String, Object>>) reply.map().get("items")).singleElement()
          .satisfies(task -> assertThat(task).containsEntry("title", "pack").doesNotContainKey("secret"));
    }
    assertThat(closed).isTrue();
  }

  @Test
  void aStreamOfValuesOrOfAnotherEntitysRecordsIsAnsweredAsAList() {
    long id = taskWithASubtask();

    Reply values = answer(id, args -> Stream.of("a", "b"));
    Reply numbers = answer(id, args -> IntStream.of(1, 2));
    Reply subtasks = answer(id, args -> ((Task) args.entity()).subtasks.stream());

    assertThat(values.status()).as(values.body()).isEqualTo(200);
    assertThat(values.body()).isEqualTo("[\"a\",\"b\"]");
    assertThat(numbers.body()).isEqualTo("[1,2]");
    assertThat(subtasks.status()).as(subtasks.body()).isEqualTo(200);
    assertThat(subtasks.body()).startsWith("[").contains("\"title\":\"socks\"").contains("\"task\":" + id);
  }
}
