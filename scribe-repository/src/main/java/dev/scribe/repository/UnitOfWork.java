package dev.scribe.repository;

import com.google.common.hash.Hashing;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.entity.internal.EntityEventContext;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

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
  private final Map<Object, EventArgs> entityArgs = new IdentityHashMap<>();
  private final Set<Object> persisted = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Frame> records = new ArrayDeque<>();
  private final Entities entities = new Entities();
  private final Deque<Runnable> deferred = new ArrayDeque<>();
  private boolean runningDeferred;
  private Object user;
  private boolean rollbackOnly;
  private RuntimeException failure;

  private final FlushPoints flushPoints;

  UnitOfWork(EntityManager entityManager, TraceScope traceScope,
      BiFunction<RuntimeException, Object, RuntimeException> translate) {
    this.entityManager = entityManager;
    this.session = entityManager.unwrap(SessionImplementor.class);
    this.traceScope = traceScope;
    this.flushPoints = new FlushPoints(this, translate);
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
    return entities;
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

  /**
   * Registers the args of events about {@code entity} (the record's args with self = entity): the first
   * entity registered during a record is the record's own and is kept in its frame, others in a map.
   */
  void register(Object entity, EventArgs args) {
    Frame top = records.peek();
    if (top != null && top.entity == null) {
      top.entity = entity;
      top.entityArgs = args;
    } else {
      entityArgs.put(entity, args);
    }
  }

  void enterRecord(EventArgs recordArgs) {
    recordsEntered++;
    if (records.isEmpty()) {
      flushPoints.outermostRecordStarted();
    }
    records.push(new Frame(recordArgs));
  }

  /** True while a record of a repository call is being handled on this unit. */
  boolean handlingRecord() {
    return !records.isEmpty();
  }

  void leaveRecord() {
    Frame left = records.pop();
    if (left.entity != null && insertPending(left.entity)) {
      // Its postPersist runs at the next flush point, after the record: it keeps the record's args, and
      // its prePersist has run.
      entityArgs.put(left.entity, left.entityArgs);
      if (left.persisted) {
        persisted.add(left.entity);
      }
    }
    if (scopedFlush && !needsFullFlush) {
      // A record's own entity changed after its write is flushed before the next query.
      Object entity = left.record.get(EventArgs.ENTITY);
      if ((entity != null && ScopedAutoFlush.dirty(session, entity))
          || (left.entity != null && left.entity != entity && ScopedAutoFlush.dirty(session, left.entity))
          || (left.written != null && left.written != entity && ScopedAutoFlush.dirty(session, left.written))) {
        needsFullFlush = true;
      }
    }
  }

  private boolean insertPending(Object entity) {
    EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
    return entry != null && !entry.isExistsInDatabase();
  }

  private Frame frameOf(Object entity) {
    for (Frame frame : records) {
      if (frame.entity == entity) {
        return frame;
      }
    }
    return null;
  }

  // ---- key locks, row locks, one record at a time ----

  private KeyLocks keyLocks;
  private Consumer<UnitOfWork> lockWaitSetup;
  private boolean lockWaitPrepared;
  /** Hash of each key lock held, in the order taken, to the key as messages name it. */
  private final Map<Long, String> heldLocks = new LinkedHashMap<>();
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
    long hash = hash(name, key);
    if (heldLocks.containsKey(hash)) {
      return;
    }
    String label = label(name, key);
    keyLocks.acquire(this, label, hash);
    heldLocks.put(hash, label);
  }

  /**
   * {@link #lock} for several keys at once, taken in one global order (by hash), so that two units of
   * work locking overlapping keys never wait for each other in a cycle. Take a batch's keys this way, in
   * {@code preCreateBatch}, before the per-record rules lock them one by one.
   */
  public void lockAll(String name, Collection<?> keys) {
    long[] hashes = new long[keys.size()];
    Map<Long, Object> byHash = new LinkedHashMap<>();
    int i = 0;
    for (Object key : keys) {
      long hash = hash(name, key);
      if (byHash.putIfAbsent(hash, key) == null) {
        hashes[i++] = hash;
      }
    }
    long[] sorted = Arrays.copyOf(hashes, i);
    Arrays.sort(sorted);
    for (long hash : sorted) {
      if (!heldLocks.containsKey(hash)) {
        String label = label(name, byHash.get(hash));
        keyLocks.acquire(this, label, hash);
        heldLocks.put(hash, label);
      }
    }
  }

  /** The 64-bit key of a lock: the same in every process, so that advisory locks agree across instances. */
  static long hash(String name, Object key) {
    return Hashing.murmur3_128().hashString(name + '\u0000' + key, StandardCharsets.UTF_8).asLong();
  }

  private static String label(String name, Object key) {
    String text = String.valueOf(key);
    return name + " '" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
  }

  void useLocks(KeyLocks locks, Consumer<UnitOfWork> lockWait) {
    this.keyLocks = locks;
    this.lockWaitSetup = lockWait;
  }

  /** Bounds this transaction's lock waits by the store's lock timeout, once, before its first lock. */
  void prepareLockWait() {
    if (!lockWaitPrepared) {
      lockWaitPrepared = true;
      lockWaitSetup.accept(this);
    }
  }

  /** Releases the key locks; called once the transaction has committed or rolled back. */
  void releaseLocks() {
    for (Long hash : heldLocks.keySet()) {
      keyLocks.release(this, hash);
    }
    heldLocks.clear();
  }

  private boolean scopedFlush;
  private boolean needsFullFlush;

  void scopedFlush(boolean value) {
    scopedFlush = value;
  }

  /** Records the entity the current record writes, for the scoped flush before a query. */
  void written(Object entity) {
    Frame top = records.peek();
    if (top != null) {
      top.written = entity;
    }
  }

  boolean inRecord() {
    return scopedFlush && !records.isEmpty();
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
    List<Object> entities = new ArrayList<>(records.size() * 2);
    for (Frame frame : records) {
      Object entity = frame.record.get(EventArgs.ENTITY);
      if (entity != null) {
        entities.add(entity);
      }
      if (frame.entity != null && frame.entity != entity) {
        entities.add(frame.entity);
      }
      if (frame.written != null && frame.written != entity && frame.written != frame.entity) {
        entities.add(frame.written);
      }
    }
    return entities;
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

  /** One record being handled: its args, and its own entity with the args of that entity's events. */
  private static final class Frame {
    final EventArgs record;
    /** The record's index in its call's batch. */
    final int index;
    Object entity;
    EventArgs entityArgs;
    boolean persisted;
    /** The entity the record wrote (created, updated, deleted), whether or not entity handlers exist. */
    Object written;

    Frame(EventArgs record) {
      this.record = record;
      Integer position = record.index();
      this.index = position == null ? -1 : position;
    }
  }

  /** The entity-tier view of this unit of work. */
  private final class Entities implements EntityEventContext {
    @Override
    public EventArgs entityArgs(Object entity, Map<String, Object> params) {
      Frame own = frameOf(entity);
      EventArgs args = own != null ? own.entityArgs : entityArgs.get(entity);
      if (args == null) {
        Frame top = records.peek();
        EventArgs record = top == null ? null : top.record;
        if (record == null) {
          args = EventArgs.builder().self(entity).build();
        } else {
          args = record.withSelf(entity);
          args.remove(EventArgs.PARAMS);
          args.remove(EventArgs.ENTITY);
          args.remove(EventArgs.CHANGES);
        }
        entityArgs.put(entity, args);
      }
      if (params != null && args.get(EventArgs.PARAMS) == null) {
        args.put(EventArgs.PARAMS, params);
      }
      return args;
    }

    @Override
    public boolean firstPersist(Object entity) {
      Frame own = frameOf(entity);
      if (own != null) {
        boolean first = !own.persisted;
        own.persisted = true;
        return first;
      }
      return persisted.add(entity);
    }

    @Override
    public void persisting(Object entity) {
      Frame outermost = records.peekLast();
      if (outermost != null) {
        flushPoints.persisting(entity, outermost.index);
      }
    }

    @Override
    public void inserting(Object entity, Object id, Object[] state, EntityPersister persister) {
      flushPoints.inserting(entity, id, state, persister);
    }

    @Override
    public void defer(Runnable postEvent) {
      deferred.add(postEvent);
    }

    @Override
    public void runDeferred() {
      if (runningDeferred) {
        return;
      }
      runningDeferred = true;
      try {
        for (Runnable next = deferred.poll(); next != null; next = deferred.poll()) {
          next.run();
        }
      } finally {
        runningDeferred = false;
      }
    }
  }
}
