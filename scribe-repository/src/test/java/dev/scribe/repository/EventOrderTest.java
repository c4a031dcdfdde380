package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventOrderTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void createFiresTheRepositoryAndEntityCatalogueInOrder() {
    Person owner = fixture.people.create(Map.of("name", "Ada"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.create(params("title", "write", "priority", "3", "owner", owner.getId()));

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preCreateBatch",
        "tasks.preCreate[0]", "tasks.preSave[0]", "tasks.validateCreate[0]", "tasks.validateSave[0]",
        "tasks.verifyCreate[0]", "tasks.verifySave[0]",
        "Task.preSetField(title)", "Task.preSetField(priority)", "Task.preProcessAssociationParams(owner)",
        "people.scopeQuery", "Task.prePersist[0]",
        "tasks.processResultsCreate[0]", "tasks.postCreate[0]", "tasks.postSave[0]",
        "Task.postPersist[0]", // the INSERT goes at the flush point before postCreateBatch
        "tasks.postCreateBatch", "tasks.preStop");
  }

  @Test
  void createBatchPersistsEachRecordAndInsertsTheRowsTogetherBeforePostCreateBatch() {
    EventRecorder recorder = fixture.record();

    fixture.tasks.createBatch(List.of(Map.of("title", "a"), Map.of("title", "b")), CallOptions.none());

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preCreateBatch",
        "tasks.preCreate[0]", "tasks.preSave[0]", "tasks.validateCreate[0]", "tasks.validateSave[0]",
        "tasks.verifyCreate[0]", "tasks.verifySave[0]", "Task.preSetField(title)",
        "Task.prePersist[0]",
        "tasks.processResultsCreate[0]", "tasks.postCreate[0]", "tasks.postSave[0]",
        "tasks.preCreate[1]", "tasks.preSave[1]", "tasks.validateCreate[1]", "tasks.validateSave[1]",
        "tasks.verifyCreate[1]", "tasks.verifySave[1]", "Task.preSetField(title)",
        "Task.prePersist[1]",
        "tasks.processResultsCreate[1]", "tasks.postCreate[1]", "tasks.postSave[1]",
        "Task.postPersist[0]", "Task.postPersist[1]",
        "tasks.postCreateBatch", "tasks.preStop");
  }

  @Test
  void aBatchLargerThanTheJdbcBatchSizeIsInsertedAfterEveryFullBatchOfRecords() {
    int batchSize = fixture.store.batchSize();
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (int i = 0; i <= batchSize; i++) {
      rows.add(params("title", "task " + i));
    }
    EventRecorder recorder = fixture.record();

    fixture.tasks.createBatch(rows, CallOptions.none());

    int last = batchSize - 1;
    assertThat(recorder.events).containsSubsequence("tasks.postSave[" + last + "]", "Task.postPersist[0]",
        "Task.postPersist[" + last + "]", "tasks.preCreate[" + batchSize + "]", "tasks.postSave[" + batchSize + "]",
        "Task.postPersist[" + batchSize + "]", "tasks.postCreateBatch");
    assertThat(recorder.events.indexOf("Task.postPersist[0]")).isGreaterThan(recorder.events.indexOf("tasks.postSave[" + last + "]"));
  }

  @Test
  void updateFiresTheEntityUpdateEventsAroundTheUpdate() {
    Task task = fixture.tasks.create(Map.of("title", "write"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.update(task.getId(), Map.of("title", "rewrite"));

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preUpdateBatch",
        "tasks.scopeQuery[0]", "tasks.preUpdate[0]", "tasks.preSave[0]", "tasks.validateUpdate[0]", "tasks.validateSave[0]",
        "tasks.verifyUpdate[0]", "tasks.verifySave[0]", "Task.preSetField(title)",
        "Task.preUpdate[0]", "Task.postUpdate[0]",
        "tasks.processResultsUpdate[0]", "tasks.postUpdate[0]", "tasks.postSave[0]",
        "tasks.postUpdateBatch", "tasks.preStop");
  }

  @Test
  void updateBatchRunsEachRecordInOrder() {
    Task a = fixture.tasks.create(Map.of("title", "a"));
    Task b = fixture.tasks.create(Map.of("title", "b"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.updateBatch(List.of(Map.of("id", a.getId(), "priority", 2), Map.of("id", b.getId(), "priority", 4)),
        CallOptions.none());

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preUpdateBatch",
        "tasks.scopeQuery[0]", "tasks.preUpdate[0]", "tasks.preSave[0]", "tasks.validateUpdate[0]", "tasks.validateSave[0]",
        "tasks.verifyUpdate[0]", "tasks.verifySave[0]", "Task.preSetField(priority)",
        "tasks.processResultsUpdate[0]", "tasks.postUpdate[0]", "tasks.postSave[0]",
        "tasks.scopeQuery[1]", "tasks.preUpdate[1]", "tasks.preSave[1]", "tasks.validateUpdate[1]", "tasks.validateSave[1]",
        "tasks.verifyUpdate[1]", "tasks.verifySave[1]", "Task.preSetField(priority)",
        "tasks.processResultsUpdate[1]", "tasks.postUpdate[1]", "tasks.postSave[1]",
        // the batch's UPDATEs go in one JDBC batch at the flush point before postUpdateBatch (DESIGN §3):
        // the entity's preUpdate when Hibernate writes its row, its postUpdate after the row is written
        "Task.preUpdate[0]", "Task.preUpdate[1]", "Task.postUpdate[0]", "Task.postUpdate[1]",
        "tasks.postUpdateBatch", "tasks.preStop");
  }

  @Test
  void deleteFiresTheEntityRemoveEventsAroundTheDelete() {
    Task task = fixture.tasks.create(Map.of("title", "write"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.delete(task.getId());

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preDeleteBatch",
        "tasks.scopeQuery[0]", "tasks.preDelete[0]", "tasks.validateDelete[0]", "tasks.verifyDelete[0]",
        "Task.preRemove[0]", "Task.postRemove[0]",
        "tasks.processResultsDelete[0]", "tasks.postDelete[0]",
        "tasks.postDeleteBatch", "tasks.preStop");
  }

  @Test
  void deleteBatchRunsEachRecordInOrder() {
    Task a = fixture.tasks.create(Map.of("title", "a"));
    Task b = fixture.tasks.create(Map.of("title", "b"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.deleteBatch(List.of(a.getId(), b.getId()), CallOptions.none());

    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preDeleteBatch",
        "tasks.scopeQuery[0]", "tasks.preDelete[0]", "tasks.validateDelete[0]", "tasks.verifyDelete[0]",
        "Task.preRemove[0]", "Task.postRemove[0]", "tasks.processResultsDelete[0]", "tasks.postDelete[0]",
        "tasks.scopeQuery[1]", "tasks.preDelete[1]", "tasks.validateDelete[1]", "tasks.verifyDelete[1]",
        "Task.preRemove[1]", "Task.postRemove[1]", "tasks.processResultsDelete[1]", "tasks.postDelete[1]",
        "tasks.postDeleteBatch", "tasks.preStop");
  }

  @Test
  void readsFireStartScopeAndStop() {
    Task task = fixture.tasks.create(Map.of("title", "write"));
    EventRecorder recorder = fixture.record();

    fixture.tasks.get(task.getId());
    fixture.tasks.list(new Query(), CallOptions.none());
    fixture.tasks.count(new Query(), CallOptions.none());

    assertThat(recorder.events).containsExactly("tasks.preStart", "tasks.scopeQuery", "tasks.preStop",
        "tasks.preStart", "tasks.scopeQuery", "tasks.preStop", "tasks.preStart", "tasks.scopeQuery", "tasks.preStop");
  }

  @Test
  void cascadedChildrenFirePrePersistAfterTheirParentAndPostPersistAfterTheirInsertAtTheFlushPoint() {
    EventRecorder recorder = fixture.record();

    fixture.tasks.create(params("title", "write", "subtasks", List.of(params("title", "outline"))));

    assertThat(recorder.events).containsSubsequence(
        "tasks.verifySave[0]", "Task.preSetField(title)", "Task.preProcessAssociationParams(subtasks)",
        "Subtask.preSetField(title)", "Task.prePersist[0]", "Subtask.prePersist[0]", "tasks.processResultsCreate[0]",
        "tasks.postSave[0]", "Task.postPersist[0]", "Subtask.postPersist[0]", "tasks.postCreateBatch");
  }

  @Test
  void nestedObjectsAreCreatedThroughTheirRepositoryWhenOneIsRegistered() {
    EventRecorder recorder = fixture.record();

    Task task = fixture.tasks.create(params("title", "write", "owner", params("name", "Grace")));

    assertThat(task.getOwner().getName()).isEqualTo("Grace");
    assertThat(recorder.events).containsExactly(
        "tasks.preStart", "tasks.preCreateBatch",
        "tasks.preCreate[0]", "tasks.preSave[0]", "tasks.validateCreate[0]", "tasks.validateSave[0]",
        "tasks.verifyCreate[0]", "tasks.verifySave[0]",
        "Task.preSetField(title)", "Task.preProcessAssociationParams(owner)",
        "people.preStart", "people.preCreateBatch",
        "people.preCreate[0]", "people.preSave[0]", "people.validateCreate[0]", "people.validateSave[0]",
        "people.verifyCreate[0]", "people.verifySave[0]", "Person.preSetField(name)",
        "Person.prePersist[0]",
        "people.processResultsCreate[0]", "people.postCreate[0]", "people.postSave[0]",
        "Person.postPersist[0]", "people.postCreateBatch", "people.preStop",
        "Task.prePersist[0]",
        "tasks.processResultsCreate[0]", "tasks.postCreate[0]", "tasks.postSave[0]",
        "Task.postPersist[0]", "tasks.postCreateBatch", "tasks.preStop");
  }
}
