package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Change;
import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PATCH and DELETE by query over HTTP, and updateWhere/deleteWhere: per-record events, vetoes, caps, rollback. */
class BulkByQueryTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @AfterEach
  void restoreOptions() {
    http.tasks.configure(Config.empty());
  }

  @Test
  void patchByQueryUpdatesTheMatchingRecordsFiringEveryPerRecordEventWithItsChanges() {
    long a = http.createTask("{\"title\":\"a\",\"status\":\"OPEN\",\"priority\":1}");
    long b = http.createTask("{\"title\":\"b\",\"status\":\"OPEN\",\"priority\":2}");
    long done = http.createTask("{\"title\":\"c\",\"status\":\"DONE\",\"priority\":3}");
    List<String> fired = new ArrayList<>();
    http.on(http.taskController.events(), "onPreUpdate", args -> fired.add("onPreUpdate bulk=" + args.get("bulk")));
    http.on(http.tasks.events(), "postUpdate", args -> {
      Change change = args.changes().get("priority");
      fired.add("postUpdate " + args.entity(dev.scribe.controller.fixture.Task.class).id + " " + change.oldValue()
          + "->" + change.newValue());
    });
    http.on(http.taskController.events(), "onPostUpdate", args -> fired.add("onPostUpdate " + args.result()));

    Reply reply = http.patch("/tasks?status=OPEN", "{\"priority\":5}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).isEqualTo(Map.of("updated", 2));
    assertThat(fired).containsExactly("onPreUpdate bulk=true", "postUpdate " + a + " 1->5", "postUpdate " + b + " 2->5",
        "onPostUpdate {updated=2}");
    assertThat(http.query("select id, priority from http_tasks order by id")).extracting(row -> row.get("priority"))
        .containsExactly(5, 5, 3);
    assertThat(done).isPositive();
  }

  @Test
  void deleteByQueryDeletesTheMatchingRecordsOneByOneThroughTheBatchPath() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":1}");
    http.createTask("{\"title\":\"keep\",\"priority\":4}");
    List<Object> deleted = new ArrayList<>();
    http.on(http.tasks.events(), "preDelete", args -> deleted.add(args.entity(dev.scribe.controller.fixture.Task.class).title));

    Reply reply = http.delete("/tasks?priority=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).isEqualTo(Map.of("deleted", 2));
    assertThat(deleted).containsExactly("a", "b");
    assertThat(http.query("select title from http_tasks")).extracting(row -> row.get("title")).containsExactly("keep");
  }

  @Test
  void aVetoOnARecordOfALaterPageRollsEveryPageBack() {
    http.tasks.configure(Config.of(Map.of("bulkPageSize", 2)));
    for (int i = 0; i < 5; i++) {
      http.createTask("{\"title\":\"t" + i + "\",\"priority\":1}");
    }
    http.on(http.tasks.events(), "validateUpdate", args -> {
      if (args.entity(dev.scribe.controller.fixture.Task.class).title.equals("t3")) {
        throw Veto.field("priority", "t3 keeps its priority");
      }
    });

    Reply reply = http.patch("/tasks?priority=1", "{\"priority\":4}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body()).contains("\"index\":3").contains("t3 keeps its priority");
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority"))
        .containsOnly(1);
  }

  @Test
  void anExceptionInAPostHandlerMidBulkRollsEverythingBack() {
    http.tasks.configure(Config.of(Map.of("bulkPageSize", 2)));
    for (int i = 0; i < 4; i++) {
      http.createTask("{\"title\":\"t" + i + "\",\"priority\":1}");
    }
    http.on(http.tasks.events(), "postDelete", args -> {
      if (args.entity(dev.scribe.controller.fixture.Task.class).title.equals("t2")) {
        throw new Veto(409, "t2 is pinned");
      }
    });

    Reply reply = http.delete("/tasks?priority=1");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(http.rows("http_tasks")).isEqualTo(4);
  }

  @Test
  void ignoreErrorsKeepsTheValidRecordsAndReportsTheOthers() {
    for (int i = 0; i < 3; i++) {
      http.createTask("{\"title\":\"t" + i + "\",\"priority\":1}");
    }
    http.on(http.tasks.events(), "validateUpdate", args -> {
      if (args.entity(dev.scribe.controller.fixture.Task.class).title.equals("t1")) {
        throw Veto.field("priority", "no");
      }
    });

    Reply reply = http.patch("/tasks?priority=1&ignoreErrors=true", "{\"priority\":2}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("updated", 2);
    assertThat(reply.body()).contains("\"index\":1");
    assertThat(http.query("select priority from http_tasks order by id")).extracting(row -> row.get("priority"))
        .containsExactly(2, 1, 2);
  }

  @Test
  void moreMatchingRecordsThanTheCapIsA422BeforeAnythingIsWritten() {
    http.tasks.configure(Config.of(Map.of("maxBulkRows", 2)));
    List<String> updates = new ArrayList<>();
    http.on(http.tasks.events(), "preUpdate", args -> updates.add("preUpdate"));
    for (int i = 0; i < 3; i++) {
      http.createTask("{\"title\":\"t" + i + "\",\"priority\":1}");
    }

    Reply reply = http.patch("/tasks?priority=1", "{\"priority\":2}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.map().get("message")).isEqualTo("tasks.update matches 3 records, more than the 2 one call may"
        + " change (option maxBulkRows); narrow the filter or raise the option");
    assertThat(updates).isEmpty();
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
  }

  @Test
  void withoutAFilterOnlyAllTrueMeansEveryRecord() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":2}");

    Reply refused = http.patch("/tasks", "{\"priority\":3}");
    Reply all = http.patch("/tasks?all=true", "{\"priority\":3}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(all.map()).isEqualTo(Map.of("updated", 2));
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(3);
  }

  @Test
  void aBatchBodyWithFiltersIsA400NamingThemAndChangesNothing() {
    long kept = http.createTask("{\"title\":\"kept\",\"priority\":1}");
    http.createTask("{\"title\":\"other\",\"priority\":2}");

    Reply delete = http.send("DELETE", "/tasks?priority=2", "[" + kept + "]");
    Reply patch = http.patch("/tasks?priority=2&all=true", "[{\"id\":" + kept + ",\"priority\":5}]");
    Reply controlKeysOnly = http.send("DELETE", "/tasks?ignoreErrors=true", "[" + kept + "]");

    assertThat(delete.status()).isEqualTo(400);
    assertThat(delete.map().get("detail")).isEqualTo("tasks.destroy got a JSON array of ids (a batch) and the filter priority;"
        + " filters do not narrow a batch: send the array without them, or the filters without a body to delete every"
        + " matching record");
    assertThat(patch.status()).isEqualTo(400);
    assertThat((String) patch.map().get("detail")).contains("the filters priority, all=true;")
        .contains("a JSON object of changes with the filters to update every matching record");
    assertThat(controlKeysOnly.status()).isEqualTo(204);
    assertThat(http.query("select title, priority from http_tasks")).extracting(row -> row.get("title"))
        .containsExactly("other");
  }

  @Test
  void guardedFieldsAreRefusedInTheChanges() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");

    Reply reply = http.patch("/tasks?priority=1", "{\"secret\":\"x\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("secret");
  }

  @Test
  void theChangesOwnProblemsAreOne400NamingTheFieldWhetherOrNotRecordsMatch() {
    for (int i = 0; i < 3; i++) {
      http.createTask("{\"title\":\"t" + i + "\",\"priority\":1}");
    }

    for (String changes : List.of("{\"colour\":1}", "{\"priority\":3.5}")) {
      String field = changes.contains("colour") ? "colour" : "priority";
      Reply matching = http.patch("/tasks?priority=1", changes);
      Reply none = http.patch("/tasks?priority=4", changes);

      for (Reply reply : List.of(matching, none)) {
        assertThat(reply.status()).as(changes).isEqualTo(400);
        assertThat(reply.map()).as("one refusal of the body, not one per matched record").doesNotContainKey("records");
        assertThat(reply.map().get("errors")).as(changes).isEqualTo(Map.of(field, List.of(field.equals("colour")
            ? "is not an attribute of task" : "'3.5' is not a valid Integer; it must be a whole number")));
      }
      assertThat(matching.body()).isEqualTo(none.body());
    }
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
  }

  @Test
  void anAssociationValueOfTheWrongShapeIsOne400WhetherOrNotRecordsMatch() {
    for (int i = 0; i < 2; i++) {
      http.createTask("{\"title\":\"s" + i + "\",\"priority\":1}");
    }
    Map<String, String> problems = Map.of(
        "{\"subtasks\":\"x\"}", "'x' is not valid for subtasks, which takes a list of ids or objects",
        "{\"subtasks\":{}}", "an object is not valid for subtasks, which takes a list of ids or objects",
        "{\"subtasks\":[[1]]}", "an array is not valid for subtasks, which takes ids or objects, not nested lists",
        "{\"subtasks\":[\"abc\"]}", "element 0: 'abc' is not a valid Long (an id of subtask)");

    problems.forEach((changes, problem) -> {
      Reply matching = http.patch("/tasks?priority=1&ignoreErrors=true", changes);
      Reply none = http.patch("/tasks?priority=4", changes);

      // before, each matched record was refused alike under records (a 200 with ignoreErrors), and none matching was a 200
      for (Reply reply : List.of(matching, none)) {
        assertThat(reply.status()).as(changes + " " + reply.body()).isEqualTo(400);
        assertThat(reply.map()).as("one refusal of the body, not one per matched record").doesNotContainKey("records");
        assertThat(reply.map().get("errors")).as(changes).isEqualTo(Map.of("subtasks", List.of(problem)));
      }
    });
    assertThat(http.query("select version from http_tasks")).extracting(row -> row.get("version")).containsOnly(0L);
  }

  @Test
  void aHandlerMayStillTakeAnUnknownKeyOutOfTheChangesBeforeTheyAreChecked() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.on(http.taskController.events(), "onPreUpdate", args -> args.params().remove("colour"));

    Reply reply = http.patch("/tasks?priority=1", "{\"colour\":1,\"priority\":2}");

    assertThat(reply.map()).isEqualTo(Map.of("updated", 1));
  }

  @Test
  void theRepositoryApiRefusesChangesThatNoRecordCouldTakeOnceAndBeforeReadingAnyRecord() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":1}");
    List<String> fired = new ArrayList<>();
    http.on(http.tasks.events(), "preStart", args -> fired.add("preStart"));

    List<Veto> refusals = new ArrayList<>();
    for (Map<String, Object> changes : List.of(Map.<String, Object>of("colour", 1), Map.<String, Object>of("priority", "x"),
        Map.<String, Object>of("secret", "s"))) {
      for (int priority : new int[] {1, 4}) {
        try {
          http.tasks.updateWhere(new Query().where("priority", Operator.EQ, priority), changes, CallOptions.none());
        } catch (Veto refused) {
          refusals.add(refused);
        }
      }
    }

    assertThat(refusals).hasSize(6).allSatisfy(refused -> {
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.records()).isEmpty();
      assertThat(refused.fieldErrors()).hasSize(1);
    });
    assertThat(refusals).extracting(refused -> refused.fieldErrors().keySet().iterator().next())
        .containsExactly("colour", "colour", "priority", "priority", "secret", "secret");
    assertThat(fired).as("refused before any record is read").isEmpty();
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
  }

  @Test
  void pagingAndSortingDoNotApplyToABulkCallAndAreA400() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":1}");

    Reply sized = http.patch("/tasks?priority=1&size=1", "{\"priority\":3}");
    Reply sorted = http.delete("/tasks?priority=1&sort=title");

    assertThat(sized.status()).isEqualTo(400);
    assertThat(sized.map().get("detail")).isEqualTo("tasks.update by query changes every record its filters match; 'size'"
        + " does not apply to it: leave it out, or narrow the filters");
    assertThat(sorted.status()).isEqualTo(400);
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
  }

  /**
   * A bulk call answers counts, not records, so {@code fields} and {@code with} would shape nothing: before, they
   * were taken and ignored, and a client asking for the changed records' titles got a count it did not ask for.
   */
  @Test
  void fieldsAndWithDoNotApplyToABulkCallAndAreA400NamingThem() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");

    Reply fields = http.patch("/tasks?priority=1&fields=title", "{\"priority\":3}");
    Reply with = http.delete("/tasks?priority=1&with=subtasks");
    Reply noFilter = http.patch("/tasks?fields=title", "{\"priority\":3}");

    assertThat(fields.status()).isEqualTo(400);
    assertThat(fields.map().get("detail")).isEqualTo("tasks.update by query answers the number of records it changed"
        + " ({\"updated\": n}), not the records; 'fields' does not apply to it: leave it out, and read the records with"
        + " GET and the same filters");
    assertThat(with.status()).isEqualTo(400);
    assertThat(with.map().get("detail")).isEqualTo("tasks.destroy by query answers the number of records it changed"
        + " ({\"deleted\": n}), not the records; 'with' does not apply to it: leave it out, and read the records with"
        + " GET and the same filters");
    assertThat(noFilter.status()).isEqualTo(400);
    assertThat((String) noFilter.map().get("detail")).contains("'fields' does not apply to it");
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
    assertThat(http.rows("http_tasks")).isEqualTo(1);
  }

  @Test
  void aNestedBulkUpdateCannotMoveTheRecordsToAnotherParent() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");
    http.createSubtask(one, "{\"title\":\"x\"}");

    Reply moved = http.patch("/tasks/" + one + "/subtasks?all=true", "{\"task\":" + two + "}");
    Reply same = http.patch("/tasks/" + one + "/subtasks?all=true", "{\"task\":" + one + ",\"title\":\"y\"}");

    assertThat(moved.status()).isEqualTo(400);
    assertThat(moved.map().get("detail")).isEqualTo("'task' of a subtask under task " + one + " is given by the URL, but"
        + " the body says " + two + "; leave it out of the body");
    assertThat(same.map()).isEqualTo(Map.of("updated", 1));
    assertThat(http.query("select task_id, title from http_subtasks")).containsExactly(Map.of("task_id", one, "title", "y"));
  }

  @Test
  void aNestedBulkDeleteStaysUnderItsParent() {
    long one = http.createTask("{\"title\":\"one\"}");
    long two = http.createTask("{\"title\":\"two\"}");
    http.createSubtask(one, "{\"title\":\"x\"}");
    http.createSubtask(two, "{\"title\":\"x\"}");

    Reply reply = http.delete("/tasks/" + one + "/subtasks?title=x");

    assertThat(reply.map()).isEqualTo(Map.of("deleted", 1));
    assertThat(http.rows("http_subtasks")).isEqualTo(1);
  }

  @Test
  void theRepositoryApiUpdatesWhereAQueryMatches() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");
    http.createTask("{\"title\":\"b\",\"priority\":2}");

    var result = http.tasks.updateWhere(new Query().where("priority", Operator.GTE, 2), Map.of("title", "high"),
        CallOptions.none());
    var deleted = http.tasks.deleteWhere(new Query().where("title", Operator.EQ, "a"), CallOptions.none());

    assertThat(result.items()).hasSize(1);
    assertThat(deleted.items()).hasSize(1);
    assertThat(http.query("select title from http_tasks")).extracting(row -> row.get("title")).containsExactly("high");
  }

  @Test
  void aRecordRefusedWithIgnoreErrorsKeepsWhatItsHandlersChangedOnItsEntityUnwritten() {
    long kept = http.createTask("{\"title\":\"kept\",\"priority\":1}");
    long refused = http.createTask("{\"title\":\"refused\",\"priority\":1}");
    // a pre handler that counts on the entity itself, as the demo's task repository counts its updates
    http.on(http.tasks.events(), "preUpdate", args -> args.entity(dev.scribe.controller.fixture.Task.class).counter++);
    http.on(http.tasks.events(), "preDelete", args -> args.entity(dev.scribe.controller.fixture.Task.class).counter += 10);
    http.on(http.tasks.events(), "validateUpdate", args -> refuseTheOneTitled(args));
    http.on(http.tasks.events(), "verifyDelete", args -> refuseTheOneTitled(args));

    Reply bulk = http.patch("/tasks?priority=1&ignoreErrors=true", "{\"status\":\"DONE\"}");
    Reply batch = http.patch("/tasks?ignoreErrors=true", "[{\"id\":" + kept + ",\"priority\":1},{\"id\":" + refused
        + ",\"priority\":2}]");
    Reply delete = http.delete("/tasks?id=" + refused + "&ignoreErrors=true");

    assertThat(bulk.status()).isEqualTo(200);
    assertThat(bulk.map()).containsEntry("updated", 1);
    assertThat(batch.status()).isEqualTo(200);
    assertThat(delete.map()).containsEntry("deleted", 0);
    assertThat(http.query("select id, counter, version, status, priority from http_tasks order by id"))
        .extracting(row -> row.get("counter") + " " + row.get("version") + " " + row.get("status") + " " + row.get("priority"))
        .as("the refused record is as it was: no count, no new version")
        .containsExactly("2 2 DONE 1", "0 0 null 1");
    assertThat(kept).isLessThan(refused);
  }

  private static void refuseTheOneTitled(dev.scribe.core.EventArgs args) {
    if ("refused".equals(args.entity(dev.scribe.controller.fixture.Task.class).title)) {
      throw new Veto(409, "this one is refused");
    }
  }

  @Test
  void aBulkShapedCallWithoutFiltersNamesItsPagingAndItsIgnoreErrors() {
    http.createTask("{\"title\":\"a\",\"priority\":1}");

    Reply paged = http.patch("/tasks?page=1", "{\"priority\":3}");
    Reply maybe = http.patch("/tasks?ignoreErrors=maybe", "{\"priority\":3}");
    Reply deletePaged = http.delete("/tasks?page=1");
    Reply deleteMaybe = http.delete("/tasks?ignoreErrors=maybe");
    Reply noFilter = http.patch("/tasks?ignoreErrors=true", "{\"priority\":3}");

    // before, each got the batch's "expects a JSON array", which named neither page nor ignoreErrors
    assertThat(paged.status()).isEqualTo(400);
    assertThat(paged.map().get("detail")).isEqualTo("tasks.update by query changes every record its filters match;"
        + " 'page' does not apply to it: leave it out, or narrow the filters");
    assertThat(maybe.status()).isEqualTo(400);
    assertThat(maybe.map().get("detail")).isEqualTo("'ignoreErrors' must be true or false, not 'maybe'");
    assertThat(deletePaged.status()).isEqualTo(400);
    assertThat((String) deletePaged.map().get("detail")).contains("'page' does not apply to it");
    assertThat(deleteMaybe.status()).isEqualTo(400);
    assertThat(deleteMaybe.map().get("detail")).isEqualTo("'ignoreErrors' must be true or false, not 'maybe'");
    assertThat(noFilter.status()).isEqualTo(400);
    assertThat((String) noFilter.map().get("detail")).contains("expects a JSON array of objects")
        .contains("with filters in the query (or all=true)");
    assertThat(http.query("select priority from http_tasks")).extracting(row -> row.get("priority")).containsOnly(1);
  }
}
