package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Custom actions: POST /tasks/{id}/complete and POST /tasks/find, their events, unit of work and catalogue entry. */
class CustomActionsTest {
  static final List<String> WARNINGS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @RegisterExtension
  static final HttpApp http = HttpApp.start(b -> b.warnings(CustomActionsTest.WARNINGS::add)
      .handler("auditCompletion", args -> CustomActionsTest.AUDITED.add(args.path() + " " + args.id())), b -> b.introspection(true));
  static final List<String> AUDITED = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void anItemActionRunsBetweenItsOwnEventsInOneUnitOfWork() {
    long id = http.createTask("{\"title\":\"write\",\"status\":\"OPEN\"}");
    List<String> fired = new ArrayList<>();
    http.on(http.taskController.events(), "onInit", args -> fired.add("onInit:" + args.action()));
    http.on(http.taskController.actionEvents(), "onPreComplete",
        args -> fired.add("onPreComplete:" + args.id() + ":" + args.path() + ":" + (args.entity() != null)));
    http.on(http.tasks.events(), "preUpdate", args -> fired.add("preUpdate"));
    http.on(http.taskController.actionEvents(), "onPostComplete",
        args -> fired.add("onPostComplete:" + ((Map<?, ?>) args.result()).get("status")));

    Reply reply = http.post("/tasks/" + id + "/complete", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("status", "DONE").containsEntry("id", (int) id);
    assertThat(fired).containsExactly("onInit:complete", "onPreComplete:" + id + ":tasks.complete:true", "preUpdate",
        "onPostComplete:DONE");
    assertThat(http.query("select status from http_tasks").get(0)).containsEntry("status", "DONE");
  }

  @Test
  void anItemActionWithoutIfMatchThatLosesARaceRunsAgainInsteadOfA409() throws Exception {
    long id = http.createTask("{\"title\":\"raced\",\"status\":\"OPEN\"}");
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    http.on(http.taskController.actionEvents(), "onPreComplete", args -> {
      if (runs.incrementAndGet() == 1) {
        // another request changes the record after this run read it and before it writes it
        java.util.concurrent.CompletableFuture.runAsync(() -> http.tasks.update(id, Map.of("priority", 5))).join();
      }
    });

    Reply reply = http.post("/tasks/" + id + "/complete", null);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(runs.get()).isEqualTo(2);
    assertThat(http.query("select status, priority from http_tasks").get(0)).containsEntry("status", "DONE")
        .containsEntry("priority", 5);
  }

  @Test
  void aControllerMethodNamedAfterAnActionEventRunsAndIsNoNearMissWarning() {
    long id = http.createTask("{\"title\":\"write\"}");
    http.taskController.completions.clear();

    http.post("/tasks/" + id + "/complete", null);

    assertThat(http.taskController.completions).containsExactly(id);
    assertThat(WARNINGS).noneMatch(warning -> warning.contains("onPreComplete"));
  }

  /** A controller whose methods for its action's events are mistyped. */
  static class MistypedActionEvents extends Controller<dev.scribe.controller.fixture.Task, Long> {
    MistypedActionEvents(dev.scribe.controller.fixture.TaskRepository tasks) {
      super(tasks);
      action("complete", ActionScope.ITEM, args -> null);
    }

    void onPreComplet(dev.scribe.core.EventArgs args) {}

    void onPostArchive(dev.scribe.core.EventArgs args) {}
  }

  @Test
  void aMistypedActionEventOnTheControllerIsANearMissOfThatEventNotOfAnotherTiersEvent() {
    // the suggestion was the controller tier's onPreImport, and the list of events to rename to left the action's out
    new MistypedActionEvents(http.tasks).events();

    assertThat(WARNINGS).filteredOn(warning -> warning.startsWith("MistypedActionEvents.")).containsExactly(
        "MistypedActionEvents.onPostArchive takes EventArgs but matches no controller event, so it never runs; rename it"
            + " to one of " + new ArrayList<>(ControllerTier.TIER.eventNames()) + " or of the events it declares itself"
            + " [onPreComplete, onPostComplete], or annotate it with @On(\"event\")",
        "MistypedActionEvents.onPreComplet matches no controller event; did you mean onPreComplete?");
  }

  @Test
  void aVetoInThePostEventRollsTheActionBackAndFiresOnErrorWithTheActionName() {
    long id = http.createTask("{\"title\":\"write\",\"status\":\"OPEN\"}");
    List<Object> errors = new ArrayList<>();
    http.on(http.taskController.actionEvents(), "onPostComplete", args -> {
      throw new Veto(409, "completion is frozen");
    });
    http.on(http.taskController.events(), "onError", args -> errors.add(args.action() + ":" + args.get("status")));

    Reply reply = http.post("/tasks/" + id + "/complete", null);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.map()).containsEntry("message", "completion is frozen");
    assertThat(errors).containsExactly("complete:409");
    assertThat(http.query("select status from http_tasks").get(0)).containsEntry("status", "OPEN");
  }

  @Test
  void anItemActionOnAMissingRecordIs404() {
    Reply reply = http.post("/tasks/987654/complete", null);

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void anItemActionHonoursIfMatchAndAnswersTheRecordsETag() {
    long id = http.createTask("{\"title\":\"write\",\"status\":\"OPEN\"}");
    http.patch("/tasks/" + id, "{\"priority\":2}");

    Reply stale = http.send("POST", "/tasks/" + id + "/complete", null, "If-Match", "\"0\"");
    Reply malformed = http.send("POST", "/tasks/" + id + "/complete", null, "If-Match", "garbage");
    Reply current = http.send("POST", "/tasks/" + id + "/complete", null, "If-Match", "\"1\"");

    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    assertThat(stale.map().get("detail")).isEqualTo("task " + id + " is at version 1, not at the expected version 0;"
        + " reload it and retry");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(current.status()).as(current.body()).isEqualTo(200);
    assertThat(current.header("ETag")).isEqualTo("\"" + current.map().get("version") + "\"");
  }

  /**
   * A collection action has no record whose tag a condition could name, so it can neither hold nor fail: an
   * {@code If-Match} or {@code If-None-Match} there is a 400 before anything runs, as on a create or an import.
   * It was passed over, and the action ran as if the client had sent no condition.
   */
  @Test
  void aConditionOnACollectionActionIs400AndTheActionDoesNotRun() {
    http.createTask("{\"title\":\"write\"}");
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    http.on(http.taskController.actionEvents(), "onPreFind", args -> ran.incrementAndGet());

    Reply ifMatch = http.send("POST", "/tasks/find", "{}", "Content-Type", "application/json", "If-Match", "\"0\"");
    Reply ifNoneMatch = http.send("POST", "/tasks/find", "{}", "Content-Type", "application/json", "If-None-Match", "*");

    assertThat(ifMatch.status()).as(ifMatch.body()).isEqualTo(400);
    assertThat(ifMatch.map().get("detail")).isEqualTo("If-Match names a version of one record, and tasks.find is an"
        + " action on the collection, which has no tag to compare; send it without If-Match");
    assertThat(ifNoneMatch.status()).as(ifNoneMatch.body()).isEqualTo(400);
    assertThat(ifNoneMatch.map().get("detail")).isEqualTo("If-None-Match names a version of one record, and tasks.find"
        + " is an action on the collection, which has no tag to compare; send it without If-None-Match");
    assertThat(ran).hasValue(0);
    assertThat(http.post("/tasks/find", "{}").status()).isEqualTo(200);
  }

  @Test
  void anotherMethodThanPostOnAnItemActionIs405AllowingPost() {
    long id = http.createTask("{\"title\":\"write\"}");

    Reply get = http.get("/tasks/" + id + "/complete");
    Reply delete = http.delete("/tasks/" + id + "/complete");
    Reply options = http.send("OPTIONS", "/tasks/" + id + "/complete", null);

    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(get.map().get("detail")).isEqualTo("GET is not supported on /tasks/" + id + "/complete, the action complete"
        + " of tasks; use POST");
    assertThat(delete.status()).isEqualTo(405);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("POST");
    assertThat(http.get("/tasks/" + id).map().get("title")).isEqualTo("write");
  }

  @Test
  void theAllowOfACollectionActionsUrlNamesPost() {
    // the URL was taken for a record's only: OPTIONS and a 405 named every method but the POST that it serves
    Reply options = http.send("OPTIONS", "/tasks/find", null);
    Reply trace = http.send("TRACE", "/tasks/find", null);
    Reply itemOptions = http.send("OPTIONS", "/tasks/7", null);

    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, PUT, DELETE");
    assertThat(trace.status()).isEqualTo(405);
    assertThat(trace.header("Allow")).isEqualTo("GET, HEAD, POST, PATCH, PUT, DELETE");
    assertThat(itemOptions.header("Allow")).isEqualTo("GET, HEAD, PATCH, PUT, DELETE");
    assertThat(http.post("/tasks/find", "{}").status()).isEqualTo(200);
  }

  @Test
  void anUndeclaredActionIsNotARoute() {
    long id = http.createTask("{\"title\":\"write\"}");

    assertThat(http.post("/tasks/" + id + "/archive", null).status()).isEqualTo(404);
  }

  @Test
  void aCollectionActionTakesAnIndexQueryInItsBody() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":3}");
    http.createTask("{\"title\":\"c\",\"priority\":5}");

    Reply reply = http.post("/tasks/find", "{\"priority[gte]\":3,\"sort\":\"-priority\",\"fields\":\"title\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.items()).extracting(item -> item.get("title")).containsExactly("c", "b");
    assertThat(reply.items()).allSatisfy(item -> assertThat(item.keySet()).containsExactly("title"));
    assertThat(reply.map()).containsEntry("total", 2).containsEntry("page", 1);
  }

  /**
   * A whole number written with a point or an exponent ({@code 2.0}, as Python's {@code json.dumps} writes a float) is
   * the number in a find body, as it is in a store body: it was sent on as the text {@code "2.0"}, and a filter on an
   * integer attribute was "'2.0' is not a valid Integer", a {@code page} of {@code 2.0} "'2.0' is not a number".
   */
  @Test
  void aWholeNumberWrittenWithAPointInAFindBodyIsTheNumber() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":3}");
    http.createTask("{\"title\":\"c\",\"priority\":5}");

    Reply equal = http.post("/tasks/find", "{\"priority\":3.0}");
    Reply in = http.post("/tasks/find", "{\"priority[in]\":[1.0,5e0],\"sort\":\"priority\"}");
    Reply paged = http.post("/tasks/find", "{\"page\":2.0,\"size\":1.00,\"sort\":\"priority\"}");
    Reply half = http.post("/tasks/find", "{\"page\":1.5}");
    Reply halfPriority = http.post("/tasks/find", "{\"priority\":2.5}");
    Reply huge = http.post("/tasks/find", "{\"size\":1e10}");

    assertThat(equal.status()).as(equal.body()).isEqualTo(200);
    assertThat(equal.items()).extracting(item -> item.get("title")).containsExactly("b");
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.items()).extracting(item -> item.get("title")).containsExactly("a", "c");
    assertThat(paged.status()).as(paged.body()).isEqualTo(200);
    assertThat(paged.items()).extracting(item -> item.get("title")).containsExactly("b");
    assertThat(paged.map()).containsEntry("page", 2).containsEntry("size", 1);
    // a number with a fraction is still refused, as not a whole number rather than as not a number
    assertThat(half.status()).isEqualTo(400);
    assertThat(half.map().get("detail")).isEqualTo("page: '1.5' is not a whole number; use a whole number of 1 or more");
    assertThat(halfPriority.status()).isEqualTo(400);
    assertThat(halfPriority.map().get("detail")).asString().startsWith("priority: '2.5' is not a valid Integer");
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.map().get("detail")).asString().startsWith("size: 10000000000 is too large");
  }

  @Test
  void aFindWithItsQueryInTheUrlIs400SayingToPutItInTheBody() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":3}");

    Reply page = http.post("/tasks/find?page=2&size=1", "{}");
    Reply filter = http.post("/tasks/find?priority=3", "{}");
    Reply fields = http.post("/tasks/find?fields=title", "{\"priority\":3}");

    // before, the URL's query was passed over: page 1 of every record, as if nothing had been asked
    assertThat(page.status()).as(page.body()).isEqualTo(400);
    assertThat(page.map().get("detail")).isEqualTo("tasks.find reads its query from the JSON body, not from the URL:"
        + " 'page', 'size' in the URL would be passed over; send them in the body, as {\"page\": ...}");
    assertThat(page.map().get("errors")).isEqualTo(Map.of("page", List.of("is read from the body, not the URL"),
        "size", List.of("is read from the body, not the URL")));
    assertThat(filter.status()).as(filter.body()).isEqualTo(400);
    assertThat(fields.status()).as("fields and with shape the answer from the URL too").isEqualTo(200);
    assertThat(fields.items()).containsExactly(Map.of("title", "b"));
  }

  @Test
  void aBodyOfOnlyNullIsToldWhatTheRouteTakes() {
    Reply action = http.post("/tasks/find", "null");

    assertThat(action.status()).isEqualTo(400);
    assertThat(action.map().get("detail")).isEqualTo("the body is the JSON literal null; send a JSON object, or no body");
    assertThat(http.post("/tasks", "null").map().get("detail"))
        .isEqualTo("the body is the JSON literal null; send a JSON object, or an array of objects for a batch");
  }

  @Test
  void fieldsInAFindBodyAreCheckedAsInTheUrl() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");

    Reply list = http.post("/tasks/find", "{\"fields\":[\"id\",\"title\"]}");
    Reply unknown = http.post("/tasks/find", "{\"fields\":\"id,nope\"}");
    Reply number = http.post("/tasks/find", "{\"fields\":5}");

    assertThat(list.items()).singleElement().satisfies(item -> assertThat(item.keySet()).containsExactly("id", "title"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat((String) unknown.map().get("detail")).startsWith("fields=nope: task has no attribute 'nope'");
    assertThat(number.status()).isEqualTo(400);
    assertThat(number.map().get("detail")).isEqualTo("fields and with are names separated by commas (\"id,title\") or a list"
        + " of names, not the number 5");
    Reply none = http.post("/tasks/find", "{\"fields\":[]}");
    Reply blank = http.post("/tasks/find", "{\"fields\":[\"id\",\"\"]}");
    assertThat(none.status()).as("no field at all is a slip, not records without fields").isEqualTo(400);
    assertThat(none.map().get("detail")).isEqualTo("fields is an empty list; name at least one (fields=id,title), or leave"
        + " fields out");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.map().get("detail")).isEqualTo("fields='' has an empty name; write names separated by single commas"
        + " (fields=id,title), or leave fields out");
  }

  @Test
  void aFindValueThatIsAnObjectOrANestedListIs400SayingToPutTheOperatorInTheKey() {
    http.createTask("{\"title\":\"a\",\"priority\":4}");

    Reply object = http.post("/tasks/find", "{\"priority\":{\"gt\":3}}");
    Reply nested = http.post("/tasks/find", "{\"title\":[{\"a\":1}]}");
    Reply keyed = http.post("/tasks/find", "{\"priority[gt]\":3}");

    assertThat(object.status()).isEqualTo(400);
    assertThat(object.map().get("detail")).isEqualTo("tasks.find: the value of 'priority' is a JSON object; give a"
        + " text, a number or a boolean, with an operator in the key as in a URL (\"priority[gt]\": 3,"
        + " \"priority[in]\": \"1,2\")");
    assertThat(nested.status()).isEqualTo(400);
    assertThat((String) nested.map().get("detail")).contains("the value of 'title' is a list holding an object or a list");
    assertThat(keyed.items()).hasSize(1);
  }

  @Test
  void aKeyedFindValueThatIsAnObjectIsRefusedWithAnExampleOfItsAttributesKeys() {
    Reply in = http.post("/tasks/find", "{\"priority[in]\":[1,[2]]}");
    Reply gt = http.post("/tasks/find", "{\"priority[gt]\":{\"value\":3}}");

    // the example appended operators to the key that had one: "priority[in][gt]": 3, "priority[in][in]": "1,2"
    assertThat(in.status()).isEqualTo(400);
    assertThat(in.map().get("detail")).isEqualTo("tasks.find: the value of 'priority[in]' is a list holding an object or"
        + " a list; give a text, a number or a boolean, with an operator in the key as in a URL (\"priority[gt]\": 3,"
        + " \"priority[in]\": \"1,2\")");
    assertThat(in.map().get("errors")).isEqualTo(Map.of("priority", List.of("is a list holding an object or a list,"
        + " not a value")));
    assertThat(gt.status()).isEqualTo(400);
    assertThat(gt.map().get("detail")).isEqualTo("tasks.find: the value of 'priority[gt]' is a JSON object; give a text,"
        + " a number or a boolean, with an operator in the key as in a URL (\"priority[gt]\": 3, \"priority[in]\":"
        + " \"1,2\")");
    assertThat(gt.map().get("errors")).isEqualTo(Map.of("priority", List.of("is a JSON object, not a value")));
  }

  @Test
  void aFindFilterWhoseValueIsAnEmptyListIs400InsteadOfMatchingEveryRecord() {
    http.createTask("{\"title\":\"a\",\"priority\":4}");
    http.createTask("{\"title\":\"b\",\"priority\":2}");

    Reply equals = http.post("/tasks/find", "{\"id\":[]}");
    Reply in = http.post("/tasks/find", "{\"priority[in]\":[]}");
    Reply sort = http.post("/tasks/find", "{\"sort\":[]}");

    assertThat(equals.status()).as(equals.body()).isEqualTo(400);
    assertThat(equals.map().get("detail")).isEqualTo("id: the value is an empty list, which names nothing to filter by;"
        + " give at least one value");
    assertThat(equals.map().get("errors")).isEqualTo(Map.of("id", List.of("the value is an empty list, which names"
        + " nothing to filter by; give at least one value")));
    assertThat(in.status()).as(in.body()).isEqualTo(400);
    assertThat(in.map().get("detail")).isEqualTo("priority[in]: the value is an empty list, which names nothing to"
        + " filter by; give at least one value");
    assertThat(sort.status()).isEqualTo(400);
    assertThat(sort.map().get("detail")).isEqualTo("sort: the value is an empty list; give at least one value");
    assertThat(http.post("/tasks/find", "{\"priority\":[4]}").items()).extracting(t -> t.get("title"))
        .containsExactly("a");
  }

  @Test
  void aNullSortPageSizeFieldsOrWithInAFindBodyIs400NamingIt() {
    http.createTask("{\"title\":\"a\",\"priority\":4}");

    for (String key : List.of("sort", "page", "size", "fields", "with")) {
      Reply reply = http.post("/tasks/find", "{\"" + key + "\":null}");

      // before, sort was "tasks cannot be sorted by 'null'" under the field "null", page and size "'null' is not a
      // number", and fields and with were taken as left out
      assertThat(reply.status()).as(key + " " + reply.body()).isEqualTo(400);
      assertThat(reply.map().get("detail")).isEqualTo("tasks.find: '" + key + "' is null; give it a value as in an"
          + " index's URL, or leave it out");
      assertThat(reply.map().get("errors")).isEqualTo(Map.of(key, List.of("is null; give it a value, or leave it out")));
    }
    assertThat(http.post("/tasks/find", "{\"dueDate\":null}").items()).as("a null filter is IS NULL").hasSize(1);
  }

  @Test
  void anAcceptThatAdmitsNoJsonIs406BeforeTheActionRuns() {
    long id = http.createTask("{\"title\":\"a\"}");

    Reply item = http.send("POST", "/tasks/" + id + "/complete", null, "Accept", "application/xml");
    Reply collection = http.send("POST", "/tasks/find", "{}", "Content-Type", "application/json", "Accept", "text/csv");

    assertThat(item.status()).isEqualTo(406);
    assertThat(item.map().get("detail")).isEqualTo("Accept: application/xml admits nothing /tasks/" + id + "/complete can"
        + " answer with; it answers application/json (application/problem+json for errors), so send Accept:"
        + " application/json or none");
    assertThat(http.get("/tasks/" + id).map()).as("the action did not run").containsEntry("version", 0);
    assertThat(collection.status()).isEqualTo(406);
    assertThat(http.send("POST", "/tasks/" + id + "/complete", null, "Accept", "application/*").status()).isEqualTo(200);
  }

  @Test
  void aCollectionActionWithABadQueryIs400() {
    Reply reply = http.post("/tasks/find", "{\"nosuch\":1}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("nosuch");
  }

  @Test
  void theActionsEventsAreInTheCatalogueUnderTheirController() {
    http.on(http.taskController.actionEvents(), "onPreComplete", args -> {});

    Reply reply = http.get("/_scribe/events");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> managers = (List<Map<String, Object>>) reply.map().get("managers");
    Map<String, Object> controller = managers.stream().filter(m -> m.get("owner").equals("TaskController"))
        .findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> events = (List<Map<String, Object>>) controller.get("events");
    List<String> names = events.stream().map(e -> (String) e.get("event")).collect(Collectors.toList());
    assertThat(names).endsWith("onAuthorize", "onPreExport", "onPostExport", "onPreImport", "onPostImport",
        "onPreUpload", "onPostUpload", "onPreDownload", "onPostDownload", "onPreDeleteFile", "onPostDeleteFile",
        "onPreListFiles", "onPostListFiles", "onPreComplete", "onPostComplete", "onPreFind", "onPostFind");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> handlers = (List<Map<String, Object>>) events.get(names.indexOf("onPreComplete")).get("handlers");
    assertThat(handlers).extracting(handler -> handler.get("source")).containsExactly("OWN_METHOD", "LAMBDA");
  }

  // bulk.md: a named handler is bound to a custom action's event in code, per path, as a binding file does
  // (ActionEventBindingsTest binds one from a file)
  @Test
  void aNamedHandlerIsBoundToACustomActionsEventInCodeForItsPaths() {
    long id = http.createTask("{\"title\":\"a\"}");
    AUDITED.clear();
    dev.scribe.core.Subscription bound = http.taskController.actionEvents()
        .bind(dev.scribe.core.HandlerSpec.of("onPostComplete").name("auditCompletion").path("admin.**"));
    try {
      assertThat(http.post("/tasks/" + id + "/complete", "{}").status()).isEqualTo(200);
      assertThat(http.post("/admin/tasks/" + id + "/complete", "{}").status()).isEqualTo(200);
    } finally {
      bound.remove();
    }

    assertThat(AUDITED).containsExactly("admin.tasks.complete " + id);
  }

  @Test
  void anActionDeclaredAfterItsEventsWereUsedIsAConfigurationError() {
    Controller<?, ?> late = new Controller<>(http.tasks) {
      {
        action("one", ActionScope.ITEM, args -> null);
      }
    };
    late.actionEvents();

    assertThatThrownBy(() -> late.action("two", ActionScope.ITEM, args -> null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("declare every action in the controller's constructor");
  }

  @Test
  void aReservedNameCannotNameAnAction() {
    assertThatThrownBy(() -> new Controller<>(http.tasks) {
      {
        action("count", ActionScope.COLLECTION, args -> null);
      }
    }).isInstanceOf(ConfigurationException.class).hasMessageContaining("'count' cannot name an action");
    // the file actions' names: their events and options would be shared with every upload
    assertThatThrownBy(() -> new Controller<>(http.tasks) {
      {
        action("upload", ActionScope.ITEM, args -> null);
      }
    }).isInstanceOf(ConfigurationException.class).hasMessageContaining("'upload' cannot name an action");
  }

  @Test
  void anItemActionNamedAsAResourceNestedUnderItIsRefusedWhenTheApplicationIsBuilt() {
    // both are POST /tasks/{id}/subtasks: the nested store answered, and the action could never be reached
    Controller<?, ?> tasks = new Controller<>(http.tasks) {
      {
        action("subtasks", ActionScope.ITEM, args -> null);
      }
    };
    RestApplication.Builder builder = RestApplication.builder(http.store).mount("tasks", tasks)
        .nest("tasks", "subtasks", new Controller<>(http.subtasks), "task");

    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class)
        .hasMessage("'tasks.subtasks' is nested at /tasks/{id}/subtasks, where the item action 'subtasks' of "
            + tasks + " is served too (POST /tasks/{id}/subtasks), and the nested resource would take its requests;"
            + " rename the action or the nested resource");
  }

  @Test
  void aCollectionActionNamedAsAResourceMountedUnderItsPrefixIsRefusedWhenTheApplicationIsBuilt() {
    // both are POST /tasks/find: the prefixed resource's store answered, and the action could never be reached
    Controller<?, ?> tasks = new Controller<>(http.tasks) {
      {
        action("find", ActionScope.COLLECTION, args -> null);
      }
    };
    RestApplication.Builder builder = RestApplication.builder(http.store).mount("tasks", "find",
        new Controller<>(http.subtasks)).mount("tasks", tasks);

    assertThatThrownBy(builder::build).isInstanceOf(ConfigurationException.class)
        .hasMessage("'tasks.find' is mounted at /tasks/find, where the collection action 'find' of " + tasks + " is"
            + " served too (POST /tasks/find), and the resource would take its requests; rename the action or the"
            + " resource");
  }

  @Test
  void aNullScopeOrHandlerIsAUsageExceptionNamingWhichToPass() {
    // both were one ConfigurationException, "needs a scope and a handler", that said neither which was missing nor
    // what to pass, where a null argument is a UsageException everywhere else
    assertThatThrownBy(() -> new Controller<>(http.tasks) {
      {
        action("archive", null, args -> null);
      }
    }).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageEndingWith("action(\"archive\", null, ...): pass the scope, ActionScope.ITEM (POST /<resource>/{id}/archive)"
            + " or ActionScope.COLLECTION (POST /<resource>/archive)");
    assertThatThrownBy(() -> new Controller<>(http.tasks) {
      {
        action("archive", ActionScope.ITEM, null);
      }
    }).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageEndingWith("action(\"archive\", ITEM, null): pass the handler that runs the action, e.g. args -> ...");
  }

  @Test
  void actionsRunInProcessToo() {
    long id = http.createTask("{\"title\":\"write\",\"status\":\"OPEN\"}");

    ActionResponse response = http.taskController.perform("complete", ActionRequest.builder().id(id).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(String.valueOf(((Map<?, ?>) response.body()).get("status"))).isEqualTo("DONE");
  }

}
