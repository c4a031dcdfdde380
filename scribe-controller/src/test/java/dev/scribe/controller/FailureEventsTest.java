package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityTier;
import dev.scribe.repository.RepositoryTier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every failure of an action reaches {@code onError} exactly once, with the status that is answered, after the
 * repository's {@code preStop} (which carries the failure) and the unit of work's rollback; no {@code onPost…}
 * event fires for it. One test per way an action can fail.
 */
class FailureEventsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private static EventRecorder recorder;
  private static final AtomicBoolean FAIL_COMMIT = new AtomicBoolean();
  private static final AtomicBoolean FAIL_COMMIT_CHECKED = new AtomicBoolean();
  /** The status each onError saw, in order. */
  private final List<Object> errors = Collections.synchronizedList(new ArrayList<>());
  /** The exception each repository preStop saw (null on success), in order. */
  private final List<Object> stops = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void open() {
    recorder = new EventRecorder(http.scribe, ControllerTier.TIER, RepositoryTier.TIER, EntityTier.TIER);
    http.taskController.attachments(AttachmentStore.database());
    http.store.addBeforeCommitListener((unit, writes) -> {
      if (FAIL_COMMIT.get()) {
        throw new Veto(409, "the ledger is closed");
      }
      if (FAIL_COMMIT_CHECKED.get()) {
        sneaky(new java.io.IOException("the ledger's disk is full"));
      }
    });
  }

  @AfterAll
  static void close() {
    recorder.close();
  }

  @BeforeEach
  void watch() {
    FAIL_COMMIT.set(false);
    FAIL_COMMIT_CHECKED.set(false);
    http.onTier(ControllerTier.TIER, "onError", args -> errors.add(args.get(ControllerTier.STATUS)));
    http.onTier(RepositoryTier.TIER, "preStop", args -> stops.add(RepositoryTier.exception(args)));
    recorder.clear();
  }

  private void answeredOnceThroughOnError(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(errors).as("onError fired once, with the status answered").containsExactly(status);
  }

  @Test
  void aVetoInTheRepositoryEndsWithPreStopThenOnError() {
    http.on(http.tasks.events(), "verifyCreate", args -> {
      throw new Veto(409, "taken");
    });

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    answeredOnceThroughOnError(reply, 409);
    assertThat(recorder.fired()).containsExactly("controller.onAuthorize", "controller.onInit", "controller.onPreStore",
        "repository.preStart", "repository.preCreateBatch", "repository.preCreate", "repository.preSave",
        "repository.validateCreate", "repository.validateSave", "repository.verifyCreate",
        "repository.preStop", "controller.onError");
    assertThat(stops).hasSize(1).allMatch(Veto.class::isInstance);
  }

  @Test
  void aNotFoundShowEndsItsRepositoryCallWithPreStop() {
    answeredOnceThroughOnError(http.get("/tasks/424242"), 404);
    assertThat(stops).hasSize(1).allMatch(dev.scribe.repository.RecordNotFoundException.class::isInstance);
  }

  @Test
  void aNotFoundUpdateEndsItsRepositoryCallWithPreStop() {
    answeredOnceThroughOnError(http.patch("/tasks/424242", "{\"title\":\"b\"}"), 404);
    assertThat(stops).hasSize(1).allMatch(dev.scribe.repository.RecordNotFoundException.class::isInstance);
  }

  @Test
  void anExceptionInOnPostStore() {
    http.on(http.taskController.events(), "onPostStore", args -> {
      throw new IllegalStateException("broken");
    });

    answeredOnceThroughOnError(http.post("/tasks", "{\"title\":\"a\"}"), 500);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable checked) throws T {
    throw (T) checked;
  }

  @Test
  void aCheckedExceptionAHandlerThrowsWithoutDeclaringItEndsWithPreStopThenOnError() {
    // as a Kotlin handler may, which declares nothing: it passed by preStop, onError and the request id
    http.on(http.tasks.events(), "postCreate", args -> sneaky(new java.io.IOException("disk full")));

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    answeredOnceThroughOnError(reply, 500);
    assertThat(reply.body()).contains("requestId").doesNotContain("disk full");
    assertThat(stops).hasSize(1).allSatisfy(stop -> assertThat((Throwable) stop)
        .hasCauseInstanceOf(java.io.IOException.class));
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aCheckedExceptionACustomActionThrowsWithoutDeclaringItReachesOnError() {
    List<Object> seen = new ArrayList<>();
    Controller<dev.scribe.controller.fixture.Task, Long> reports = new Controller<>(http.tasks) {
      {
        action("report", dev.scribe.controller.ActionScope.COLLECTION, args -> {
          sneaky(new java.io.IOException("printer offline"));
          return null;
        });
      }
    };
    reports.events().on("onError", args -> seen.add(args.get(ControllerTier.STATUS) + " "
        + ControllerTier.exception(args).getClass().getSimpleName() + ": " + ControllerTier.exception(args).getMessage()));

    ActionResponse response = reports.perform("report", ActionRequest.empty());

    assertThat(response.status()).isEqualTo(500);
    assertThat(seen).containsExactly("500 ScribeException: the action report (tasks.report) threw java.io.IOException:"
        + " printer offline, a checked exception, which ActionHandler.handle does not declare; it is the cause of this"
        + " ScribeException");
  }

  /** What a handler may put in a result by mistake: Jackson reads its getter, which throws. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("no value yet");
    }
  }

  @Test
  void aResultThatCannotBeWrittenAsJsonIsA500ThroughOnErrorAndStoresNothing() {
    http.on(http.taskController.events(), "onPostStore", args -> args.put(EventArgs.RESULT, new Unwritable()));

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    answeredOnceThroughOnError(reply, 500);
    assertThat(reply.body()).contains("requestId").doesNotContain("no value yet");
    assertThat(http.rows("http_tasks")).as("the client was told it failed: nothing is stored").isZero();
  }

  @Test
  void aResultOfAnUpdateThatCannotBeWrittenLeavesTheRecordAsItWas() {
    long id = http.createTask("{\"title\":\"before\"}");
    errors.clear();
    http.on(http.taskController.events(), "onPostUpdate", args -> args.put(EventArgs.RESULT, List.of(new Unwritable())));

    answeredOnceThroughOnError(http.patch("/tasks/" + id, "{\"title\":\"after\"}"), 500);
    assertThat(http.get("/tasks/" + id).body()).contains("\"title\":\"before\"");
  }

  @Test
  void aReadWhoseResultCannotBeWrittenIsA500ThroughOnErrorToo() {
    long id = http.createTask("{\"title\":\"shown\"}");
    errors.clear();
    http.on(http.taskController.events(), "onPostShow", args -> args.put(EventArgs.RESULT, new Unwritable()));

    answeredOnceThroughOnError(http.get("/tasks/" + id), 500);
  }

  @Test
  void aFailureAtTheCommit() {
    FAIL_COMMIT.set(true);

    answeredOnceThroughOnError(http.post("/tasks", "{\"title\":\"a\"}"), 409);
    assertThat(stops).as("the repository call had ended before the commit").containsExactly((Object) null);
  }

  @Test
  void aCheckedExceptionABeforeCommitListenerThrowsWithoutDeclaringIt() {
    // a Kotlin listener may: it passed by onError, and the 500 was the servlet's last resort, without a request id
    FAIL_COMMIT_CHECKED.set(true);

    Reply reply = http.post("/tasks", "{\"title\":\"a\"}");

    answeredOnceThroughOnError(reply, 500);
    assertThat(reply.body()).contains("requestId").doesNotContain("disk");
    assertThat(http.rows("http_tasks")).isZero();
    Throwable inProcess = org.assertj.core.api.Assertions.catchThrowable(
        () -> http.tasks.create(java.util.Map.of("title", "b")));
    assertThat(inProcess).isExactlyInstanceOf(dev.scribe.core.ScribeException.class)
        .hasMessage("the unit of work failed with java.io.IOException: the ledger's disk is full, a checked exception"
            + " its code threw without declaring it; it is the cause of this ScribeException, and nothing was committed")
        .hasCauseInstanceOf(java.io.IOException.class);
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void aMalformedBody() {
    answeredOnceThroughOnError(http.post("/tasks", "{\"title\":"), 400);
  }

  @Test
  void aVetoInOnAuthorize() {
    http.on(http.taskController.events(), "onAuthorize", args -> {
      throw new Veto(403, "not you");
    });

    answeredOnceThroughOnError(http.get("/tasks"), 403);
  }

  @Test
  void aCustomActionOnAMissingRecord() {
    answeredOnceThroughOnError(http.post("/tasks/424242/complete", "{}"), 404);
  }

  @Test
  void aCustomActionWhoseRepositoryCallFails() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.tasks.events(), "verifyUpdate", args -> {
      throw new Veto(409, "not yet");
    });
    recorder.clear();

    answeredOnceThroughOnError(http.post("/tasks/" + id + "/complete", "{}"), 409);
    assertThat(recorder.fired()).endsWith("repository.verifyUpdate", "repository.preStop", "controller.onError");
  }

  @Test
  void aVetoInACustomActionsPreEvent() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.actionEvents(), "onPreComplete", args -> {
      throw new Veto(422, "not ready");
    });

    answeredOnceThroughOnError(http.post("/tasks/" + id + "/complete", "{}"), 422);
  }

  @Test
  void anExceptionInACustomActionsPostEvent() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.actionEvents(), "onPostComplete", args -> {
      throw new IllegalStateException("broken");
    });

    answeredOnceThroughOnError(http.post("/tasks/" + id + "/complete", "{}"), 500);
  }

  @Test
  void aVetoBeforeAnExport() {
    http.on(http.taskController.events(), "onPreExport", args -> {
      throw new Veto(403, "no exports");
    });

    answeredOnceThroughOnError(http.get("/tasks.csv"), 403);
  }

  @Test
  void aVetoInAnImport() {
    http.on(http.taskController.events(), "onPreImport", args -> {
      throw new Veto(403, "no imports");
    });

    answeredOnceThroughOnError(http.send("POST", "/tasks/import", "title\na\n", "Content-Type", "text/csv"), 403);
  }

  @Test
  void aBulkUpdateByQueryOverItsLimit() {
    http.createTask("{\"title\":\"a\"}");
    http.createTask("{\"title\":\"b\"}");
    http.tasks.configure(dev.scribe.core.Config.of(java.util.Map.of("maxBulkRows", 1)));
    try {
      answeredOnceThroughOnError(http.patch("/tasks?title[ne]=zzz", "{\"priority\":2}"), 422);
    } finally {
      http.tasks.configure(dev.scribe.core.Config.empty());
    }
  }

  @Test
  void anOnErrorHandlerThatFailsIsAnswered500WithoutASecondOnError() {
    http.on(http.taskController.events(), "onError", args -> {
      throw new IllegalStateException("the error handler broke");
    });

    Reply reply = http.get("/tasks/424242");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(errors).hasSize(1);
  }

  @Test
  void aBodyOverTheLimit() {
    answeredOnceThroughOnError(http.post("/tasks", "{\"title\":\"" + "a".repeat(2 << 20) + "\"}"), 413);
  }

  @Test
  void anUploadToAMissingRecord() {
    answeredOnceThroughOnError(http.send("PUT", "/tasks/424242/files/a.txt", "hello", "Content-Type", "text/plain"), 404);
  }

  @Test
  void aVetoBeforeAnUpload() {
    long id = http.createTask("{\"title\":\"a\"}");
    http.on(http.taskController.events(), "onPreUpload", args -> {
      throw new Veto(403, "no files");
    });

    answeredOnceThroughOnError(http.send("PUT", "/tasks/" + id + "/files/a.txt", "hello", "Content-Type", "text/plain"), 403);
  }

  @Test
  void anImportWithARefusedRowEndsWithOnErrorAndNoOnPostImport() {
    Reply reply = http.send("POST", "/tasks/import", "title,priority\nfine,1\n,2\n", "Content-Type", "text/csv");

    answeredOnceThroughOnError(reply, 422);
    assertThat(recorder.fired()).contains("controller.onPreImport").doesNotContain("controller.onPostImport");
    assertThat(http.rows("http_tasks")).isZero();
  }

  @Test
  void anExportWhoseReadFailsBeforeItsFirstByteEndsItsForEachWithPreStopThenOnError() {
    http.createTask("{\"title\":\"a\"}");
    http.on(http.tasks.events(), "scopeQuery", args -> {
      throw new Veto(403, "not these rows");
    });
    recorder.clear();

    answeredOnceThroughOnError(http.get("/tasks.csv"), 403);
    assertThat(recorder.fired()).endsWith("repository.scopeQuery", "repository.preStop", "controller.onError")
        .doesNotContain("controller.onPostExport");
  }
}
