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

  /** Called on the unit's thread with its writes in the order they completed. */
  void beforeCommit(UnitOfWork unit, List<EntityEvent> writes);
}
