package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An update or delete batch with {@code scopeQuery} handlers: its rows are locked a group at a time and asked
 * about the caller's row scope a group at a time, while {@code scopeQuery} still fires for each record; every
 * record outside the scope is not found, whatever group it is in, and a record whose handlers give another
 * scope is judged by that scope.
 */
class ScopedBatchLookupTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private static List<Task> seed(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(params("title", "task " + i, "priority", 1 + i % 5));
    }
    return fixture.tasks.createBatch(rows, CallOptions.none()).items();
  }

  @Test
  void anUpdateBatchFindsOnlyTheRecordsInsideTheScopeInEveryGroup() {
    List<Task> tasks = seed(130); // three groups of the batch size 50
    AtomicInteger scopeQueries = new AtomicInteger();
    Subscription scope = fixture.on(fixture.tasks.events(), "scopeQuery", args -> {
      scopeQueries.incrementAndGet();
      RowScope.of(args).where("priority", Operator.LTE, 3);
    });
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Task task : tasks) {
      changes.add(params("id", task.getId(), "title", "renamed " + task.getId()));
    }

    BatchResult<Task> result = fixture.tasks.updateBatch(changes, CallOptions.builder().ignoreErrors(true).build());

    assertThat(scopeQueries.get()).as("scopeQuery still fires for each record").isEqualTo(130);
    List<Integer> refused = new ArrayList<>();
    result.failures().forEach(failure -> {
      assertThat(failure.status()).isEqualTo(404);
      refused.add(failure.index());
    });
    List<Integer> outside = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).getPriority() > 3) {
        outside.add(i);
      }
    }
    assertThat(refused).isEqualTo(outside);
    assertThat(result.items()).hasSize(130 - outside.size());
    scope.remove();
    for (int i = 0; i < tasks.size(); i++) {
      Task stored = fixture.tasks.get(tasks.get(i).getId());
      assertThat(stored.getTitle()).isEqualTo(outside.contains(i) ? "task " + i : "renamed " + stored.getId());
    }
  }

  @Test
  void aRecordWhoseHandlersGiveAnotherScopeIsJudgedByItsOwn() {
    List<Task> tasks = seed(60);
    // even records may touch priorities up to 3, odd ones only priority 1
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> {
      Integer index = args.index();
      RowScope.of(args).where("priority", Operator.LTE, index != null && index % 2 == 1 ? 1 : 3);
    });
    List<Object> ids = new ArrayList<>();
    tasks.forEach(task -> ids.add(task.getId()));

    @SuppressWarnings("unchecked")
    BatchResult<Task> result = fixture.tasks.deleteBatch((List<Long>) (List<?>) ids, CallOptions.builder().ignoreErrors(true).build());

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      int priority = tasks.get(i).getPriority();
      if (priority > (i % 2 == 1 ? 1 : 3)) {
        expected.add(i);
      }
    }
    List<Integer> refused = new ArrayList<>();
    result.failures().forEach(failure -> refused.add(failure.index()));
    assertThat(refused).isEqualTo(expected);
    assertThat(fixture.db.count("Task")).isEqualTo(expected.size());
  }
}
