package dev.scribe.controller.internal.action;

import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.store.StoreRoles;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The part of a store's connection pool writing requests may hold at once. A write can wait for a row lock
 * while it holds its connection (behind a bulk update of thousands of rows, for up to the lock timeout): with
 * no limit, a dozen such writers took every connection and reads were answered 503. A fifth of the pool is kept
 * for reads; an import holds a slot for its run, as its chunks write as batches do; one more writer waits for a slot as long as a request waits for a connection, then is a 503 that
 * wrote nothing. Exports and uploads streaming at their clients' pace take a slot each as well
 * ({@link StreamingSlots}). Internal, unsupported.
 */
public final class WriteSlots {
  /** True on a thread whose request already holds a slot: a write it runs inside takes none (nor waits for one). */
  private static final ThreadLocal<Boolean> HOLDING = new ThreadLocal<>();

  private WriteSlots() {}

  /** True while this thread's request holds a write slot: an export or upload it runs takes no other. */
  static boolean heldByThisThread() {
    return HOLDING.get() != null;
  }

  /** Runs {@code work}, a writing request of {@code path}, holding a write slot of {@code store}. */
  public static <T> T holding(DataStore store, String path, Supplier<T> work) {
    StoreRoles roles = StoreAccess.roles(store);
    Semaphore slots = roles.writeSlots();
    if (slots == null || HOLDING.get() != null) {
      return work.get();
    }
    Duration wait = roles.connectionWait();
    if (!StreamingSlots.awaitSlot(slots, wait)) {
      long retry = roles.retryAfterSeconds();
      int streaming = roles.streamingReadLimit() - roles.streamingReads().availablePermits();
      throw new HttpVeto(503, path + ": " + (streaming <= 0
          ? roles.writeSlotLimit() + " writes are already running or waiting for a record's lock, as many as may hold a"
              + " connection at once (the pool less a fifth kept for reads)"
          : "the " + roles.writeSlotLimit() + " connections writes may hold at once (the pool less a fifth kept for"
              + " reads) are taken, " + streaming + " of them by exports or uploads streaming at their clients' pace")
          + ", and none ended within " + wait.toMillis() + " ms; nothing was written; retry in " + retry + " s",
          Map.of("Retry-After", String.valueOf(retry)));
    }
    HOLDING.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      HOLDING.remove();
      slots.release();
    }
  }
}
