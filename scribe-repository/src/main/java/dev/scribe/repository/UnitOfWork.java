package dev.scribe.repository;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.entity.internal.EntityEventContext;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.engine.spi.SessionImplementor;

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
  private final EntityManager entityManager;
  private final SessionImplementor session;
  private final TraceScope traceScope;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Runnable> afterRollback = new ArrayList<>();
  private final List<Supplier<EntityEvent>> published = new ArrayList<>();
  private Object user;
  private boolean rollbackOnly;
  private RuntimeException failure;

  private final FlushPoints flushPoints;
  private final RecordFrames frames;

  UnitOfWork(EntityManager entityManager, TraceScope traceScope,
      BiFunction<RuntimeException, Object, RuntimeException> translate) {
    this.entityManager = entityManager;
    this.session = entityManager.unwrap(SessionImplementor.class);
    this.traceScope = traceScope;
    this.flushPoints = new FlushPoints(this, translate);
    this.frames = new RecordFrames(session, flushPoints);
  }

  /** The entity manager every call of this unit of work uses. */
  public EntityManager entityManager() {
    return entityManager;
  }

  /** Runs {@code action} after the transaction committed; never after a rollback. Failures are logged. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /**
   * Runs {@code action} after the transaction rolled back (or failed to commit); never after a commit.
   * For work outside the database that the transaction's outcome decides, such as removing a file written
   * for it. Failures are logged.
   */
  public void afterRollback(Runnable action) {
    afterRollback.add(action);
  }

  /**
   * The caller this unit of work runs for, or null: set by the controller tier (or by the first repository
   * call that names a user) and handed to every repository call that names none, so nested calls made by
   * handlers carry the same {@code user}, and to the after-commit events.
   */
  public Object user() {
    return user;
  }

  /** Sets the caller; see {@link #user()}. */
  public void setUser(Object caller) {
    this.user = caller;
  }

  /** The trace of this unit of work, or null when tracing is off. */
  public Trace trace() {
    return traceScope.trace();
  }

  /** True when the unit of work will roll back instead of committing. */
  public boolean rollbackOnly() {
    return rollbackOnly;
  }

  /** Makes the unit of work roll back when the top-level call ends, even if it ends normally. */
  public void setRollbackOnly() {
    rollbackOnly = true;
  }

  SessionImplementor session() {
    return session;
  }

  EntityEventContext entities() {
    return frames.entities();
  }

  /** Where the rows of the records written so far go to the database; see {@link FlushPoints}. */
  FlushPoints flushPoints() {
    return flushPoints;
  }

  /** Records the first failure that escaped a repository call, so the unit cannot commit after it. */
  void failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
  }

  RuntimeException failure() {
    return failure;
  }

  /** The outermost call reported {@code refused} as {@code reported}: that is the unit's failure now. */
  void reported(RecordRefusedAtFlush refused, RuntimeException reported) {
    if (failure == null || failure == refused) {
      failure = reported;
    }
  }

  void publishLater(Supplier<EntityEvent> event) {
    Object caller = user;
    published.add(caller == null ? event : () -> event.get().withUser(caller));
  }

  List<Supplier<EntityEvent>> published() {
    return published;
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  List<Runnable> afterRollbackActions() {
    return afterRollback;
  }

  /** Registers the args of events about {@code entity}; see {@link RecordFrames#register}. */
  void register(Object entity, EventArgs args) {
    frames.register(entity, args);
  }

  void enterRecord(EventArgs recordArgs) {
    recordsEntered++;
    frames.enter(recordArgs);
  }

  /** True while a record of a repository call is being handled on this unit. */
  boolean handlingRecord() {
    return frames.handling();
  }

  void leaveRecord() {
    // A record's own entity changed after its write is flushed before the next query.
    if (frames.leave(scopedFlush && !needsFullFlush)) {
      needsFullFlush = true;
    }
  }

  // ---- key locks, one record at a time ----

  private final HeldLocks locks = new HeldLocks(this);
  private boolean oneAtATime;
  private int recordsEntered;

  /**
   * Takes the lock on {@code key} in the lock space {@code name} and holds it until this unit of work
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
    locks.lock(name, key);
  }

  /**
   * {@link #lock} for several keys at once, taken in one global order (by hash), so that two units of
   * work locking overlapping keys never wait for each other in a cycle. Take a batch's keys this way, in
   * {@code preCreateBatch}, before the per-record rules lock them one by one.
   */
  public void lockAll(String name, Collection<?> keys) {
    locks.lockAll(name, keys);
  }

  void useLocks(KeyLocks keyLocks, Consumer<UnitOfWork> lockWait) {
    locks.use(keyLocks, lockWait);
  }

  /** Bounds this transaction's lock waits by the store's lock timeout, once, before its first lock. */
  void prepareLockWait() {
    locks.prepareLockWait();
  }

  /** Releases the key locks; called once the transaction has committed or rolled back. */
  void releaseLocks() {
    locks.release();
  }

  private boolean scopedFlush;
  private boolean needsFullFlush;

  void scopedFlush(boolean value) {
    scopedFlush = value;
  }

  /** Records the entity the current record writes, for the scoped flush before a query. */
  void written(Object entity) {
    frames.written(entity);
  }

  boolean inRecord() {
    return scopedFlush && frames.handling();
  }

  /** True when flushes are scoped to what the records can have left unsent (the store's default). */
  boolean scopesFlushes() {
    return scopedFlush;
  }

  /** True when an entity of a finished record changed after its write: the next flush before a query is a full one. */
  boolean needsFullFlush() {
    return needsFullFlush;
  }

  void fullyFlushed() {
    needsFullFlush = false;
    if (session.getActionQueue().numberOfInsertions() == 0) {
      flushPoints.groupSent();
    }
  }

  /** The entities of the records being handled (the innermost first): what may be dirty besides queued actions. */
  List<Object> recordEntities() {
    return frames.recordEntities();
  }

  /** When set, each record's statements are sent before the next record, so a database error names its record. */
  void writeOneAtATime(boolean value) {
    oneAtATime = value;
  }

  boolean writesOneAtATime() {
    return oneAtATime;
  }

  /** The number of records (of every call, nested ones included) this unit has handled. */
  int recordsEntered() {
    return recordsEntered;
  }
}
