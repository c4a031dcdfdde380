package dev.scribe.repository;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A write lost a race that is worth running again: a lock was not granted within the lock timeout (a row
 * lock, or a key lock of {@link UnitOfWork#lock}), the database chose this transaction as a deadlock's
 * victim, or it could not serialise it. A 409; {@link DataStore#retrying} runs the unit of work again
 * before it answers so — a unit whose lock wait timed out only once, since it has already waited the whole
 * timeout: the lock is likely held by a long unit of work (a bulk update), and every further run would keep
 * its caller waiting another timeout for the same answer.
 */
public class LockConflictException extends Veto {
  private static final long serialVersionUID = 1L;

  private final boolean timedOut;

  /** A 409 with {@code message}, which says what was locked and that a retry may succeed; not a timed-out wait. */
  public LockConflictException(String message) {
    this(message, false);
  }

  /**
   * A 409 with {@code message}; {@code timedOut} when a lock was waited for the whole lock timeout (rather than
   * refused at once as a deadlock's victim or a transaction that could not be serialised).
   */
  public LockConflictException(String message, boolean timedOut) {
    super(List.of(message), 409, Map.of(), List.of());
    this.timedOut = timedOut;
  }

  /** True when a lock was waited for the whole lock timeout and not granted. */
  public boolean timedOut() {
    return timedOut;
  }
}
