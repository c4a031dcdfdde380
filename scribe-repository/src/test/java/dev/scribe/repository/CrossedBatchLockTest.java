package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two batch updates naming the same records in opposite orders take their row locks in one order, by id, on
 * every database: neither holds a row the other waits for, so neither is a deadlock victim run again.
 */
class CrossedBatchLockTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  private static final ThreadLocal<String> ROLE = new ThreadLocal<>();

  @Test
  void batchesOverTheSameRowsInOppositeOrdersDoNotDeadlock() throws Exception {
    long first = fixture.tasks.create(params("title", "first")).getId();
    long second = fixture.tasks.create(params("title", "second")).getId();
    CountDownLatch forwardHoldsItsFirstRecord = new CountDownLatch(1);
    CountDownLatch backwardHoldsARow = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    fixture.on(fixture.tasks.events(), "preUpdateBatch", args -> runs.incrementAndGet());
    fixture.on(fixture.tasks.events(), "preUpdate", args -> {
      if ("forward".equals(ROLE.get()) && args.id().equals(first)) {
        forwardHoldsItsFirstRecord.countDown();
        // where each record locks its own row, the backward batch now locks the second row and waits for the
        // first: this batch then waits for the second, a cycle the database breaks by failing one of them
        awaitQuietly(backwardHoldsARow, 2);
      } else if ("backward".equals(ROLE.get())) {
        backwardHoldsARow.countDown();
      }
    });

    CompletableFuture<Void> forward = CompletableFuture.runAsync(() -> batch("forward", first, second));
    awaitQuietly(forwardHoldsItsFirstRecord, 30);
    CompletableFuture<Void> backward = CompletableFuture.runAsync(() -> batch("backward", second, first));
    forward.get(60, TimeUnit.SECONDS);
    backward.get(60, TimeUnit.SECONDS);

    assertThat(runs.get()).as("each batch ran once, none was run again after losing a deadlock").isEqualTo(2);
    assertThat(fixture.tasks.get(first).getTitle()).isIn("forward", "backward");
  }

  private static void batch(String role, long... ids) {
    ROLE.set(role);
    try {
      List<Map<String, Object>> records = java.util.Arrays.stream(ids)
          .mapToObj(id -> Map.<String, Object>of("id", id, "title", role)).toList();
      BatchResult<Task> result = fixture.tasks.updateBatch(records, CallOptions.none());
      assertThat(result.failures()).isEmpty();
    } finally {
      ROLE.remove();
    }
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
