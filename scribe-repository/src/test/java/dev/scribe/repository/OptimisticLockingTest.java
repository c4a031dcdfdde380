package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OptimisticLockingTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void anUpdateExpectingAnotherVersionIsAConflictAndChangesNothing() {
    Task task = fixture.tasks.create(params("title", "v0"));
    fixture.tasks.update(task.getId(), params("title", "v1"));

    VersionConflictException conflict = catchThrowableOfType(VersionConflictException.class, () -> fixture.tasks.update(
        task.getId(), params("title", "stale"), CallOptions.builder().expectedVersion("0").build()));

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.messages()).containsExactly("task " + task.getId()
        + " is at version 1, not at the expected version 0; reload it and retry");
    assertThat(conflict.expectedVersion()).isEqualTo(0L);
    assertThat(conflict.actualVersion()).isEqualTo(1L);
    assertThat(conflict.entityName()).isEqualTo("task");
    assertThat(conflict.id()).isEqualTo(task.getId());
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("v1");
  }

  @Test
  void anUpdateExpectingTheCurrentVersionSucceeds() {
    Task task = fixture.tasks.create(params("title", "v0"));

    Task updated = fixture.tasks.update(task.getId(), params("title", "v1"), CallOptions.builder().expectedVersion(0L).build());

    assertThat(updated.getVersion()).isEqualTo(1L);
  }

  @Test
  void aDeleteExpectingAnotherVersionIsAConflict() {
    Task task = fixture.tasks.create(params("title", "v0"));
    fixture.tasks.update(task.getId(), params("title", "v1"));

    VersionConflictException conflict = catchThrowableOfType(VersionConflictException.class, () -> fixture.tasks.delete(
        task.getId(), CallOptions.builder().expectedVersion(0L).build()));

    assertThat(conflict.actualVersion()).isEqualTo(1L);
    assertThat(DB.count("Task")).isEqualTo(1);
  }

  @Test
  void aConcurrentWriteBetweenReadAndUpdateIsAConflictNotASilentOverwrite() {
    Task task = fixture.tasks.create(params("title", "original"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      VersionConflictException conflict = catchThrowableOfType(VersionConflictException.class, () ->
          fixture.store.inTransaction(() -> {
            Task read = fixture.tasks.get(task.getId());
            assertThat(read.getVersion()).isEqualTo(0L);
            await(other.submit(() -> fixture.tasks.update(task.getId(), params("title", "theirs"))));
            return fixture.tasks.update(task.getId(), params("title", "mine"));
          }));

      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.messages()).containsExactly("task " + task.getId()
          + " was changed by another transaction since version 0 was read; reload it and retry");
      assertThat(conflict.expectedVersion()).isEqualTo(0L);
      assertThat(conflict.actualVersion()).isNull();
      assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("theirs");
    } finally {
      other.shutdownNow();
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the concurrent update did not complete", e);
    }
  }

  @Test
  void anUpdateBatchRecordMayCarryTheVersionItExpects() {
    Task fresh = fixture.tasks.create(params("title", "fresh"));
    Task stale = fixture.tasks.create(params("title", "stale"));
    fixture.tasks.update(stale.getId(), params("title", "stale v1"));

    BatchResult<Task> result = fixture.tasks.updateBatch(List.of(
        params("id", fresh.getId(), "version", 0, "title", "fresh v1"),
        params("id", stale.getId(), "version", 0, "title", "lost")), CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.items()).extracting(Task::getTitle).containsExactly("fresh v1");
    assertThat(result.failures()).containsExactly(new Veto.RecordError(1, 409, List.of("task " + stale.getId()
        + " is at version 1, not at the expected version 0; reload it and retry"), Map.of()));
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("fresh v1", "stale v1");
  }

  @Test
  void theWritesThatCompareNoCallVersionRefuseOptionsCarryingOneInsteadOfOverwriting() {
    Task task = fixture.tasks.create(params("title", "v0"));
    fixture.tasks.update(task.getId(), params("title", "v1"));
    CallOptions expectingZero = CallOptions.builder().expectedVersion(0L).build();
    Map<String, Runnable> calls = new java.util.LinkedHashMap<>();
    calls.put("create", () -> fixture.tasks.create(params("title", "new"), expectingZero));
    calls.put("createBatch", () -> fixture.tasks.createBatch(List.of(params("title", "new")), expectingZero));
    calls.put("updateBatch", () -> fixture.tasks.updateBatch(List.of(params("id", task.getId(), "title", "lost")),
        expectingZero));
    calls.put("deleteBatch", () -> fixture.tasks.deleteBatch(List.of(task.getId()), expectingZero));
    calls.put("updateWhere", () -> fixture.tasks.updateWhere(new Query(), Map.of("title", "lost"), expectingZero));
    calls.put("deleteWhere", () -> fixture.tasks.deleteWhere(new Query(), expectingZero));

    calls.forEach((call, run) -> assertThat(catchThrowableOfType(run::run, dev.scribe.core.UsageException.class))
        .as(call).hasMessageStartingWith(call + "(...) got CallOptions with expectedVersion(0), which only update(id,"
            + " ...) and delete(id, ...) compare; "));
    assertThat(catchThrowableOfType(calls.get("updateBatch")::run, dev.scribe.core.UsageException.class))
        .hasMessageEndingWith("put the version each record expects under its version attribute, beside its id");
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("v1");
  }
}
