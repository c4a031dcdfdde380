package dev.scribe.controller.internal.action;

import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.internal.StoreAccess;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The half of a store's connection pool that exports and uploads may hold at their clients' pace: each holds
 * its connection while its client reads or sends, so a few slow or stalled clients would otherwise take the
 * whole pool, and every other request would wait for a connection and get a 503. Internal, unsupported.
 */
public final class StreamingSlots {
  /** The Retry-After of a request refused because as many exports and uploads as may are streaming. */
  public static final int RETRY_SECONDS = 5;

  private StreamingSlots() {}

  /**
   * Takes a slot of {@code store}, to be released when the streaming ends; a 503 with {@code Retry-After}
   * when none is free, {@code busy} saying what holds them ("exports are already being streamed").
   */
  public static Semaphore take(DataStore store, String path, String busy) {
    Semaphore slots = StoreAccess.roles(store).streamingReads();
    if (!slots.tryAcquire()) {
      throw new HttpVeto(503, path + ": " + StoreAccess.roles(store).streamingReadLimit() + " " + busy + ", as many"
          + " as may run at once (half the connection pool); retry in " + RETRY_SECONDS + " s",
          Map.of("Retry-After", String.valueOf(RETRY_SECONDS)));
    }
    return slots;
  }
}
