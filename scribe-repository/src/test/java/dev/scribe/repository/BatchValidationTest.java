package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchValidationTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @AfterEach
  void reset() {
    fixture.tasks.configure(Config.empty());
  }

  private void refuseTitles() {
    fixture.on(fixture.tasks.events(), "validateCreate", args -> {
      String title = (String) args.params().get("title");
      if (title.startsWith("bad")) {
        throw Veto.builder().message("titles must not start with bad").field("title", "starts with bad").build();
      }
    });
    fixture.on(fixture.tasks.events(), "verifySave", args -> {
      if ("forbidden".equals(args.params().get("title"))) {
        throw new Veto(403, "you may not create forbidden tasks");
      }
    });
  }

  private static List<Map<String, Object>> rows() {
    return List.of(params("title", "bad one"), params("title", "good"), params("title", "bad two"),
        params("title", "forbidden"), params("title", "fine", "priority", 9));
  }

  @Test
  void everyRefusedRecordIsReportedTogetherAndNothingIsKept() {
    refuseTitles();

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(), CallOptions.none()));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("titles must not start with bad", "you may not create forbidden tasks",
        "validation failed");
    assertThat(veto.records()).containsExactly(
        new Veto.RecordError(0, 422, List.of("titles must not start with bad"), Map.of("title", List.of("starts with bad"))),
        new Veto.RecordError(2, 422, List.of("titles must not start with bad"), Map.of("title", List.of("starts with bad"))),
        new Veto.RecordError(3, 403, List.of("you may not create forbidden tasks"), Map.of()),
        new Veto.RecordError(4, 422, List.of("validation failed"),
            Map.of("priority", List.of("must be less than or equal to 5"))));
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void theRemainingHandlersOfARefusedRecordAreSkippedAndLaterRecordsAreCheckedButNotWritten() {
    refuseTitles();
    List<String> verified = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> verified.add((String) args.params().get("title")));
    List<Integer> written = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "prePersist", args -> written.add(args.index()));

    catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(), CallOptions.none()));

    assertThat(verified).containsExactly("good", "forbidden");
    assertThat(written).isEmpty();
  }

  @Test
  void withIgnoreErrorsTheValidRecordsAreKeptAndTheOthersReported() {
    refuseTitles();

    BatchResult<Task> result = fixture.tasks.createBatch(rows(), CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.items()).extracting(Task::getTitle).containsExactly("good");
    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(0, 2, 3, 4);
    assertThat(result.hasFailures()).isTrue();
    assertThat(result.failureVeto().records()).isEqualTo(result.failures());
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("good");
  }

  @Test
  void ignoreErrorsCanBeConfiguredPerPath() {
    refuseTitles();
    fixture.tasks.configure(Config.empty().override("import.**", Map.of("ignoreErrors", true)));

    BatchResult<Task> imported = fixture.tasks.createBatch(rows(), CallOptions.builder().path("import.tasks").build());
    Veto refused = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(), CallOptions.none()));

    assertThat(imported.items()).extracting(Task::getTitle).containsExactly("good");
    assertThat(refused.records()).hasSize(4);
    assertThat(DB.count("Task")).isEqualTo(1);
  }

  // ignoreErrors is taken from the call's own ignoreErrors(...), else its optionOverrides, else the repository's
  // options for its path, and args.config() says what the call runs with. Before, a call's ignoreErrors(...) was
  // followed while config() still said the path's option, so a handler reading it was told the opposite
  @Test
  void aCallsOwnIgnoreErrorsWinsOverItsOverridesAndThePathsOptionAndTheHandlersConfigSaysSo() {
    refuseTitles();
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreateBatch", args -> seen.add(args.config().bool("ignoreErrors", false)));
    fixture.tasks.configure(Config.of(Map.of("ignoreErrors", false)));

    BatchResult<Task> kept = fixture.tasks.createBatch(rows(), CallOptions.builder().ignoreErrors(true).build());
    fixture.tasks.configure(Config.of(Map.of("ignoreErrors", true)));
    Veto ownOption = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(),
        CallOptions.builder().ignoreErrors(false).optionOverrides(Map.of("ignoreErrors", true)).build()));
    Veto overridden = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(),
        CallOptions.builder().optionOverrides(Map.of("ignoreErrors", false)).build()));
    BatchResult<Task> byPath = fixture.tasks.createBatch(rows(), CallOptions.none());

    assertThat(kept.items()).extracting(Task::getTitle).containsExactly("good");
    assertThat(ownOption).isNotNull();
    assertThat(overridden).isNotNull();
    assertThat(byPath.items()).extracting(Task::getTitle).containsExactly("good");
    assertThat(seen).containsExactly(true, false, false, true);
    assertThat(DB.count("Task")).isEqualTo(2);
  }

  @Test
  void aSingleCreateThrowsTheHandlersVetoUnchanged() {
    Veto original = new Veto(409, "duplicate title");
    fixture.on(fixture.tasks.events(), "validateCreate", args -> {
      throw original;
    });

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x")));

    assertThat(veto).isSameAs(original);
  }

  @Test
  void aVetoOutsideValidationStopsTheBatchAtOnce() {
    Veto original = new Veto(400, "stop");
    List<Integer> started = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> {
      started.add(args.index());
      if (args.index() == 1) {
        throw original;
      }
    });

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows(), CallOptions.builder()
        .ignoreErrors(true).build()));

    assertThat(veto).isSameAs(original);
    assertThat(started).containsExactly(0, 1);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void unknownIdsInABatchAreRefusedRecords() {
    Task kept = fixture.tasks.create(params("title", "a"));

    BatchResult<Task> result = fixture.tasks.deleteBatch(List.of(kept.getId(), 999_999L),
        CallOptions.builder().ignoreErrors(true).build());
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.updateBatch(List.of(params("id", 999_998L,
        "title", "x")), CallOptions.none()));

    assertThat(result.failures()).containsExactly(new Veto.RecordError(1, 404, List.of("task 999999 not found"), Map.of()));
    assertThat(DB.count("Task")).isZero();
    assertThat(veto.status()).isEqualTo(404);
    assertThat(veto.messages()).containsExactly("task 999998 not found");
  }

  @Test
  void badAssociationValuesAreRefusedWithTheirRecordAndTheValidRecordsCanBeKept() {
    Person ada = fixture.people.create(params("name", "Ada"));
    List<Map<String, Object>> rows = List.of(params("title", "owned", "owner", ada.getId()),
        params("title", "ghost owner", "owner", 999_999L), params("title", "typo", "owner", "abc"),
        params("title", "two owners", "owner", List.of(ada.getId(), 999_999L)),
        params("title", "ghost subtask", "subtasks", List.of(Map.of("id", 999_997L))));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows, CallOptions.none()));
    BatchResult<Task> kept = fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());

    assertThat(veto.records()).extracting(Veto.RecordError::index, Veto.RecordError::status)
        .containsExactly(tuple(1, 422), tuple(2, 400), tuple(3, 400), tuple(4, 422));
    assertThat(veto.records().get(0).fieldErrors()).containsEntry("owner", List.of("person 999999 does not exist"));
    assertThat(veto.records().get(1).fieldErrors().get("owner")).singleElement().asString().contains("abc");
    assertThat(veto.records().get(2).fieldErrors().get("owner")).singleElement().asString()
        .contains("takes one id or object, not 2");
    assertThat(veto.records().get(3).fieldErrors()).containsEntry("subtasks", List.of("subtask 999997 does not exist"));
    assertThat(kept.items()).extracting(Task::getTitle).containsExactly("owned");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(1, 2, 3, 4);
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("owned");
  }

  @Test
  void anUpdateBatchRecordWithoutItsIdIsRefused() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.updateBatch(List.of(params("title", "x")),
        CallOptions.none()));

    assertThat(veto.records()).containsExactly(new Veto.RecordError(0, 400,
        List.of("record 0 has no id; each record of an update batch needs the id of the task to update"),
        Map.of("id", List.of("is required in an update batch"))));
  }

  @Test
  void aRecordThatIsNotAnObjectIsRefused() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(null);

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(rows, CallOptions.none()));

    assertThat(veto.messages()).containsExactly("record 0 is null, not an object of task fields");
  }
}
