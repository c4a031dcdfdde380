package dev.scribe.repository;

import java.util.List;

/**
 * Sees a unit of work's completed writes just before it commits, inside its transaction: what it writes
 * with {@link UnitOfWork#entityManager()} commits or rolls back with them, and an exception it throws rolls
 * the unit of work back. Not called for a unit of work that rolls back, nor for one without writes.
 *
 * <pre>{@code
 * store.addBeforeCommitListener((unit, writes) ->
 *     writes.forEach(write -> unit.entityManager().persist(new AuditRow(write))));
 * }</pre>
 */
@FunctionalInterface
public interface BeforeCommitListener {

  /**
   * Called on the unit's thread with its writes in the order they completed. Once the unit has committed, the
   * after-commit buses ({@link DataStore#events()}) deliver these same event objects, then the events of what
   * the listeners wrote through repositories themselves.
   */
  void beforeCommit(UnitOfWork unit, List<EntityEvent> writes);
}
