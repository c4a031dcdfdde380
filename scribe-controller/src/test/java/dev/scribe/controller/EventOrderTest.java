package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.entity.EntityTier;
import dev.scribe.repository.RepositoryTier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order in which one HTTP request fires the events of the controller, repository and entity tiers,
 * for each action: controller events around the repository's, the entity's inside the repository's;
 * {@code onAuthorize} before everything, {@code scopeQuery} before every read and lookup.
 */
class EventOrderTest {
  private static final List<String> CREATE_ONE = List.of(
      "repository.preCreate", "repository.preSave", "repository.validateCreate", "repository.validateSave",
      "repository.verifyCreate", "repository.verifySave");
  private static final List<String> CREATED = List.of(
      "entity.prePersist", "repository.processResultsCreate", "repository.postCreate", "repository.postSave");

  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static EventRecorder recorder;

  @BeforeAll
  static void openRecorder() {
    recorder = new EventRecorder(http.scribe, ControllerTier.TIER, RepositoryTier.TIER, EntityTier.TIER);
  }

  @AfterAll
  static void closeRecorder() {
    recorder.close();
  }

  @BeforeEach
  void clearRecorder() {
    recorder.clear();
  }

  @Test
  void storeFiresControllerRepositoryAndEntityEventsInOrder() {
    http.post("/tasks", "{\"title\":\"a\",\"priority\":1}");

    List<String> expected = new ArrayList<>(List.of("controller.onAuthorize", "controller.onInit", "controller.onPreStore",
        "repository.preStart", "repository.preCreateBatch"));
    expected.addAll(CREATE_ONE);
    expected.addAll(List.of("entity.preSetField", "entity.preSetField"));
    expected.addAll(CREATED);
    // the INSERT goes at the flush point before postCreateBatch
    expected.addAll(List.of("entity.postPersist", "repository.postCreateBatch", "repository.preStop", "controller.onPostStore"));
    assertThat(recorder.fired()).containsExactlyElementsOf(expected);
  }

  @Test
  void aBatchStoreFiresTheControllerEventsOnceAndTheRecordEventsPerRecord() {
    http.post("/tasks", "[{\"title\":\"a\"},{\"title\":\"b\"}]");

    List<String> expected = new ArrayList<>(List.of("controller.onAuthorize", "controller.onInit", "controller.onPreStore",
        "repository.preStart", "repository.preCreateBatch"));
    for (int i = 0; i < 2; i++) {
      expected.addAll(CREATE_ONE);
      expected.add("entity.preSetField");
      expected.addAll(CREATED);
    }
    expected.addAll(List.of("entity.postPersist", "entity.postPersist", "repository.postCreateBatch", "repository.preStop",
        "controller.onPostStore"));
    assertThat(recorder.fired()).containsExactlyElementsOf(expected);
  }

  @Test
  void aNestedStoreReadsTheParentThenSetsTheAssociation() {
    long task = http.createTask("{\"title\":\"parent\"}");
    recorder.clear();

    http.post("/tasks/" + task + "/subtasks", "{\"title\":\"child\"}");

    List<String> expected = new ArrayList<>(List.of("controller.onAuthorize", "controller.onInit", "repository.preStart", "repository.scopeQuery", "repository.preStop",
        "controller.onPreStore", "repository.preStart", "repository.preCreateBatch"));
    // the parent the URL names is looked up inside its scope with the checks of the params, before verify
    expected.addAll(List.of("repository.preCreate", "repository.preSave", "repository.validateCreate",
        "repository.validateSave", "repository.scopeQuery", "repository.verifyCreate", "repository.verifySave"));
    expected.addAll(List.of("entity.preSetField", "entity.preProcessAssociationParams"));
    expected.addAll(CREATED);
    expected.addAll(List.of("entity.postPersist", "repository.postCreateBatch", "repository.preStop", "controller.onPostStore"));
    assertThat(recorder.fired()).containsExactlyElementsOf(expected);
  }

  @Test
  void readsFireTheControllerEventsAroundTheRepositorysStartAndStop() {
    long id = http.createTask("{\"title\":\"a\"}");
    List<String> read = List.of("repository.preStart", "repository.scopeQuery", "repository.preStop");

    for (String[] call : new String[][] {{"/tasks", "Index"}, {"/tasks/count", "Index"}, {"/tasks/" + id, "Show"}}) {
      recorder.clear();
      http.get(call[0]);
      List<String> expected = new ArrayList<>(List.of("controller.onAuthorize", "controller.onInit", "controller.onPre" + call[1]));
      expected.addAll(read);
      expected.add("controller.onPost" + call[1]);
      assertThat(recorder.fired()).as(call[0]).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void updateFiresControllerRepositoryAndEntityEventsInOrder() {
    long id = http.createTask("{\"title\":\"a\"}");
    recorder.clear();

    Reply reply = http.patch("/tasks/" + id, "{\"title\":\"b\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(recorder.fired()).containsExactly("controller.onAuthorize", "controller.onInit", "controller.onPreUpdate",
        "repository.preStart", "repository.preUpdateBatch", "repository.scopeQuery", "repository.preUpdate", "repository.preSave",
        "repository.validateUpdate", "repository.validateSave", "repository.verifyUpdate", "repository.verifySave",
        "entity.preSetField", "entity.preUpdate", "entity.postUpdate", "repository.processResultsUpdate",
        "repository.postUpdate", "repository.postSave", "repository.postUpdateBatch", "repository.preStop",
        "controller.onPostUpdate");
  }

  @Test
  void destroyFiresControllerRepositoryAndEntityEventsInOrder() {
    long id = http.createTask("{\"title\":\"a\"}");
    recorder.clear();

    http.delete("/tasks/" + id);

    assertThat(recorder.fired()).containsExactly("controller.onAuthorize", "controller.onInit", "controller.onPreDestroy",
        "repository.preStart", "repository.preDeleteBatch", "repository.scopeQuery", "repository.preDelete", "repository.validateDelete",
        "repository.verifyDelete", "entity.preRemove", "entity.postRemove", "repository.processResultsDelete",
        "repository.postDelete", "repository.postDeleteBatch", "repository.preStop", "controller.onPostDestroy");
  }

  @Test
  void aFailedActionFiresOnErrorInsteadOfItsPostEvent() {
    http.get("/tasks/424242");

    assertThat(recorder.fired()).containsExactly("controller.onAuthorize", "controller.onInit", "controller.onPreShow",
        "repository.preStart", "repository.scopeQuery", "repository.preStop", "controller.onError");
  }

  @Test
  void aVetoInOnPreStoreStopsBeforeTheRepositoryIsCalled() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      throw new dev.scribe.core.Veto("not now");
    });

    http.post("/tasks", "{\"title\":\"a\"}");

    assertThat(recorder.fired()).containsExactly("controller.onAuthorize", "controller.onInit", "controller.onPreStore", "controller.onError");
  }
}
