package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Veto;
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
 * A bulk write by query leaves out a record another unit of work deleted after the bulk read its ids, as an
 * SQL {@code UPDATE ... WHERE} would not find it either, instead of failing the whole call with a 404.
 */
class BulkRaceTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void aRecordDeletedAfterTheIdsWereReadIsLeftOut() throws Exception {
    List<Long> ids = tasks(4, 3);

    BatchResult<Task> result = whileAnotherUnitWrites(() -> fixture.tasks.delete(ids.get(1)),
        () -> fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk"),
            CallOptions.none()));

    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(2));
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsOnly("bulk");
  }

  @Test
  void aBulkDeleteLeavesOutARecordDeletedAfterTheIdsWereRead() throws Exception {
    List<Long> ids = tasks(4, 3);

    BatchResult<Task> result = whileAnotherUnitWrites(() -> fixture.tasks.delete(ids.get(2)),
        () -> fixture.tasks.deleteWhere(new Query().where("priority", Operator.EQ, 4), CallOptions.none()));

    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(1));
    assertThat(DB.rows("Task")).isEmpty();
  }

  @Test
  void aHandlersNotFoundVetoOfARecordThatIsThereIsAReportedRefusal() {
    List<Long> ids = tasks(4, 3);
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> {
      if (args.id().equals(ids.get(1))) {
        throw new dev.scribe.core.Veto(404, "task " + args.id() + " is hidden from bulk writes");
      }
    });

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.tasks.updateWhere(
        new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk"), CallOptions.none()));
    BatchResult<Task> kept = fixture.tasks.updateWhere(new Query().where("priority", Operator.EQ, 4),
        Map.of("title", "bulk"), CallOptions.builder().ignoreErrors(true).build());

    assertThat(refused).isInstanceOf(dev.scribe.core.Veto.class).hasMessageContaining("is hidden from bulk writes");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(kept.items()).extracting(Task::getId).containsExactly(ids.get(0), ids.get(2));
  }

  @Test
  void theVersionCannotBeOneOfABulkUpdatesChanges() {
    tasks(4, 2);

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.tasks.updateWhere(
        new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk", "version", 0), CallOptions.none()));

    assertThat(refused).isInstanceOf(Veto.class)
        .hasMessage("updateWhere changes every matching record; 'version' cannot be one of the changes");
    assertThat(((Veto) refused).status()).isEqualTo(400);
  }

  @Test
  void aBulkDeleteRunsOnTheDeletePathAsDeleteDoes() {
    tasks(4, 2);
    List<String> paths = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preDelete", args -> paths.add(args.path()));

    fixture.tasks.deleteWhere(new Query().where("priority", Operator.EQ, 4), CallOptions.none());

    assertThat(paths).containsOnly("tasks.delete").hasSize(2);
  }

  private static List<Long> tasks(int priority, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(fixture.tasks.create(params("title", "task " + i, "priority", priority)).getId());
    }
    return ids;
  }

  /**
   * Runs {@code bulk} on this thread; once it has read its ids (its {@code preStop}), {@code write} runs and
   * commits in a unit of work of another thread before the bulk goes on.
   */
  private static <T> T whileAnotherUnitWrites(Runnable write, java.util.function.Supplier<T> bulk) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    CountDownLatch written = new CountDownLatch(1);
    List<Future<?>> writes = new ArrayList<>();
    Thread bulkThread = Thread.currentThread();
    var subscription = fixture.on(fixture.tasks.events(), "preStop", args -> {
      // Only the bulk's own preStop, once: the write fires preStop too, on the other thread, and could do so
      // before its task was recorded here, then wait for a second write queued behind itself.
      if (Thread.currentThread() != bulkThread || !writes.isEmpty()) {
        return;
      }
      writes.add(other.submit(() -> fixture.store.inTransaction(() -> {
        write.run();
        written.countDown();
        return null;
      })));
      try {
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        writes.get(0).get(10, TimeUnit.SECONDS);
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
}
