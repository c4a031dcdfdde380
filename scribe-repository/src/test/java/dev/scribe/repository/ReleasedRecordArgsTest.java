package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch's records keep their args until their rows are written and their post events have run, not to
 * the end of the unit of work: a long batch (a bulk update of many pages) holds one flush group's args at a
 * time. The caller's params maps, which the records' args read through, are what is watched here.
 */
class ReleasedRecordArgsTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private static final int RECORDS = 130; // several flush groups

  @Test
  void aCreateBatchHoldsNoRecordsParamsOnceItsRowsAreWrittenThoughTheUnitGoesOn() {
    List<String> seenAtPostPersist = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "postPersist",
        args -> seenAtPostPersist.add((String) args.params().get("title")));
    List<WeakReference<Map<String, Object>>> callers = new ArrayList<>();

    List<String> collected = fixture.store.inTransaction(() -> {
      fixture.tasks.createBatch(inputs(callers), CallOptions.none());
      return stillHeld(callers);
    });

    assertThat(collected).isEmpty();
    assertThat(seenAtPostPersist).hasSize(RECORDS).first().isEqualTo("task 0");
    assertThat(seenAtPostPersist).last().isEqualTo("task " + (RECORDS - 1));
  }

  @Test
  void anUpdateBatchHoldsNoRecordsParamsOnceItsRowsAreWrittenAndPostUpdateSawEachRecordsArgs() {
    List<Object> ids = new ArrayList<>();
    for (Task task : fixture.tasks.createBatch(inputs(new ArrayList<>()), CallOptions.none()).items()) {
      ids.add(task.getId());
    }
    List<Object> seenAtPostUpdate = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "postUpdate", args -> seenAtPostUpdate.add(args.params().get("priority")));
    List<WeakReference<Map<String, Object>>> callers = new ArrayList<>();

    List<String> collected = fixture.store.inTransaction(() -> {
      List<Map<String, Object>> changes = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        Map<String, Object> change = params("id", ids.get(i), "priority", i % 5 + 1);
        callers.add(new WeakReference<>(change));
        changes.add(change);
      }
      fixture.tasks.updateBatch(changes, CallOptions.none());
      changes = null;
      return stillHeld(callers);
    });

    assertThat(collected).isEmpty();
    assertThat(seenAtPostUpdate).hasSize(RECORDS).startsWith(1, 2, 3, 4, 5);
  }

  private static List<Map<String, Object>> inputs(List<WeakReference<Map<String, Object>>> callers) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      Map<String, Object> input = params("title", "task " + i);
      callers.add(new WeakReference<>(input));
      inputs.add(input);
    }
    return inputs;
  }

  /** The indexes of the caller's maps something still holds after collections, inside the unit. */
  private static List<String> stillHeld(List<WeakReference<Map<String, Object>>> callers) {
    List<String> held = new ArrayList<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      System.gc();
      held.clear();
      for (int i = 0; i < callers.size(); i++) {
        if (callers.get(i).get() != null) {
          held.add(String.valueOf(i));
        }
      }
      if (held.isEmpty()) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return held;
  }
}
