package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import dev.scribe.repository.internal.CallOptionsAccess;
import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MassAssignmentTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  static final String SETTABLE = "settable fields: title, status, priority, dueDate, budget, remindAt, starred, owner, subtasks";

  @AfterEach
  void clearConfig() {
    fixture.tasks.configure(Config.empty());
  }

  @Test
  void theIdTheVersionGuardedAndUnknownFieldsAreRefusedByName() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "id", 7,
        "version", 3, "createdBy", "mallory", "bogus", 1)));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("cannot set id, version, createdBy, bogus on task; " + SETTABLE);
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("id", List.of("is the id and cannot be set from params")),
        Map.entry("version", List.of("is the version and cannot be set from params; send the expected version instead")),
        Map.entry("createdBy", List.of("is guarded and cannot be set from params")),
        Map.entry("bogus", List.of("is not an attribute of task")));
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void updatesRefuseTheSameFields() {
    Task task = fixture.tasks.create(params("title", "x"));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.update(task.getId(), params("createdBy", "mallory")));

    assertThat(veto.messages()).containsExactly("cannot set createdBy on task; " + SETTABLE);
    assertThat(DB.rows("Task")).extracting(row -> row.get("createdby")).containsOnlyNulls();
  }

  @Test
  void unknownFieldsAreIgnoredWhenRejectUnknownFieldsIsOff() {
    fixture.tasks.configure(Config.of(Map.of("rejectUnknownFields", false)));

    Task task = fixture.tasks.create(params("title", "x", "bogus", 1));
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "createdBy", "m")));

    assertThat(task.getTitle()).isEqualTo("x");
    assertThat(veto.fieldErrors()).containsOnlyKeys("createdBy");
  }

  @Test
  void aGuardedFieldPutIntoParamsByAHandlerIsSetBecauseHandlersAreApplicationCode() {
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> args.params().put("createdBy", "handler"));

    Task task = fixture.tasks.create(params("title", "x"));

    assertThat(DB.rows("Task")).extracting(row -> row.get("createdby")).containsExactly("handler");
    assertThat(task.getTitle()).isEqualTo("x");
  }

  @Test
  void theIdAHandlerPutsIntoParamsAfterTheCheckIsStillRefusedWhenTheyAreBound() {
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> args.params().put("id", 99L));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.createBatch(
        java.util.List.of(params("title", "x"), params("title", "y")), CallOptions.none()));

    assertThat(veto.fieldErrors()).containsOnlyKeys("id");
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void theIdAHandlerPutsInPlaceOfAnotherKeyAfterTheCheckIsStillRefusedWhenTheyAreBound() {
    // as many keys as the check passed, but not the same ones: the binding applies the rule again
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> {
      args.params().remove("priority");
      args.params().put("id", 99L);
    });

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "priority", 2)));

    assertThat(veto.fieldErrors()).containsOnlyKeys("id");
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void paramsAHandlerReplacesAfterTheCheckAreJudgedWhenTheyAreBound() {
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> args.put("params", new java.util.HashMap<>(
        Map.of("title", "x", "id", 99L))));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x")));

    assertThat(veto.fieldErrors()).containsOnlyKeys("id");
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aGuardedFieldTheCallerSentStaysRefusedWhateverHandlersDoWithIt() {
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put("createdBy", "handler"));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "createdBy", "mallory")));

    assertThat(veto.messages()).containsExactly("cannot set createdBy on task; " + SETTABLE);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void trustedParamsLetTheCallerVouchForEveryKeyButTheIdAndVersion() {
    CallOptions trusted = CallOptionsAccess.trustParams(CallOptions.builder()).build();

    fixture.tasks.create(params("title", "x", "createdBy", "controller"), trusted);
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "y", "id", 5), trusted));

    assertThat(DB.rows("Task")).extracting(row -> row.get("createdby")).containsExactly("controller");
    assertThat(veto.fieldErrors()).containsOnlyKeys("id");
  }

  @Test
  void aValueOfTheWrongTypeIsA400NamingFieldValueAndType() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "priority", "high",
        "dueDate", "tomorrow", "status", "urgent")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("priority: 'high' is not a valid Integer",
        "dueDate: 'tomorrow' is not a valid LocalDate; use ISO-8601, such as 2026-03-01", "status: 'urgent' is not a valid Status; allowed: OPEN, DONE");
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("priority", List.of("'high' is not a valid Integer")),
        Map.entry("dueDate", List.of("'tomorrow' is not a valid LocalDate; use ISO-8601, such as 2026-03-01")),
        Map.entry("status", List.of("'urgent' is not a valid Status; allowed: OPEN, DONE")));
  }

  @Test
  void anUnknownAssociatedIdIsRefusedWithoutWriting() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "owner", 424242)));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("owner: person 424242 does not exist");
    assertThat(veto.fieldErrors()).containsExactly(Map.entry("owner", List.of("person 424242 does not exist")));
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aNullInAListOfAssociatedIdsIsA400NamingItsPosition() {
    java.util.List<Object> subtasks = new java.util.ArrayList<>();
    subtasks.add(java.util.Map.of("title", "a"));
    subtasks.add(null);

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "subtasks", subtasks)));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("subtasks: element 1 is null; each element is an id or an object");
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aMalformedAssociatedIdIsA400() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x", "owner", "abc")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("owner: 'abc' is not a valid Long (an id of person)");
  }
}
