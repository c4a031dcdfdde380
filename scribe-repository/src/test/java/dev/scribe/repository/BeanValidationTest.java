package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BeanValidationTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void constraintViolationsAreFieldErrorsWithStatus422() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", " ", "priority", 9)));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("validation failed");
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("title", List.of("must not be blank")),
        Map.entry("priority", List.of("must be less than or equal to 5")));
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aMissingRequiredFieldIsReportedOnCreate() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("priority", 2)));

    assertThat(veto.fieldErrors()).containsExactly(Map.entry("title", List.of("must not be blank")));
  }

  @Test
  void constraintErrorsAreReportedTogetherWithTheValidateHandlersErrors() {
    fixture.on(fixture.tasks.events(), "validateSave", args -> {
      throw Veto.field("dueDate", "is required for urgent tasks");
    });

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "", "priority", 0)));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("validation failed");
    assertThat(veto.fieldErrors()).containsExactly(
        Map.entry("dueDate", List.of("is required for urgent tasks")),
        Map.entry("title", List.of("must not be blank")),
        Map.entry("priority", List.of("must be greater than or equal to 1")));
  }

  /** A veto of the application's own, as docs/core.md's {@code catch (TitleTaken e)}. */
  static final class TitleTaken extends Veto {
    TitleTaken() {
      super(409, "a task with this title is already open");
    }
  }

  @Test
  void aVetoSubclassReportedTogetherWithConstraintErrorsStaysOfItsClass() {
    TitleTaken thrown = new TitleTaken();
    fixture.on(fixture.tasks.events(), "validateCreate", args -> {
      throw thrown;
    });

    Throwable caught = org.assertj.core.api.Assertions.catchThrowable(
        () -> fixture.tasks.create(params("title", "x", "priority", 9)));

    assertThat(caught).isInstanceOf(TitleTaken.class);
    TitleTaken veto = (TitleTaken) caught;
    assertThat(veto.status()).isEqualTo(409);
    assertThat(veto.messages()).containsExactly("a task with this title is already open", "validation failed");
    assertThat(veto.fieldErrors()).containsExactly(Map.entry("priority", List.of("must be less than or equal to 5")));
    assertThat(veto.getMessage()).isEqualTo("a task with this title is already open; validation failed"
        + " {priority=[must be less than or equal to 5]}");
    assertThat(veto.getSuppressed()).containsExactly(thrown);
    assertThat(thrown.fieldErrors()).as("the handler's own veto is left as it was").isEmpty();
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void anUpdateIsCheckedAgainstTheCurrentStateWithTheParamsApplied() {
    Task task = fixture.tasks.create(params("title", "fine", "priority", 2));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.update(task.getId(), params("priority", 6)));
    Task patched = fixture.tasks.update(task.getId(), params("priority", 5));

    assertThat(veto.fieldErrors()).containsExactly(Map.entry("priority", List.of("must be less than or equal to 5")));
    assertThat(patched.getTitle()).isEqualTo("fine");
    assertThat(DB.rows("Task")).extracting(row -> row.get("priority")).containsExactly(5);
  }

  @Test
  void aReplacingUpdateResetsAbsentFieldsAndChecksThem() {
    Task task = fixture.tasks.create(params("title", "fine", "priority", 2));

    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.update(task.getId(), params("priority", 3),
        CallOptions.builder().replace(true).build()));
    Task replaced = fixture.tasks.update(task.getId(), params("title", "new"), CallOptions.builder().replace(true).build());

    assertThat(veto.fieldErrors()).containsExactly(Map.entry("title", List.of("must not be blank")));
    assertThat(replaced.getPriority()).isNull();
    assertThat(replaced.getTitle()).isEqualTo("new");
  }

  @Test
  void nestedObjectsAreValidatedWhenTheirRepositoryCreatesThem() {
    Veto veto = catchThrowableOfType(Veto.class, () -> fixture.tasks.create(params("title", "x",
        "owner", params("name", ""))));

    assertThat(veto.fieldErrors()).as("named under the association: the task has no name")
        .containsExactly(Map.entry("owner.name", List.of("must not be blank")));
    assertThat(DB.count("Task")).isZero();
    assertThat(DB.count("Person")).isZero();
  }
}
