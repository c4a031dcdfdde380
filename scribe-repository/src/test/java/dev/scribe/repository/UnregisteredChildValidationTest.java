package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A nested record whose entity has no repository is bound directly and persisted by cascade: its Bean Validation
 * constraints hold as they do for a record created through a repository (a blank {@code @NotBlank} title of a
 * subtask is a 422 naming {@code subtasks[1].title}), and nothing of its parent's write is stored.
 */
class UnregisteredChildValidationTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create(); // no SubtaskRepository: subtasks are bound directly

  @Test
  void aNewChildBreakingAConstraintRefusesItsParentsCreate() {
    Veto refused = catchThrowableOfType(() -> fixture.tasks.create(params("title", "release",
        "subtasks", List.of(params("title", "tag"), params("title", "")))), Veto.class);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(fixture.db.rows("Task")).isEmpty();
    assertThat(fixture.db.rows("Subtask")).isEmpty();
  }

  @Test
  void aChildAddedOrChangedByAnUpdateBreakingAConstraintRefusesTheUpdate() {
    Task task = fixture.tasks.create(params("title", "kept", "subtasks", List.of(params("title", "tag"))));
    Long subtaskId = task.getSubtasks().get(0).getId();
    Object before = fixture.snapshot();

    Veto added = catchThrowableOfType(() -> fixture.tasks.update(task.getId(),
        params("subtasks", List.of(params("id", subtaskId), params("title", " ")))), Veto.class);
    Veto changed = catchThrowableOfType(() -> fixture.tasks.update(task.getId(),
        params("subtasks", List.of(params("id", subtaskId, "title", "")))), Veto.class);

    assertThat(added.status()).isEqualTo(422);
    assertThat(added.fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(changed.status()).isEqualTo(422);
    assertThat(changed.fieldErrors()).containsOnlyKeys("subtasks[0].title");
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void aChildRefusedInABatchIsTheRefusalOfItsRecordAndIgnoreErrorsKeepsTheOthers() {
    List<java.util.Map<String, Object>> rows = List.of(params("title", "one"),
        params("title", "two", "subtasks", List.of(params("title", "ok"), params("title", " "))),
        params("title", "three", "subtasks", List.of(params("title", "fine"))));

    Veto refused = catchThrowableOfType(() -> fixture.tasks.createBatch(rows, CallOptions.none()), Veto.class);
    assertThat(refused.records()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(refused.records().get(0).fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(fixture.db.rows("Task")).isEmpty();

    BatchResult<Task> kept = fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());
    assertThat(kept.items()).extracting(task -> task.title).containsExactly("one", "three");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(kept.failures().get(0).fieldErrors()).containsOnlyKeys("subtasks[1].title");
    assertThat(fixture.db.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("fine");
  }
}
