package dev.scribe.controller.internal.action;

import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.store.StoreRoles;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The half of a store's connection pool that exports and uploads may hold at their clients' pace: each holds
 * its connection while its client reads or sends, so a few slow or stalled clients would otherwise take the
 * whole pool, and every other request would wait for a connection and get a 503. One more waits for a slot as
 * long as a request waits for a connection, then is refused. Each also holds a slot of the writers' part of the
 * pool ({@link WriteSlots}): five stalled exports beside five held writes took all ten connections of a pool,
 * and plain reads were 503s. Internal, unsupported.
 */
public final class StreamingSlots {
  /** The Retry-After of a request refused because as many exports and uploads as may are streaming. */
  public static final int RETRY_SECONDS = 5;

  private StreamingSlots() {}

  /**
   * Takes a slot of {@code store}, and one of its writers' part of the pool, to be released when the streaming
   * ends, waiting for them as long as a request waits for a connection (the store's connection wait); a 503 with
   * {@code Retry-After} when none frees in that time, {@code busy} saying what holds them ("exports are already
   * being streamed").
   */
  public static Held take(DataStore store, String path, String busy) {
    StoreRoles roles = StoreAccess.roles(store);
    Semaphore slots = roles.streamingReads();
    Duration wait = roles.connectionWait();
    long start = System.nanoTime();
    // Short exports and uploads end in milliseconds: a burst of them queues, in turn, as requests queue for
    // connections.
    if (!awaitSlot(slots, wait)) {
      throw new HttpVeto(503, path + ": " + roles.streamingReadLimit() + " " + busy + ", as many"
          + " as may run at once (half the connection pool), and none ended within " + wait.toMillis() + " ms; retry in "
          + RETRY_SECONDS + " s", Map.of("Retry-After", String.valueOf(RETRY_SECONDS)));
    }
    Semaphore writers = WriteSlots.heldByThisThread() ? null : roles.writeSlots();
    if (writers != null && !awaitSlot(writers, wait.minusNanos(System.nanoTime() - start))) {
      slots.release();
      throw new HttpVeto(503, path + ": the " + roles.writeSlotLimit() + " connections that writes, exports and uploads"
          + " may hold at once (the pool less a fifth kept for reads) are taken, and none ended within "
          + wait.toMillis() + " ms; retry in " + RETRY_SECONDS + " s", Map.of("Retry-After", String.valueOf(RETRY_SECONDS)));
    }
    return new Held(slots, writers);
  }

  /** The slots one export or upload holds while it streams; {@link #close} gives them back. */
  public static final class Held implements AutoCloseable {
    private final Semaphore streaming;
    private final Semaphore writers;

    private Held(Semaphore streaming, Semaphore writers) {
      this.streaming = streaming;
      this.writers = writers;
    }

    @Override
    public void close() {
      if (writers != null) {
        writers.release();
      }
      streaming.release();
    }
  }

  /**
   * Takes a permit of {@code slots}, waiting at most {@code wait} for one; false when none freed (or the thread
   * was interrupted). Fair permits are taken in their waiters' order: only a timed acquire keeps to it.
   */
  static boolean awaitSlot(Semaphore slots, Duration wait) {
    try {
      return slots.tryAcquire(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
