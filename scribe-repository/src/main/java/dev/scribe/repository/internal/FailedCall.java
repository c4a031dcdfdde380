package dev.scribe.repository.internal;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.internal.unit.DroppedRecords;
import dev.scribe.repository.internal.unit.RecordRefusedAtFlush;

/**
 * The end of a repository call that failed after its {@code preStart}: {@code preStop} still fires, as a
 * {@code finally} would, with the failure under {@value RepositoryTier#EXCEPTION}. It fires inside the unit of
 * work, whose rollback the failure already decides (nothing a handler does can commit it), so the call's trace
 * holds it. The failure leaves the call as the same instance it would have without handlers: callers and outer
 * records tell failures apart by identity, so a handler's own exception is only added to it as suppressed.
 * Without a {@code preStop} handler this costs one look at the event's handler list.
 */
public final class FailedCall {
  private FailedCall() {}

  /**
   * Fires {@code preStop} for a call whose work threw {@code failure}, and returns what the call throws: the
   * failure as the unit of work translates it (a database failure becomes the repository's exception).
   */
  public static RuntimeException stopped(DataStore store, EventManager events, EventArgs args, RuntimeException failure) {
    RuntimeException translated = StoreAccess.translate(store, failure);
    stop(events, args, shown(translated));
    return translated;
  }

  /** {@link #stopped(DataStore, EventManager, EventArgs, RuntimeException)} for an {@link Error}, which passes untranslated. */
  public static Error stopped(EventManager events, EventArgs args, Error failure) {
    stop(events, args, failure);
    return failure;
  }

  /** Fires {@code preStop} with {@code shown} under {@value RepositoryTier#EXCEPTION}: what the call's caller is told. */
  public static void stop(EventManager events, EventArgs args, Throwable shown) {
    if (!events.hasHandlers(RepositoryTier.PRE_STOP)) {
      return;
    }
    try {
      args.put(RepositoryTier.EXCEPTION, shown);
      events.fire(RepositoryTier.PRE_STOP, args);
    } catch (RuntimeException | Error handlerFailure) {
      if (handlerFailure != shown) {
        shown.addSuppressed(handlerFailure); // the call's own failure is what the caller must see
      }
    }
  }

  /**
   * The failure as its caller will meet it: the refusal a record of an outer call reports, the batch failure an
   * {@code ignoreErrors} batch reports when it cannot run again, not the carriers that take them there.
   */
  private static RuntimeException shown(RuntimeException failure) {
    if (failure instanceof RecordRefusedAtFlush) {
      return ((RecordRefusedAtFlush) failure).refusal();
    }
    if (failure instanceof DroppedRecords.Dropped) {
      return ((DroppedRecords.Dropped) failure).reported();
    }
    return failure;
  }
}
