package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two batch updates whose units read their records before writing them (as a nested route does, to check
 * each record's parent), naming the same records in opposite orders, still take their row locks in id order,
 * a group at a time: neither holds a row the other waits for. Left each to its own record, the rows read
 * before were locked in the batch's order, and the two batches deadlocked on PostgreSQL.
 */
class ReadFirstBatchLockTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create().keepingRows();
  private static final ThreadLocal<String> ROLE = new ThreadLocal<>();
  private static SubtaskRepository subtasks;

  @BeforeAll
  static void register() {
    subtasks = fixture.store.register(new SubtaskRepository());
  }

  @Test
  void batchesThatReadTheirRowsFirstInOppositeOrdersDoNotDeadlock() throws Exception {
    Task task = fixture.tasks.create(params("title", "parent"));
    long first = subtasks.create(params("title", "first", "task", task.getId())).id;
    long second = subtasks.create(params("title", "second", "task", task.getId())).id;
    CountDownLatch forwardHoldsItsFirstRecord = new CountDownLatch(1);
    CountDownLatch backwardHoldsARow = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    fixture.on(subtasks.events(), "preUpdateBatch", args -> runs.incrementAndGet());
    fixture.on(subtasks.events(), "preUpdate", args -> {
      if ("forward".equals(ROLE.get()) && args.id().equals(first)) {
        forwardHoldsItsFirstRecord.countDown();
        // where each record locks its own row, the backward batch now locks the second row and waits for the
        // first: this batch then waits for the second, a cycle the database breaks by failing one of them
        awaitQuietly(backwardHoldsARow, 2);
      } else if ("backward".equals(ROLE.get())) {
        backwardHoldsARow.countDown();
      }
    });

    CompletableFuture<Void> forward = CompletableFuture.runAsync(() -> readThenBatch("forward", first, second));
    awaitQuietly(forwardHoldsItsFirstRecord, 30);
    CompletableFuture<Void> backward = CompletableFuture.runAsync(() -> readThenBatch("backward", second, first));
    forward.get(60, TimeUnit.SECONDS);
    backward.get(60, TimeUnit.SECONDS);

    assertThat(runs.get()).as("each batch ran once, none was run again after losing a deadlock").isEqualTo(2);
    assertThat(subtasks.get(first).title).isEqualTo("backward");
    assertThat(subtasks.get(second).title).isEqualTo("backward");
  }

  /** Reads the records in the batch's order, unlocked, then updates them in one batch; run again on a lost race. */
  private static void readThenBatch(String role, long... ids) {
    fixture.store.retrying(5, () -> fixture.store.inTransaction(() -> {
      for (long id : ids) {
        subtasks.get(id);
      }
      ROLE.set(role);
      try {
        List<Map<String, Object>> records = java.util.Arrays.stream(ids)
            .mapToObj(id -> Map.<String, Object>of("id", id, "title", role)).toList();
        assertThat(subtasks.updateBatch(records, CallOptions.none()).failures()).isEmpty();
      } finally {
        ROLE.remove();
      }
      return null;
    }));
  }

  private static void awaitQuietly(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
