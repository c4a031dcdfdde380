package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bulk write by query acts on the records that match when it writes them, as an SQL {@code UPDATE ...
 * WHERE} would: a record deleted, or changed so that it no longer matches, after the bulk read its ids is
 * left out instead of failing the whole call with a 404 or being changed although it no longer matches —
 * whether the other write committed before the bulk locked its page or while it waited for the lock.
 */
class BulkRaceTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void aRecordDeletedAfterTheIdsWereReadIsLeftOut() throws Exception {
    List<Long> ids = tasks(4, 3);

    BatchResult<Task> result = whileAnotherUnitWrites(() -> fixture.tasks.delete(ids.get(1)), false,
        () -> fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk"),
            CallOptions.none()));

    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(2));
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsOnly("bulk");
  }

  @Test
  void aRecordChangedToNoLongerMatchWhileTheBulkWaitedForItsLockIsLeftOut() throws Exception {
    List<Long> ids = tasks(4, 3);

    BatchResult<Task> result = whileAnotherUnitWrites(() -> fixture.tasks.update(ids.get(1), params("priority", 5)), true,
        () -> fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk"),
            CallOptions.none()));

    assertThat(result.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(2));
    assertThat(fixture.tasks.find(ids.get(1)).orElseThrow().getTitle()).as("changed to priority 5: no longer archived by the bulk")
        .isEqualTo("task 1");
  }

  @Test
  void aBulkDeleteLeavesOutARecordThatStoppedMatching() throws Exception {
    List<Long> ids = tasks(4, 3);

    BatchResult<Task> result = whileAnotherUnitWrites(() -> fixture.tasks.update(ids.get(2), params("priority", 1)), false,
        () -> fixture.tasks.deleteWhere(new Query().where("priority", Operator.EQ, 4), CallOptions.none()));

    assertThat(result.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(1));
    assertThat(DB.rows("Task")).singleElement().satisfies(row -> assertThat(row.get("priority")).isEqualTo(1));
  }

  private static List<Long> tasks(int priority, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(fixture.tasks.create(params("title", "task " + i, "priority", priority)).getId());
    }
    return ids;
  }

  /**
   * Runs {@code bulk} on this thread; once it has read its ids (its {@code preStop}), {@code write} runs in a
   * unit of work of another thread, which commits at once ({@code holdWhileBulkWaits} false) or only after the
   * bulk had time to reach its wait for that row's lock.
   */
  private static <T> T whileAnotherUnitWrites(Runnable write, boolean holdWhileBulkWaits,
      java.util.function.Supplier<T> bulk) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    CountDownLatch written = new CountDownLatch(1);
    List<Future<?>> writes = new ArrayList<>();
    var subscription = fixture.on(fixture.tasks.events(), "preStop", args -> {
      if (!writes.isEmpty()) {
        return;
      }
      writes.add(other.submit(() -> fixture.store.inTransaction(() -> {
        write.run();
        written.countDown();
        if (holdWhileBulkWaits) {
          sleep(400);
        }
        return null;
      })));
      try {
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        if (!holdWhileBulkWaits) {
          writes.get(0).get(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      T result = bulk.get();
      writes.get(0).get(10, TimeUnit.SECONDS);
      return result;
    } finally {
      subscription.remove();
      other.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
