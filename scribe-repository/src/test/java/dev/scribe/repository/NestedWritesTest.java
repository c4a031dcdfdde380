package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Associations given as nested objects go through the associated entity's repository when it has one. */
class NestedWritesTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;
  static SubtaskRepository subtasks;

  @BeforeAll
  static void open() {
    subtasks = fixture.store.register(new SubtaskRepository());
  }

  @Test
  void childrenOfANewParentAreCreatedThroughTheirRepositoryAfterTheParentIsPersisted() {
    EventRecorder recorder = fixture.record().attach(subtasks.events(), "subtasks");

    Task task = fixture.tasks.create(params("title", "release", "subtasks", List.of(params("title", "tag"),
        params("title", "announce"))));

    assertThat(task.getSubtasks()).extracting(Subtask::getTitle).containsExactly("tag", "announce");
    assertThat(task.getSubtasks()).allSatisfy(subtask -> assertThat(subtask.getTask()).isSameAs(task));
    assertThat(recorder.events).containsSubsequence("Task.prePersist[0]",
        "subtasks.preStart", "subtasks.preCreate[0]", "Subtask.prePersist[0]", "subtasks.postCreate[0]",
        "Task.postPersist[0]", "Subtask.postPersist[0]", "subtasks.postCreateBatch", // the child call's flush point
        "subtasks.preStop", "subtasks.preStart", "subtasks.preStop", "tasks.processResultsCreate[0]");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("tag", "announce");
  }

  @Test
  void theChildRepositoryRunsOnANestedContextPath() {
    List<String> paths = new java.util.ArrayList<>();
    fixture.on(subtasks.events(), "preCreate", args -> paths.add(args.path()));

    fixture.tasks.create(params("title", "x", "subtasks", List.of(params("title", "y"))),
        CallOptions.builder().path("admin.tasks.store").build());

    assertThat(paths).containsExactly("admin.tasks.subtasks.create");
  }

  @Test
  void aChildsVetoRollsBackTheParentToo() {
    Veto veto = new Veto(409, "no announcements");
    fixture.on(subtasks.events(), "verifyCreate", args -> {
      if ("announce".equals(args.params().get("title"))) {
        throw veto;
      }
    });

    Veto thrown = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "release",
        "subtasks", List.of(params("title", "tag"), params("title", "announce")))));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.count("Task")).isZero();
    assertThat(DB.count("Subtask")).isZero();
  }

  @Test
  void aNestedRecordsFieldErrorsNameItUnderItsAssociationAndPosition() {
    Veto thrown = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "release",
        "subtasks", List.of(params("title", "tag"), params("title", "")))));
    Task task = fixture.tasks.create(params("title", "kept", "subtasks", List.of(params("title", "tag"))));
    Long subtaskId = task.getSubtasks().get(0).getId();
    Veto onUpdate = catchThrowableOfType(Veto.class, () -> fixture.tasks.update(task.getId(),
        params("subtasks", List.of(params("title", "new"), params("id", subtaskId, "title", " ")))));

    assertThat(thrown.status()).isEqualTo(422);
    assertThat(thrown.fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(onUpdate.fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("kept");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("tag");
  }

  @Test
  void aChildRefusedInABatchIsTheRefusalOfItsRecordNamedByItsIndex() {
    List<Map<String, Object>> batch = List.of(params("title", "one"),
        params("title", "two", "subtasks", List.of(params("title", "ok"), params("title", " "))),
        params("title", "three", "subtasks", List.of(params("title", "fine"))));

    Veto refused = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(batch, CallOptions.none()));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.records()).singleElement().satisfies(record -> {
      assertThat(record.index()).isEqualTo(1);
      assertThat(record.fieldErrors()).containsOnlyKeys("subtasks[1].title");
    });
    assertThat(DB.count("Task")).isZero();
    assertThat(DB.count("Subtask")).isZero();

    // under ignoreErrors the record is left out, its children with it, and the others are kept
    BatchResult<Task> kept = fixture.tasks.createBatch(batch, CallOptions.builder().ignoreErrors(true).build());
    assertThat(kept.items()).extracting(Task::getTitle).containsExactly("one", "three");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(kept.failures().get(0).fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(DB.count("Task")).isEqualTo(2);
    assertThat(DB.count("Subtask")).isEqualTo(1);
  }

  @Test
  void aChildRefusedInABatchInsideTheCallersUnitFailsTheBatchNamingItsRecord() {
    List<Map<String, Object>> batch = List.of(params("title", "one"),
        params("title", "two", "subtasks", List.of(params("title", ""))));

    Veto refused = catchThrowableOfType(Veto.class, () -> fixture.store.inTransaction(
        () -> fixture.tasks.createBatch(batch, CallOptions.builder().ignoreErrors(true).build())));
    assertThat(refused.records()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void nestedObjectsWithAnIdUpdateThatRecordAndKeepIt() {
    Task task = fixture.tasks.create(params("title", "release", "subtasks", List.of(params("title", "tag"))));
    Long subtaskId = task.getSubtasks().get(0).getId();
    List<String> updated = new java.util.ArrayList<>();
    fixture.on(subtasks.events(), "postUpdate", args -> updated.add(args.path() + " " + args.changes()));

    Task after = fixture.tasks.update(task.getId(), params("subtasks", List.of(params("id", subtaskId, "title", "tag v2"),
        params("title", "new one"))));

    assertThat(after.getSubtasks()).extracting(Subtask::getTitle).containsExactly("tag v2", "new one");
    assertThat(updated).containsExactly("tasks.subtasks.update {title=Change[oldValue=tag, newValue=tag v2]}");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("tag v2", "new one");
  }

  /**
   * A subtask moved to another task by that task's list is an update of the subtask, as a direct write of its
   * {@code task} would be: its repository's update events fire with the change of task. Before, a bare id (or an
   * object with its id) in the list moved it without any subtask event.
   */
  @Test
  void aChildMovedToAnotherParentByItsListIsUpdatedThroughItsRepository() {
    Task from = fixture.tasks.create(params("title", "from", "subtasks", List.of(params("title", "a"), params("title", "b"))));
    Task to = fixture.tasks.create(params("title", "to"));
    Long a = from.getSubtasks().get(0).getId();
    Long b = from.getSubtasks().get(1).getId();
    List<String> updated = new java.util.ArrayList<>();
    fixture.on(subtasks.events(), "postUpdate", args -> updated.add(args.path() + " " + args.id() + " "
        + args.changes().keySet()));

    fixture.tasks.update(to.getId(), params("subtasks", List.of(a, params("id", b, "title", "b2"))));

    assertThat(updated).containsExactly("tasks.subtasks.update " + a + " [task]",
        "tasks.subtasks.update " + b + " [title, task]");
    assertThat(DB.rows("Subtask")).extracting(row -> ((Number) row.get("task_id")).longValue()).containsOnly(to.getId());
  }

  /**
   * A subtask moved under a task the same call creates is updated through its repository once that task has its
   * id, as a move to an existing task is: {@code changes} shows its task old → new. Before, the binder wrote the
   * back reference itself and no subtask event fired.
   */
  @Test
  void aChildMovedUnderAParentTheSameCallCreatesIsUpdatedThroughItsRepository() {
    Task from = fixture.tasks.create(params("title", "from", "subtasks", List.of(params("title", "a"), params("title", "b"))));
    Long a = from.getSubtasks().get(0).getId();
    Long b = from.getSubtasks().get(1).getId();
    List<String> updated = new java.util.ArrayList<>();
    fixture.on(subtasks.events(), "postUpdate", args -> updated.add(args.path() + " " + args.id() + " "
        + args.changes()));

    Task to = fixture.tasks.create(params("title", "to", "subtasks", List.of(a, params("id", b, "title", "b2"),
        params("title", "c"))));

    assertThat(updated).containsExactly(
        "tasks.subtasks.update " + a + " {task=Change[oldValue=" + from.getId() + ", newValue=" + to.getId() + "]}",
        "tasks.subtasks.update " + b + " {title=Change[oldValue=b, newValue=b2], task=Change[oldValue=" + from.getId()
            + ", newValue=" + to.getId() + "]}");
    assertThat(to.getSubtasks()).extracting(Subtask::getTitle).containsExactly("a", "b2", "c");
    assertThat(DB.rows("Subtask")).extracting(row -> ((Number) row.get("task_id")).longValue()).containsOnly(to.getId());
  }

  @Test
  void childrenLeftOutOfAReplacedCollectionAreRemoved() {
    Task task = fixture.tasks.create(params("title", "release", "subtasks", List.of(params("title", "a"),
        params("title", "b"))));
    Long keep = task.getSubtasks().get(1).getId();

    fixture.tasks.update(task.getId(), params("subtasks", List.of(keep)));

    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("b");
  }

  /**
   * A subtask an orphan-removing list leaves out is deleted as {@code DELETE /subtasks/7} would delete it: through
   * its repository, on the nested path, with its delete events ({@code entity} the subtask) and its after-commit
   * {@code deleted} event. Before, Hibernate removed the row as an orphan and no repository event fired.
   */
  @Test
  void aChildAnOrphanRemovingListLeavesOutIsDeletedThroughItsRepository() {
    Task task = fixture.tasks.create(params("title", "release", "subtasks", List.of(params("title", "a"),
        params("title", "b"))));
    Long dropped = task.getSubtasks().get(0).getId();
    Long keep = task.getSubtasks().get(1).getId();
    EventRecorder recorder = fixture.record().attach(subtasks.events(), "subtasks");
    List<String> selves = new ArrayList<>();
    fixture.on(subtasks.events(), "postDelete", args -> selves.add(args.path() + " " + args.id() + " "
        + ((Subtask) args.entity()).getTitle()));
    List<Object> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    Object listener = new Object() {
      @com.google.common.eventbus.Subscribe
      public void on(EntityDeleted deleted) {
        published.add(deleted.entityType().getSimpleName() + " " + deleted.id());
      }
    };
    fixture.store.events().register(listener);
    try {
      fixture.tasks.update(task.getId(), params("subtasks", List.of(keep)));
    } finally {
      fixture.store.events().unregister(listener);
    }

    assertThat(recorder.events).containsSubsequence("subtasks.preStart", "subtasks.preDeleteBatch",
        "subtasks.preDelete[0]", "subtasks.validateDelete[0]", "subtasks.verifyDelete[0]", "Subtask.preRemove[0]",
        "Subtask.postRemove[0]", "subtasks.postDelete[0]", "subtasks.postDeleteBatch", "subtasks.preStop");
    assertThat(recorder.events).filteredOn(event -> event.startsWith("subtasks.preDelete[")
        || event.startsWith("Subtask.preRemove")).hasSize(2);
    assertThat(selves).containsExactly("tasks.subtasks.delete " + dropped + " a");
    assertThat(published).containsExactly("Subtask " + dropped);
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("b");
  }

  /** A veto of the orphan's delete stops the parent's update: nothing of it is written. */
  @Test
  void aVetoOfAnOrphansDeleteRollsTheParentsUpdateBack() {
    Task task = fixture.tasks.create(params("title", "release", "subtasks", List.of(params("title", "a"),
        params("title", "b"))));
    Long keep = task.getSubtasks().get(1).getId();
    Veto veto = new Veto(409, "subtask a stays");
    fixture.on(subtasks.events(), "verifyDelete", args -> {
      throw veto;
    });

    Veto thrown = catchThrowableOfType(Veto.class, () -> fixture.tasks.update(task.getId(),
        params("title", "renamed", "subtasks", List.of(keep))));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("release");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("a", "b");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aParentHandlerTrimmingNestedTitlesLeavesTheCallersNestedMapsAndListsAlone() {
    fixture.on(fixture.tasks.events(), "preSave", args -> {
      List<Object> children = (List<Object>) args.params().get("subtasks");
      for (Object child : children) {
        Map<String, Object> subtask = (Map<String, Object>) child;
        subtask.put("title", ((String) subtask.get("title")).trim());
      }
      children.add(params("title", "added by the handler"));
    });
    Map<String, Object> tag = params("title", "  tag  ");
    List<Object> children = new ArrayList<>(List.of(tag));
    Map<String, Object> given = params("title", "release", "subtasks", children);

    fixture.tasks.create(given);

    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("tag", "added by the handler");
    assertThat(tag).containsExactly(Map.entry("title", "  tag  "));
    assertThat(children).containsExactly(tag);
    assertThat(given.get("subtasks")).isSameAs(children);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aChildRecordChangingItsNestedParamsLeavesTheCallersMapsAlone() {
    fixture.on(subtasks.events(), "preCreate", args -> args.params().put("title", "child " + args.params().get("title")));
    Map<String, Object> tag = params("title", "tag");
    Map<String, Object> given = params("title", "release", "subtasks", List.of(tag));

    fixture.tasks.createBatch(List.of(given, given), CallOptions.none());

    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("child tag", "child tag");
    assertThat(tag).containsExactly(Map.entry("title", "tag"));
  }
}
