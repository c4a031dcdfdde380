package dev.scribe.repository;

import dev.scribe.core.Trace;
import dev.scribe.core.UsageException;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.EntityManager;
import java.util.Collection;

/**
 * One entity manager and one transaction, shared by every repository call made while it is open on the
 * thread: the top-level call (or {@link DataStore#inTransaction}) opens it, nested calls join it. It
 * commits when the top-level call returns normally; a veto or exception anywhere rolls all of it back.
 * Completed writes are published, and {@link #afterCommit} callbacks run, only after the commit.
 *
 * <p>Confined to the thread that opened it.
 *
 * <pre>{@code
 * store.inTransaction(() -> {
 *   Task task = tasks.create(Map.of("title", "write docs"));
 *   store.currentUnitOfWork().orElseThrow().afterCommit(() -> cache.evict(task.getId()));
 *   return task;
 * });
 * }</pre>
 */
public final class UnitOfWork {
  private final UnitState state;

  UnitOfWork(UnitState state) {
    this.state = state;
  }

  /**
   * The entity manager every call of this unit of work uses. A {@link UsageException} once the unit has ended
   * (its entity manager is closed, or about to be) or on another thread than the one running it (an entity
   * manager is not thread-safe).
   */
  public EntityManager entityManager() {
    state.checkOpen("entityManager()");
    return state.entityManager();
  }

  /** Runs {@code action} after the transaction committed; never after a rollback. Failures are logged. */
  public void afterCommit(Runnable action) {
    if (action == null) {
      throw new UsageException("afterCommit(null): pass the code to run once the transaction has committed");
    }
    state.checkOpen("afterCommit(...)");
    state.afterCommitActions().add(action);
  }

  /**
   * Sends {@code write} as the last statements of this unit of work's transaction, immediately before its
   * commit and after everything else the unit sends (the before-commit listeners' own writes, the commit's
   * flush). Its last statement may carry the COMMIT ({@link LastWrite}), which saves the commit its round trip
   * to the database. Writes registered this way are sent in the order they were registered; none are for a
   * unit that rolls back.
   */
  public void commitWith(LastWrite write) {
    if (write == null) {
      throw new UsageException("commitWith(null): pass the statements to send just before the commit");
    }
    state.checkOpen("commitWith(...)");
    state.lastWrites().add(write);
  }

  /**
   * Runs {@code action} after the transaction rolled back (or failed to commit); never after a commit, and
   * not when the connection broke during the commit ({@link CommitOutcomeUnknownException}: the database
   * may have committed). For work outside the database that the transaction's outcome decides, such as
   * removing a file written for it. Failures are logged.
   */
  public void afterRollback(Runnable action) {
    if (action == null) {
      throw new UsageException("afterRollback(null): pass the code to run once the transaction has rolled back");
    }
    state.checkOpen("afterRollback(...)");
    state.afterRollbackActions().add(action);
  }

  /**
   * The caller this unit of work runs for, or null: set by the controller tier and {@code DataStore.actingAs}
   * (an anonymous caller included), or else by the first repository call that names a user, and handed to every repository call that names none, so nested calls made by
   * handlers carry the same {@code user}, and to the after-commit events.
   */
  public Object user() {
    return state.user();
  }

  /** Sets the caller; see {@link #user()}. */
  public void setUser(Object caller) {
    state.checkOpen("setUser(...)");
    state.setUser(caller);
  }

  /** The trace of this unit of work, or null when tracing is off. */
  public Trace trace() {
    return state.trace();
  }

  /** True when the unit of work will roll back instead of committing. */
  public boolean rollbackOnly() {
    return state.rollbackOnly();
  }

  /** Makes the unit of work roll back when the top-level call ends, even if it ends normally. */
  public void setRollbackOnly() {
    state.checkOpen("setRollbackOnly()");
    state.setRollbackOnly();
  }

  /**
   * Takes the lock on {@code key} in the lock space {@code name} (not blank) and holds it until this unit of work
   * commits or rolls back, so that a check made after it and the write that follows are atomic with
   * respect to every other unit of work that takes the same lock. Taking a lock the unit already holds
   * does nothing. Waits at most the store's lock timeout, then throws {@link LockConflictException} (409).
   *
   * <p>On PostgreSQL the lock is a transaction-level advisory lock on a 64-bit hash of name and key, held
   * across every process that uses the database; on other databases it is a lock in this JVM. Normalise
   * the key the way the check compares it (trimmed, lower case, ...).
   *
   * <pre>{@code
   * void verifyCreate(EventArgs args) {
   *   String title = ((String) args.params().get("title")).strip().toLowerCase(Locale.ROOT);
   *   store().currentUnitOfWork().orElseThrow().lock("task-title", title);
   *   if (openTaskExists(title)) {
   *     throw new Veto(409, "a task with this title is already open");
   *   }
   * }
   * }</pre>
   */
  public void lock(String name, Object key) {
    if (name == null || name.isBlank()) {
      throw new UsageException("lock(" + (name == null ? "null" : "\"" + name + "\"") + ", " + key + "): pass the name"
          + " of the lock space, such as \"task-title\"");
    }
    if (key == null) {
      throw new UsageException("lock(\"" + name + "\", null): pass the key to lock, normalised the way the check"
          + " compares it");
    }
    state.checkOpen("lock(...)");
    state.lock(name, key);
  }

  /**
   * {@link #lock} for several keys at once, taken in one global order (by hash), so that two units of
   * work locking overlapping keys never wait for each other in a cycle. Take a batch's keys this way, in
   * {@code preCreateBatch}, before the per-record rules lock them one by one.
   */
  public void lockAll(String name, Collection<?> keys) {
    if (name == null || name.isBlank()) {
      // a blank name is a slip (a name read from a missing setting): every such lock space would be one
      throw new UsageException("lockAll(" + (name == null ? "null" : "\"" + name + "\"") + ", " + keys + "): pass the"
          + " name of the lock space, such as \"task-title\"");
    }
    if (keys == null) {
      throw new UsageException("lockAll(\"" + name + "\", null): pass the keys to lock (List.of() for none)");
    }
    if (keys.stream().anyMatch(java.util.Objects::isNull)) {
      throw new UsageException("lockAll(\"" + name + "\", " + keys + ") got a null key; pass only the keys to lock,"
          + " without null");
    }
    state.checkOpen("lockAll(...)");
    state.lockAll(name, keys);
  }

  /** What the framework's own classes work with. */
  UnitState state() {
    return state;
  }
}
