package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.fixture.Task;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What controller handlers put into the args is what the action continues with and what is sent. */
class HandlerFlowBackTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void aFilterAddedToTheQueryInOnPreIndexKeepsPagingAndTotalRight() {
    http.createTask("{\"title\":\"a\",\"status\":\"OPEN\"}");
    http.createTask("{\"title\":\"b\",\"status\":\"DONE\"}");
    http.createTask("{\"title\":\"c\",\"status\":\"OPEN\"}");
    http.on(http.taskController.events(), "onPreIndex", args -> args.query().putIfAbsent("status", "OPEN"));

    Reply page = http.get("/tasks?sort=title&size=1");
    Reply count = http.get("/tasks/count");

    assertThat(page.items()).extracting(item -> item.get("title")).containsExactly("a");
    assertThat(page.map()).containsEntry("total", 2);
    assertThat(count.map()).containsEntry("count", 2);
  }

  @Test
  void aHandlerThatReplacesTheQueryWithAStringIsNamedInTheErrorTheApplicationSees() {
    List<Object> failures = new ArrayList<>();
    http.on(http.taskController.events(), "onPreIndex", args -> args.put(EventArgs.QUERY, "status=OPEN"));
    http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

    Reply reply = http.get("/tasks");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(failures).singleElement().isInstanceOfSatisfying(ArgsContractException.class, e -> {
      assertThat(e.key()).isEqualTo("query");
      assertThat(e.handler()).matches("lambda#\\d+@HandlerFlowBackTest");
      assertThat(e.getMessage()).isEqualTo("handler " + e.handler() + " put a java.lang.String under the args key"
          + " 'query', which must hold a Map; change the entries of the Map that is there instead of replacing it,"
          + " or put the data under another key");
    });
  }

  @Test
  void aHandlerThatRemovesTheParamsOfAStoreOrAnUpdateBreaksTheArgsContractAndNothingIsWritten() {
    long id = http.createTask("{\"title\":\"kept\"}");
    List<Object> failures = new ArrayList<>();
    http.on(http.taskController.events(), "onPreStore", args -> args.remove(EventArgs.PARAMS));
    http.on(http.taskController.events(), "onPreUpdate", args -> args.put(EventArgs.PARAMS, null));
    http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

    assertThat(http.post("/tasks", "{\"title\":\"new\"}").status()).isEqualTo(500);
    assertThat(http.patch("/tasks/" + id, "{\"title\":\"changed\"}").status()).isEqualTo(500);
    assertThat(http.patch("/tasks?title=kept", "{\"title\":\"changed\"}").status()).isEqualTo(500);

    assertThat(failures).extracting(Object::getClass).containsOnly((Class) ArgsContractException.class);
    assertThat(failures).extracting(e -> ((Exception) e).getMessage()).containsExactly(
        "a handler removed 'params' from the args of tasks.store (or put null there); change the entries of the"
            + " params map, or put another map there",
        "a handler removed 'params' from the args of tasks.update (or put null there); change the entries of the"
            + " params map, or put another map there",
        "a handler removed 'params' from the args of tasks.update (or put null there); change the entries of the"
            + " params map, or put another map there");
    assertThat(http.query("select title from http_tasks")).containsExactly(Map.of("title", "kept"));
  }

  @Test
  void paramsChangedInOnPreStoreAreWhatIsStored() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      args.params().put("title", ((String) args.params().get("title")).strip());
      args.params().putIfAbsent("status", "OPEN");
    });

    Reply reply = http.post("/tasks", "{\"title\":\"  padded  \"}");

    assertThat(reply.map()).containsEntry("title", "padded").containsEntry("status", "OPEN");
    assertThat(http.query("select title, status from http_tasks").get(0))
        .isEqualTo(Map.of("title", "padded", "status", "OPEN"));
  }

  @Test
  void aNestedStoreWhoseHandlerReplacesOrAddsRecordsStillWritesThemUnderTheParentOfTheUrl() {
    long task = http.createTask("{\"title\":\"parent\"}");
    http.on(http.subtaskController.events(), "onPreStore", args -> {
      if (Boolean.TRUE.equals(args.get(ControllerTier.IMPORT))) {
        @SuppressWarnings("unchecked")
        List<Object> rows = (List<Object>) args.get(EventArgs.PARAMS);
        rows.replaceAll(row -> Map.of("title", "imported, rewritten by a handler"));
      } else if (Boolean.TRUE.equals(args.get(ControllerTier.BATCH))) {
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) args.get(EventArgs.PARAMS);
        records.add(Map.of("title", "added by a handler"));
      } else {
        args.put(EventArgs.PARAMS, Map.of("title", "replaced by a handler"));
      }
    });

    Reply one = http.post("/tasks/" + task + "/subtasks", "{\"title\":\"sent\"}");
    Reply batch = http.post("/tasks/" + task + "/subtasks", "[{\"title\":\"sent in a batch\"}]");
    Reply imported = http.send("POST", "/tasks/" + task + "/subtasks/import", "title\r\nimported\r\n",
        "Content-Type", "text/csv");

    assertThat(one.status()).isEqualTo(201);
    assertThat(http.get(one.header("Location")).status()).isEqualTo(200);
    assertThat(batch.status()).isEqualTo(201);
    assertThat(http.get("/tasks/" + task + "/subtasks?sort=id").items()).extracting(item -> item.get("title"))
        .containsExactly("replaced by a handler", "sent in a batch", "added by a handler",
            "imported, rewritten by a handler");
    assertThat(imported.status()).isEqualTo(200);
    assertThat(http.query("select title from http_subtasks where task_id is null")).isEmpty();
  }

  @Test
  void aNestedReplaceWhoseHandlerReplacesTheParamsKeepsTheChildUnderItsParent() {
    long task = http.createTask("{\"title\":\"parent\"}");
    long subtask = http.createSubtask(task, "{\"title\":\"child\"}");
    http.on(http.subtaskController.events(), "onPreUpdate", args -> args.put(EventArgs.PARAMS,
        Map.of("title", "replaced by a handler")));

    Reply replaced = http.put("/tasks/" + task + "/subtasks/" + subtask, "{\"title\":\"sent\"}");

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(http.get("/tasks/" + task + "/subtasks/" + subtask).map()).containsEntry("title", "replaced by a handler");
    assertThat(http.query("select title, task_id from http_subtasks"))
        .containsExactly(Map.of("title", "replaced by a handler", "task_id", task));
  }

  @Test
  void recordsReadsTheParamsOfASingleStoreAndOfABatchAlike() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      for (Map<String, Object> record : Controller.records(args)) {
        record.putIfAbsent("priority", 7);
      }
    });

    Reply one = http.post("/tasks", "{\"title\":\"one\"}");
    Reply batch = http.post("/tasks", "[{\"title\":\"two\"},{\"title\":\"three\",\"priority\":1}]");

    assertThat(one.map()).containsEntry("priority", 7);
    assertThat(batch.items()).extracting(item -> item.get("priority")).containsExactly(7, 1);
  }

  @Test
  void aFieldRemovedFromTheResultInOnPostShowIsNotSent() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPostShow", args -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) args.result();
      result.remove("secret");
    });

    Reply reply = http.get("/tasks/" + id);

    assertThat(reply.map()).doesNotContainKey("secret").containsKey("title");
  }

  @Test
  void resultsFilteredInOnPostIndexAreWhatIsSent() {
    http.createTask("{\"title\":\"keep\"}");
    http.createTask("{\"title\":\"drop\"}");
    http.on(http.taskController.events(), "onPostIndex", args -> {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) args.result()).get("items");
      items.removeIf(item -> item.get("title").equals("drop"));
    });

    assertThat(http.get("/tasks").items()).extracting(item -> item.get("title")).containsExactly("keep");
  }

  @Test
  void aDirectiveIsMergedIntoTheResponseBody() {
    http.on(http.taskController.events(), "onPostStore", args -> ControllerTier.directive(args).put("next", "/tasks/new"));

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    assertThat(reply.map()).containsEntry("next", "/tasks/new").containsEntry("title", "a");
  }

  @Test
  void theDirectiveTheCatalogueListsIsAMapInTheArgsOfEveryPostEvent() {
    long id = http.createTask("{\"title\":\"a\"}");
    for (String event : List.of("onPostIndex", "onPostShow", "onPostStore", "onPostUpdate", "onPostDestroy")) {
      http.on(http.taskController.events(), event, args -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> directive = (Map<String, Object>) args.get(ControllerTier.DIRECTIVE);
        directive.put("seenBy", event);
      });
    }
    http.on(http.taskController.actionEvents(), "onPostComplete",
        args -> ((Map<String, Object>) args.get(ControllerTier.DIRECTIVE)).put("seenBy", "onPostComplete"));

    assertThat(http.get("/tasks").map()).containsEntry("seenBy", "onPostIndex");
    assertThat(http.get("/tasks/" + id).map()).containsEntry("seenBy", "onPostShow");
    assertThat(http.post("/tasks", "{\"title\":\"b\"}").map()).containsEntry("seenBy", "onPostStore");
    assertThat(http.patch("/tasks/" + id, "{\"title\":\"c\"}").map()).containsEntry("seenBy", "onPostUpdate");
    assertThat(http.post("/tasks/" + id + "/complete", "{}").map()).containsEntry("seenBy", "onPostComplete");
    Reply destroyed = http.delete("/tasks/" + id);
    assertThat(destroyed.status()).isEqualTo(200);
    assertThat(destroyed.map()).isEqualTo(Map.of("seenBy", "onPostDestroy"));
  }

  @Test
  void anEmptyDirectiveLeavesTheAnswerAsItIs() {
    long id = http.createTask("{\"title\":\"a\"}");
    assertThat(http.delete("/tasks/" + id).status()).isEqualTo(204);
  }

  @Test
  void aDirectiveThatIsNoMapBreaksTheArgsContractInsteadOfBeingPassedOver() {
    long id = http.createTask("{\"title\":\"kept\"}");
    List<Object> failures = new ArrayList<>();
    http.on(http.taskController.events(), "onPostUpdate", args -> args.put(ControllerTier.DIRECTIVE, "reload"));
    http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

    assertThat(http.patch("/tasks/" + id, "{\"title\":\"changed\"}").status()).isEqualTo(500);

    assertThat(failures).singleElement().isInstanceOfSatisfying(ArgsContractException.class, e -> {
      assertThat(e.key()).isEqualTo("directive");
      assertThat(e.getMessage()).isEqualTo("a handler put a java.lang.String under 'directive' of tasks.update; the"
          + " directive is a map merged into the response body: add to it with ControllerTier.directive(args).put(key,"
          + " value)");
    });
    assertThat(http.query("select title from http_tasks")).containsExactly(Map.of("title", "kept"));
  }

  // a record a handler puts in place of the result is sent as an object, so the directive is merged into it as
  // into the action's own result. Before, the directive was dropped with a warning in the log
  @Test
  void aDirectiveIsMergedIntoARecordAHandlerPutInPlaceOfTheResult() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPostShow", args -> {
      args.result(args.entity());
      ControllerTier.directive(args).put("links", Map.of("all", "/tasks"));
    });

    Reply reply = http.get("/tasks/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("title", "a").containsEntry("links", Map.of("all", "/tasks"));
  }

  // a result that is no object (a list, a text) has no place for the directive's keys: the handler's instruction
  // breaks the args contract, as a directive that is no map does, naming the way out. Before, the directive was
  // dropped with a warning in the log, and the client got an answer without what the handler meant to send
  @Test
  void aDirectiveWithAResultThatIsNoObjectBreaksTheArgsContractInsteadOfBeingDropped() {
    long id = http.createTask("{\"title\":\"kept\"}");
    List<Object> failures = new ArrayList<>();
    http.on(http.taskController.events(), "onPostUpdate", args -> {
      args.result(new ArrayList<>(List.of("a", "b")));
      ControllerTier.directive(args).put("next", "/tasks/new");
    });
    http.on(http.taskController.events(), "onError", args -> failures.add(args.get(ControllerTier.EXCEPTION)));

    assertThat(http.patch("/tasks/" + id, "{\"title\":\"changed\"}").status()).isEqualTo(500);

    assertThat(failures).singleElement().isInstanceOfSatisfying(ArgsContractException.class, e -> {
      assertThat(e.key()).isEqualTo("directive");
      assertThat(e.getMessage()).isEqualTo("a handler set the directive [next] of tasks.update, but the result is a"
          + " java.util.ArrayList, not an object, so the directive cannot be merged into it; put the"
          + " result under a key of a map (args.result(Map.of(\"items\", list))), or leave the directive empty");
    });
    assertThat(http.query("select title from http_tasks")).containsExactly(Map.of("title", "kept"));
  }

  @Test
  void aDirectiveOnDestroyTurnsTheEmpty204IntoA200WithTheDirective() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPostDestroy", args -> ControllerTier.directive(args).put("undo", "/tasks/" + id + "/restore"));

    Reply reply = http.delete("/tasks/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"undo\":\"/tasks/" + id + "/restore\"}");
  }

  // reference.md, onPostIndex … onPostDestroy: "the same + result, directive, entity / results (the entities)"
  @Test
  void onPostDestroyCarriesTheDeletedEntityOrTheEntitiesOfTheBatch() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");
    long c = http.createTask("{\"title\":\"c\"}");
    List<Object> seen = new ArrayList<>();
    http.on(http.taskController.events(), "onPostDestroy", args -> seen.add(args.containsKey(EventArgs.ENTITY)
        ? "entity " + args.entity(Task.class).title
        : "results " + args.results().stream().map(task -> ((Task) task).title).toList()));

    assertThat(http.delete("/tasks/" + a).status()).isEqualTo(204);
    assertThat(http.send("DELETE", "/tasks", "[" + b + "," + c + "]").status()).isEqualTo(204);

    assertThat(seen).containsExactly("entity a", "results [b, c]");
  }

  // reference.md, args keys: parentId, parentAttribute "nested resources' actions | the parent record's id and the
  // attribute that holds it"
  @Test
  void everyActionOfANestedResourceCarriesTheParentsIdAndAttribute() {
    long task = http.createTask("{\"title\":\"parent\"}");
    List<String> seen = new ArrayList<>();
    for (String event : List.of("onPreStore", "onPreIndex", "onPreShow", "onPreUpdate", "onPreDestroy", "onPreExport",
        "onPreImport")) {
      http.on(http.subtaskController.events(), event, args -> seen.add(event + " " + args.get(ControllerTier.PARENT_ID)
          + " " + args.get(ControllerTier.PARENT_ATTRIBUTE)));
    }

    long subtask = http.createSubtask(task, "{\"title\":\"child\"}");
    http.get("/tasks/" + task + "/subtasks");
    http.get("/tasks/" + task + "/subtasks/" + subtask);
    http.patch("/tasks/" + task + "/subtasks/" + subtask, "{\"title\":\"renamed\"}");
    http.get("/tasks/" + task + "/subtasks.csv");
    http.send("POST", "/tasks/" + task + "/subtasks/import", "title\r\nimported\r\n", "Content-Type", "text/csv");
    http.delete("/tasks/" + task + "/subtasks/" + subtask);

    assertThat(seen).containsExactly("onPreStore " + task + " task", "onPreIndex " + task + " task",
        "onPreShow " + task + " task", "onPreUpdate " + task + " task", "onPreExport " + task + " task",
        "onPreImport " + task + " task", "onPreStore " + task + " task", "onPreStore " + task + " task",
        "onPreDestroy " + task + " task");
  }

  @Test
  void aReplacedResultIsSentAsItIs() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPostShow", args -> args.result(Map.of("summary", "task a")));

    assertThat(http.get("/tasks/" + id).body()).isEqualTo("{\"summary\":\"task a\"}");
  }

  @Test
  void aResultAHandlerReplacedWithNullAnswers204AsANullResultDoesElsewhere() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPostShow", args -> args.result(null));
    http.on(http.taskController.events(), "onPostIndex", args -> args.result(null));
    http.on(http.taskController.actionEvents(), "onPostComplete", args -> args.result(null));

    // a 200 without a body was sent, which a client reading the JSON of a 200 fails on
    for (Reply reply : List.of(http.get("/tasks/" + id), http.get("/tasks"), http.post("/tasks/" + id + "/complete", null))) {
      assertThat(reply.status()).isEqualTo(204);
      assertThat(reply.body()).isEmpty();
      assertThat(reply.header("Content-Type")).isNull();
      assertThat(reply.header("ETag")).isNull();
    }
    http.on(http.taskController.events(), "onPostShow", args -> ControllerTier.directive(args).put("gone", true));
    Reply withDirective = http.get("/tasks/" + id);
    assertThat(withDirective.status()).isEqualTo(200);
    assertThat(withDirective.body()).isEqualTo("{\"gone\":true}");
  }

  @Test
  void handlersSeeTheArgsTheDesignLists() {
    List<Object> seen = new ArrayList<>();
    http.on(http.taskController.events(), "onInit", args -> seen.add(List.of(args.action(), args.path(),
        args.controller() == http.taskController, args.frontEndOptions())));
    http.on(http.taskController.events(), "onPreUpdate", args -> seen.add(List.of(args.id(), args.params(),
        args.get(ControllerTier.CONTROLLER_OPTIONS) instanceof Options, args.get(ControllerTier.OVERRIDES), args.config().bool("editable", false))));
    http.on(http.taskController.events(), "onPostUpdate", args -> seen.add(
        ((Map<?, ?>) args.result()).get("title")));
    long id = http.createTask("{\"title\":\"a\"}");

    http.patch("/tasks/" + id + "?fields=title", "{\"title\":\"b\"}");

    assertThat(seen).containsExactly(
        List.of("store", "tasks.store", true, Map.of()),
        List.of("update", "tasks.update", true, Map.of("fields", List.of("title"))),
        List.of(id, Map.of("title", "b"), true, Map.of(), true),
        "b");
  }

  @Test
  void anIdReplacedInOnPreShowIsTheRecordShown() {
    long a = http.createTask("{\"title\":\"a\"}");
    long b = http.createTask("{\"title\":\"b\"}");
    http.on(http.taskController.events(), "onPreShow", args -> args.put(EventArgs.ID, b));

    assertThat(http.get("/tasks/" + a).map()).containsEntry("title", "b");
  }

  @Test
  void ignoreErrorsInTheQueryKeepsTheValidRecordsOfABatchAndReportsTheOthers() {
    Reply reply = http.post("/tasks?ignoreErrors=true", "[{\"title\":\"ok\"},{\"title\":\"\"},{\"title\":\"fine\"}]");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("ok", "fine");
    assertThat(reply.map().get("records")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("index", 1).containsEntry("status", 422);
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void theIgnoreErrorsOptionOfThePathKeepsTheValidRecords() {
    http.taskController.configure(dev.scribe.core.Config.of(Map.of("ignoreErrors", true)));

    Reply reply = http.post("/tasks", "[{\"title\":\"\"},{\"title\":\"fine\"}]");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("fine");
    assertThat(http.rows("http_tasks")).isEqualTo(1);
  }

  @Test
  void aRecordAProcessResultsHandlerLeftWithoutAResultIsWrittenAndShowsNothing() {
    http.on(http.tasks.events(), "processResultsCreate", args -> {
      if ("ghost".equals(((dev.scribe.controller.fixture.Task) args.lastResult()).title)) {
        args.put(EventArgs.LAST_RESULT, null);
      }
    });
    http.on(http.tasks.events(), "processResultsUpdate", args -> args.put(EventArgs.LAST_RESULT, null));

    Reply created = http.post("/tasks", "{\"title\":\"ghost\"}");
    Reply batch = http.post("/tasks", "[{\"title\":\"ghost\"},{\"title\":\"seen\"}]");
    long seen = ((Number) batch.items().get(1).get("id")).longValue();
    Reply updated = http.send("PATCH", "/tasks/" + seen, "{\"title\":\"seen again\"}", "Content-Type", "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(204);
    assertThat(created.header("Location")).isNull();
    assertThat(batch.status()).as(batch.body()).isEqualTo(201);
    assertThat(batch.items()).hasSize(2);
    assertThat(batch.items().get(0)).isNull();
    assertThat(updated.status()).as(updated.body()).isEqualTo(204);
    assertThat(http.rows("http_tasks")).as("every record written").isEqualTo(3);
    assertThat(http.get("/tasks/" + seen).map()).containsEntry("title", "seen again");
  }
}
