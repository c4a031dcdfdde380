package dev.scribe.repository;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/**
 * A write lost a race that is worth running again: a lock was not granted within the lock timeout (a row
 * lock, or a key lock of {@link UnitOfWork#lock}), the database chose this transaction as a deadlock's
 * victim, or it could not serialise it. A 409; {@link DataStore#retrying} runs the unit of work again
 * before it answers so.
 */
public class LockConflictException extends Veto {
  private static final long serialVersionUID = 1L;

  /** A 409 with {@code message}, which says what was locked and that a retry may succeed. */
  public LockConflictException(String message) {
    super(List.of(message), 409, Map.of(), List.of());
  }
}
