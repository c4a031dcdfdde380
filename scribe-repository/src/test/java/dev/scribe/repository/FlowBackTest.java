package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Change;
import dev.scribe.core.EventArgs;
import dev.scribe.entity.EntityTier;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FlowBackTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void paramsChangedInPreCreateAreWhatIsPersisted() {
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put("priority", 4));

    Task task = fixture.tasks.create(params("title", "write"));

    assertThat(DB.rows("Task")).singleElement().satisfies(row -> {
      assertThat(row.get("id")).isEqualTo(task.getId());
      assertThat(row.get("priority")).isEqualTo(4);
    });
  }

  @Test
  void paramsReplacedInPreSaveAreWhatIsPersisted() {
    fixture.on(fixture.tasks.events(), "preSave", args -> args.put(EventArgs.PARAMS, params("title", "replaced")));

    fixture.tasks.create(params("title", "original"));

    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("replaced");
  }

  @Test
  void aValueChangedInPreSetFieldIsWhatIsSet() {
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      if (EntityTier.fieldName(args).equals("title")) {
        EntityTier.value(args, ((String) EntityTier.value(args)).strip().toUpperCase());
      }
    });

    Task task = fixture.tasks.create(params("title", "  shout  "));

    assertThat(task.getTitle()).isEqualTo("SHOUT");
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("SHOUT");
  }

  @Test
  void aLaterParamChangedOrRemovedInPreSetFieldIsBoundAsItIsThen() {
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      if (EntityTier.fieldName(args).equals("title")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) args.get(EventArgs.PARAMS);
        params.put("priority", 4);
        params.remove("budget");
      }
    });
    Map<String, Object> caller = params("title", "x", "priority", 1, "budget", "12.50");

    Task task = fixture.tasks.create(caller);

    assertThat(task.getPriority()).isEqualTo(4);
    assertThat(task.getBudget()).isNull();
    assertThat(caller).containsEntry("priority", 1).containsEntry("budget", "12.50");
  }

  @Test
  void aValueSetInPreSetFieldIsConvertedToTheAttributeType() {
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      if (EntityTier.fieldName(args).equals("priority")) {
        EntityTier.value(args, "5");
      }
    });

    Task task = fixture.tasks.create(params("title", "x", "priority", 1));

    assertThat(task.getPriority()).isEqualTo(5);
  }

  @Test
  void eachPreSetFieldOfABatchSeesItsOwnFieldAndValueAndWhatAHandlerPutsThereIsSetForThatRecordAlone() {
    List<String> seen = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      seen.add(args.index() + " " + EntityTier.fieldName(args) + "=" + EntityTier.value(args));
      if (args.index() == 0 && EntityTier.fieldName(args).equals("priority")) {
        EntityTier.value(args, "7"); // converted again, for this record only
      }
    });

    BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "a", "priority", 1),
        params("title", "b", "priority", 2)), CallOptions.none());

    assertThat(seen).containsExactly("0 title=a", "0 priority=1", "1 title=b", "1 priority=2");
    assertThat(result.items()).extracting(Task::getTitle, Task::getPriority)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 7), org.assertj.core.groups.Tuple.tuple("b", 2));
  }

  @Test
  void aPreSetFieldHandlerThatRemovesOrReplacesTheFieldKeysIsFollowedByTheNextHandlerAndTheBinding() {
    List<String> seen = new ArrayList<>();
    // the first handler takes the keys out and puts them back under equal strings of its own making
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      Object value = args.remove(EntityTier.VALUE);
      Object field = args.remove(EntityTier.FIELD_NAME);
      args.put(new String(EntityTier.FIELD_NAME.toCharArray()), field);
      args.put(new String(EntityTier.VALUE.toCharArray()), field.equals("title") ? value + "!" : value);
    });
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      seen.add(EntityTier.fieldName(args) + "=" + EntityTier.value(args));
      if (EntityTier.fieldName(args).equals("priority")) {
        args.remove(EntityTier.VALUE); // nothing left to set: the field is set to null
      }
    });

    Task task = fixture.tasks.create(params("title", "x", "priority", 3, "budget", "1.50"));

    assertThat(seen).containsExactly("title=x!", "priority=3", "budget=1.50");
    assertThat(task.getTitle()).isEqualTo("x!");
    assertThat(task.getPriority()).isNull();
    assertThat(task.getBudget()).isEqualByComparingTo("1.50");
  }

  @Test
  void associationValuesReplacedInPreProcessAssociationParamsAreWhatIsLinked() {
    Person ada = fixture.people.create(params("name", "Ada"));
    Person grace = fixture.people.create(params("name", "Grace"));
    fixture.on(fixture.entity(Task.class), "preProcessAssociationParams", args -> {
      if (args.get(EntityTier.ASSOCIATION_NAME).equals("owner")) {
        args.put(EntityTier.VALUES, List.of(grace.getId()));
      }
    });

    fixture.tasks.create(params("title", "x", "owner", ada.getId()));

    assertThat(DB.rows("Task")).extracting(row -> ((Number) row.get("owner_id")).longValue()).containsExactly(grace.getId());
  }

  @Test
  void eachBindingEventSeesOnlyItsOwnKeysAndLaterEntityEventsSeeNone() {
    Person ada = fixture.people.create(params("name", "Ada"));
    List<String> seen = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "preSetField", args -> seen.add("field " + args.get(EntityTier.FIELD_NAME)
        + " " + args.containsKey(EntityTier.ASSOCIATION_NAME) + " " + args.containsKey(EntityTier.VALUES)));
    fixture.on(fixture.entity(Task.class), "preProcessAssociationParams", args -> seen.add("association "
        + args.get(EntityTier.ASSOCIATION_NAME) + " " + args.containsKey(EntityTier.FIELD_NAME) + " "
        + args.containsKey(EntityTier.VALUE)));
    fixture.on(fixture.entity(Task.class), "prePersist", args -> seen.add("prePersist " + args.keySet().stream()
        .filter(key -> key.equals(EntityTier.FIELD_NAME) || key.equals(EntityTier.VALUE)
            || key.equals(EntityTier.ASSOCIATION_NAME) || key.equals(EntityTier.VALUES)).toList()));

    fixture.tasks.create(params("title", "x", "owner", ada.getId(), "priority", 2));

    assertThat(seen).containsExactly("field title false false", "association owner false false",
        "field priority false false", "prePersist []");
  }

  @Test
  void nestedObjectsAddedInPreProcessAssociationParamsAreCreated() {
    fixture.on(fixture.entity(Task.class), "preProcessAssociationParams", args -> {
      @SuppressWarnings("unchecked")
      List<Object> values = (List<Object>) args.get(EntityTier.VALUES);
      values.add(params("title", "added by a handler"));
    });

    Task task = fixture.tasks.create(params("title", "x", "subtasks", new ArrayList<>(List.of(params("title", "given")))));

    assertThat(task.getSubtasks()).extracting(Subtask::getTitle).containsExactly("given", "added by a handler");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("given", "added by a handler");
  }

  @Test
  void anEntityChangedInPrePersistIsWhatIsInserted() {
    fixture.on(fixture.entity(Task.class), "prePersist", args -> args.self(Task.class).setCreatedBy((String) args.get("user")));

    fixture.tasks.create(params("title", "x"), CallOptions.builder().user("ada").build());

    assertThat(DB.rows("Task")).extracting(row -> row.get("createdby")).containsExactly("ada");
  }

  @Test
  void anEntityChangedInTheEntityPreUpdateIsWhatIsWritten() {
    Task task = fixture.tasks.create(params("title", "x"));
    fixture.on(fixture.entity(Task.class), "preUpdate", args -> args.self(Task.class).setCreatedBy("editor"));

    fixture.tasks.update(task.getId(), params("title", "y"));

    assertThat(DB.rows("Task")).singleElement().satisfies(row -> {
      assertThat(row.get("title")).isEqualTo("y");
      assertThat(row.get("createdby")).isEqualTo("editor");
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(1L);
    });
  }

  @Test
  void aResultReplacedInProcessResultsIsWhatTheCallReturns() {
    Task replacement = new Task();
    fixture.on(fixture.tasks.events(), "processResultsCreate", args -> {
      if (args.index() == 1) {
        args.put(EventArgs.LAST_RESULT, replacement);
      }
    });

    BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")),
        CallOptions.none());

    assertThat(result.items()).hasSize(2);
    assertThat(result.items().get(0).getTitle()).isEqualTo("a");
    assertThat(result.items().get(1)).isSameAs(replacement);
  }

  @Test
  void resultsFilteredInPostCreateBatchAreWhatTheBatchReturns() {
    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> args.results().remove(0));

    BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")),
        CallOptions.none());

    assertThat(result.items()).extracting(Task::getTitle).containsExactly("b");
    assertThat(DB.count("Task")).isEqualTo(2);
  }

  @Test
  void recordsAddedInPreCreateBatchAreCreated() {
    fixture.on(fixture.tasks.events(), "preCreateBatch", args -> {
      @SuppressWarnings("unchecked")
      List<Object> records = (List<Object>) args.get(EventArgs.PARAMS);
      records.add(params("title", "added"));
    });

    BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "given")), CallOptions.none());

    assertThat(result.items()).extracting(Task::getTitle).containsExactly("given", "added");
  }

  @Test
  void perRecordArgsDoNotLeakFromOneRecordToTheNext() {
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> {
      seen.add(args.get("note"));
      args.put("note", "from record " + args.index());
      args.params().put("priority", 2);
    });
    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> seen.add(args.get("note")));

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b", "priority", 5)), CallOptions.none());

    assertThat(seen).containsExactly(null, null, null);
    assertThat(DB.rows("Task")).extracting(row -> row.get("priority")).containsExactly(2, 2);
  }

  @Test
  void theCallerMapIsNeverChanged() {
    Map<String, Object> given = params("title", "a");
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put("priority", 2));

    fixture.tasks.create(given);

    assertThat(given).containsExactly(Map.entry("title", "a"));
  }

  @Test
  void updateArgsCarryTheEntityAndTheChanges() {
    Task task = fixture.tasks.create(params("title", "before", "priority", 1));
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add(args.changes()));
    fixture.on(fixture.tasks.events(), "postUpdate", args -> {
      seen.add(args.changes());
      seen.add(args.entity(Task.class).getTitle());
    });

    fixture.tasks.update(task.getId(), params("title", "after", "priority", "1"));

    assertThat(seen).containsExactly(
        Map.of("title", new Change("before", "after")),
        Map.of("title", new Change("before", "after")),
        "after");
  }

  @Test
  void changesFollowWhatPreUpdateHandlersPutInTheParams() {
    Task task = fixture.tasks.create(params("title", "before", "priority", 1));
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preUpdate", args -> {
      seen.add(args.changes());
      Integer priority = args.entity(Task.class).getPriority();
      args.params().put("priority", priority + 1);
    });
    fixture.on(fixture.tasks.events(), "preSave", args -> args.params().remove("status"));
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add(args.changes()));
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> seen.add(args.changes()));
    fixture.on(fixture.tasks.events(), "postUpdate", args -> seen.add(args.changes()));

    fixture.tasks.update(task.getId(), params("title", "after", "status", "DONE"));

    Map<String, Change> expected = Map.of("title", new Change("before", "after"), "priority", new Change(1, 2));
    assertThat(seen).containsExactly(
        Map.of("title", new Change("before", "after"), "status", new Change(Status.OPEN, Status.DONE)),
        expected, expected, expected);
    assertThat(DB.rows("Task")).extracting(row -> row.get("priority"), row -> row.get("status"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "OPEN"));
  }

  @Test
  void changesFollowAValueAPreUpdateHandlerSetThroughAnEntryOfABatchRecordsParams() {
    // a batch record's params are a copy once its id is taken out: an entry's setValue writes that copy
    Task task = fixture.tasks.create(params("title", "before", "priority", 1));
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preUpdate", args -> {
      for (Map.Entry<String, Object> entry : args.params().entrySet()) {
        if (entry.getKey().equals("title")) {
          entry.setValue("set");
        }
      }
    });
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add(args.changes()));

    fixture.tasks.updateBatch(List.of(params("id", task.getId(), "title", "after")), CallOptions.none());

    assertThat(seen).containsExactly(Map.of("title", new Change("before", "set")));
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("set");
  }

  @Test
  void changesFollowTheEntityAPreUpdateHandlerChanged() {
    Task task = fixture.tasks.create(params("title", "before", "priority", 1));
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.entity(Task.class).setPriority(3));
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add(args.changes()));

    fixture.tasks.updateBatch(List.of(params("id", task.getId(), "title", "after", "priority", 1)), CallOptions.none());

    assertThat(seen).containsExactly(Map.of("title", new Change("before", "after"), "priority", new Change(3, 1)));
  }

  @Test
  void changesAPreUpdateHandlerRewroteAreComputedAgainFromTheParams() {
    Task task = fixture.tasks.create(params("title", "before", "priority", 1));
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.changes().put("title", new Change("x", "y")));
    fixture.on(fixture.tasks.events(), "preSave", args -> {
      if (args.changes().containsKey("priority")) {
        args.put(EventArgs.CHANGES, new java.util.LinkedHashMap<>(Map.of("priority", new Change(0, 0))));
      }
    });
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add(args.changes()));

    fixture.tasks.update(task.getId(), params("title", "after"));
    fixture.tasks.update(task.getId(), params("priority", 5));

    assertThat(seen).containsExactly(Map.of("title", new Change("before", "after")), Map.of("priority", new Change(1, 5)));
  }

  @Test
  void optionsReachTheHandlers() {
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> {
      seen.add(args.path());
      seen.add(args.get(EventArgs.OPTIONS));
      seen.add(args.get(EventArgs.OPTION_OVERRIDES));
      seen.add(args.frontEndOptions());
      seen.add(args.config().bool("ignoreErrors", false));
      seen.add(args.get(EventArgs.USER));
      seen.add(args.get("tenant"));
      seen.add(args.index());
    });

    fixture.tasks.createBatch(List.of(params("title", "a")), CallOptions.builder().path("admin.tasks.store")
        .optionOverrides(Map.of("ignoreErrors", true)).frontEndOptions(Map.of("with", "owner")).user("ada")
        .put("tenant", "acme").build());

    assertThat(seen).containsExactly("admin.tasks.store", Map.of("path", "admin.tasks.store", "user", "ada", "tenant", "acme"),
        Map.of("ignoreErrors", true), Map.of("with", "owner"), true, "ada", "acme", 0);
  }
}
