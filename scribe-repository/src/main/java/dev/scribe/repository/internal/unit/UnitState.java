package dev.scribe.repository.internal.unit;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.entity.internal.EntityEventContext;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.UnitOfWork;
import dev.scribe.repository.internal.UnitAccess;
import dev.scribe.repository.internal.ValueAccess;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * What one unit of work holds and does: the entity manager, the records being handled, the flush points,
 * the key locks, the writes to publish and the callbacks to run after the transaction. The public
 * {@link UnitOfWork} is its front for applications. Confined to the thread that opened it.
 */
public final class UnitState {
  private final EntityManager entityManager;
  private final SessionImplementor session;
  private final TraceScope traceScope;
  private final UnitOfWork front;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Runnable> afterRollback = new ArrayList<>();
  /** Sent just before the commit, last; see {@link UnitOfWork#commitWith}. Mostly none: allocated on demand. */
  private List<dev.scribe.repository.LastWrite> lastWrites;
  private final List<Supplier<EntityEvent>> published = new ArrayList<>();
  private List<EntityEvent> builtBeforeCommit = List.of();
  private int builtBeforeCommitCount;
  private Object user;
  private boolean userSet;
  private java.util.function.BiFunction<Class<?>, String, RuntimeException> relinks;
  private java.util.function.BiFunction<Class<?>, String, RuntimeException> removals;
  private java.util.function.Function<Class<?>, java.util.Set<String>> concealed;
  private boolean rollbackOnly;
  /** Whether a forEach of this unit read rows read-only; see {@link #writable}. */
  private boolean readOnlyRows;
  private dev.scribe.core.Veto nestedRefusal;
  private RuntimeException failure;

  private final FlushPoints flushPoints;
  private final RecordFrames frames;
  /**
   * The entities that the last read under their rows' write locks put in the session ({@link
   * DatabaseLocks#readLocked}, a page of a bulk write), by id: their state is the locked row's, so a record
   * locking one again need not read it again. Only the last read's are kept: the records of a page run after its
   * read, and an entity an earlier read left is merely read again under its lock when its record comes. Kept by
   * id, so that a record finds its entity here without looking it up among every entity the session holds.
   */
  private java.util.Map<Object, Object> readUnderLock = java.util.Map.of();

  /** The thread that runs this unit: its locks, callbacks and entity manager belong to it. */
  private final Thread owner = Thread.currentThread();
  private volatile boolean ended;

  /** The transaction has committed or rolled back: nothing more can be attached to this unit. */
  void end() {
    ended = true;
  }

  /**
   * Refuses {@code what} on a unit that has ended, or from another thread than the one running it: a lock
   * taken then would never be released, a callback never run.
   */
  public void checkOpen(String what) {
    if (ended) {
      throw new dev.scribe.core.UsageException(what + " on a unit of work that has ended (committed or rolled back);"
          + " call it inside store.inTransaction(...), on the unit store.currentUnitOfWork() gives there");
    }
    if (Thread.currentThread() != owner) {
      throw new dev.scribe.core.UsageException(what + " from thread '" + Thread.currentThread().getName()
          + "' on a unit of work that runs on '" + owner.getName() + "'; a unit of work belongs to the thread that"
          + " runs it: call it there, or open a unit of work on this thread with store.inTransaction(...)");
    }
  }

  public UnitState(EntityManager entityManager, TraceScope traceScope,
      BiFunction<RuntimeException, Object, RuntimeException> translate) {
    this.entityManager = entityManager;
    this.session = entityManager.unwrap(SessionImplementor.class);
    this.traceScope = traceScope;
    this.flushPoints = new FlushPoints(this, translate);
    this.frames = new RecordFrames(session, flushPoints);
    this.front = UnitAccess.front(this);
  }

  /** The application's view of this unit of work. */
  public UnitOfWork unitOfWork() {
    return front;
  }

  /** See {@link UnitOfWork#entityManager()}. */
  public EntityManager entityManager() {
    return entityManager;
  }

  /** See {@link UnitOfWork#user()}. */
  public Object user() {
    return user;
  }

  /** Puts back the caller {@link Transactions#actingAs} replaced for the work it ran in this unit. */
  void restoreUser(Object caller, boolean set) {
    this.user = caller;
    this.userSet = set;
  }

  /** See {@link UnitOfWork#setUser}. */
  public void setUser(Object caller) {
    this.user = caller;
    this.userSet = true;
  }

  /**
   * True once the unit's caller was said, anonymous included (a request without credentials): a repository
   * call naming a user of its own then does not make that user the unit's.
   */
  public boolean userSet() {
    return userSet;
  }

  /**
   * The attributes of {@code type} hidden from the caller this unit works for, which the messages of its
   * refused writes (a database constraint) do not name; empty unless the controller tier said which.
   */
  public java.util.Set<String> concealed(Class<?> type) {
    return concealed == null || type == null ? java.util.Set.of() : concealed.apply(type);
  }

  /** Says which attributes of each entity type {@link #concealed} gives: those hidden from the caller. */
  public void conceal(java.util.function.Function<Class<?>, java.util.Set<String>> hidden) {
    this.concealed = hidden;
  }

  /**
   * The refusal of a nested write that takes an existing record of {@code type} to another parent or off its
   * parent ({@code field} names it in the body), or null when the caller may change such records; null unless
   * the controller tier said who may.
   */
  public RuntimeException relinkRefusal(Class<?> type, String field) {
    return relinks == null ? null : relinks.apply(type, field);
  }

  /** Says what {@link #relinkRefusal} gives: the refusal of the routes that change records of a type. */
  public void guardRelinks(java.util.function.BiFunction<Class<?>, String, RuntimeException> refusal) {
    this.relinks = refusal;
  }

  /**
   * The refusal of a nested write that deletes an existing record of {@code type}, left out of an
   * orphan-removing list ({@code field} names the list), or null when the caller may delete such records; null
   * unless the controller tier said who may.
   */
  public RuntimeException removalRefusal(Class<?> type, String field) {
    return removals == null ? null : removals.apply(type, field);
  }

  /** Says what {@link #removalRefusal} gives: the refusal of the routes that delete records of a type. */
  public void guardRemovals(java.util.function.BiFunction<Class<?>, String, RuntimeException> refusal) {
    this.removals = refusal;
  }

  /** See {@link UnitOfWork#trace()}. */
  public Trace trace() {
    return traceScope.trace();
  }

  /** See {@link UnitOfWork#rollbackOnly()}. */
  public boolean rollbackOnly() {
    return rollbackOnly;
  }

  /** See {@link UnitOfWork#setRollbackOnly()}. */
  public void setRollbackOnly() {
    rollbackOnly = true;
  }

  public SessionImplementor session() {
    return session;
  }

  /** Notes that this unit read rows read-only (a forEach's scroll), which {@link #writable} then looks for. */
  public void readRowsReadOnly() {
    readOnlyRows = true;
  }

  /**
   * Makes {@code entity}, about to be updated, one Hibernate checks for changes: a row a forEach read is
   * read-only in the session, and its UPDATE was never sent, though the update answered the changed record
   * (an update a forEach visitor makes, or one after the forEach in the same unit). Its values as they are
   * now become what the flush compares against. Asks the session only when this unit read rows so.
   */
  public void writable(Object entity) {
    if (readOnlyRows && session.isReadOnly(entity)) {
      session.setReadOnly(entity, false);
    }
  }

  public EntityEventContext entities() {
    return frames.entities();
  }

  /** Notes the entities, by id, that entered the session from a read that held their rows' write locks. */
  void readUnderLock(java.util.Map<Object, Object> entitiesById) {
    readUnderLock = entitiesById;
  }

  /**
   * The instance of {@code id} that entered the session from the last read under its row's write lock, or null:
   * its state is the locked row's, or this unit's own changes since, so locking it again cannot leave a stale
   * state behind — while the session still manages it (a handler may have removed or evicted it since).
   */
  public Object readUnderLock(Object id) {
    return readUnderLock.isEmpty() ? null : readUnderLock.get(id);
  }

  /** Where the rows of the records written so far go to the database; see {@link FlushPoints}. */
  public FlushPoints flushPoints() {
    return flushPoints;
  }

  /** Records the first failure that escaped a repository call, so the unit cannot commit after it. */
  public void failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
  }

  /** The unit's failure, when it is {@code original}, is {@code replacement} now (the same refusal, said better). */
  public void replaceFailure(RuntimeException original, RuntimeException replacement) {
    if (failure == original) {
      failure = replacement;
    }
    if (nestedRefusal == original && replacement instanceof dev.scribe.core.Veto) {
      nestedRefusal = (dev.scribe.core.Veto) replacement; // still the refusal of the record's child
    }
  }

  public RuntimeException failure() {
    return failure;
  }

  /** The outermost call reported {@code refused} as {@code reported}: that is the unit's failure now. */
  public void reported(RecordRefusedAtFlush refused, RuntimeException reported) {
    if (failure == null || failure == refused) {
      failure = reported;
    }
  }

  public void publishLater(Supplier<EntityEvent> event) {
    Object caller = user;
    published.add(caller == null ? event : () -> {
      EntityEvent built = event.get();
      return built == null ? null : ValueAccess.withUser(built, caller);
    });
  }

  public List<Supplier<EntityEvent>> published() {
    return published;
  }

  /** Keeps the events built from the first {@code count} of {@link #published()} for the before-commit listeners. */
  public void builtBeforeCommit(List<EntityEvent> events, int count) {
    this.builtBeforeCommit = events;
    this.builtBeforeCommitCount = count;
  }

  /** The events built before the commit (nulls, updates that changed nothing, left out); empty when none were. */
  public List<EntityEvent> builtBeforeCommit() {
    return builtBeforeCommit;
  }

  /** How many of {@link #published()} the events built before the commit came from. */
  public int builtBeforeCommitCount() {
    return builtBeforeCommitCount;
  }

  public List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  /** The statements to send just before the commit; see {@link UnitOfWork#commitWith}. */
  public List<dev.scribe.repository.LastWrite> lastWrites() {
    if (lastWrites == null) {
      lastWrites = new ArrayList<>(1);
    }
    return lastWrites;
  }

  /** True when {@link #lastWrites} holds any. */
  boolean hasLastWrites() {
    return lastWrites != null && !lastWrites.isEmpty();
  }

  public List<Runnable> afterRollbackActions() {
    return afterRollback;
  }

  /** Registers the args of events about {@code entity}; see {@link RecordFrames#register}. */
  public void register(Object entity, EventArgs args) {
    frames.register(entity, args);
  }

  /** A batch of {@code records} is about to start: what grows with its records is sized for it once. */
  public void expectRecords(int records) {
    if (created.isEmpty()) {
      created.ensureCapacity(records);
    }
  }

  public void enterRecord(EventArgs recordArgs) {
    recordsEntered++;
    frames.enter(recordArgs);
  }

  /** After a flush point: see {@link RecordFrames#releaseSent}. */
  void releaseSentArgs() {
    frames.releaseSent();
  }

  /** True while a record of a repository call is being handled on this unit. */
  public boolean handlingRecord() {
    return frames.handling();
  }

  /**
   * Remembers the refusal a nested call (a child created or updated from a record's params) threw for its
   * record, so that the batch whose record it belongs to reports it as that record's refusal.
   */
  public void nestedRefusal(dev.scribe.core.Veto refusal) {
    nestedRefusal = refusal;
  }

  /** True when {@code failure} is the refusal a nested call of the record being handled threw. */
  public boolean isNestedRefusal(Throwable failure) {
    return failure != null && failure == nestedRefusal;
  }

  /** The batch reported a nested call's {@code refusal} as {@code reported}: that is the unit's failure now. */
  public void nestedRefusalReported(dev.scribe.core.Veto refusal, RuntimeException reported) {
    nestedRefusal = null;
    if (failure == null || failure == refusal) {
      failure = reported;
    }
  }

  public void leaveRecord() {
    // A record's own entity changed after its write is flushed before the next query.
    if (frames.leave(scopedFlush && !needsFullFlush)) {
      needsFullFlush = true;
    }
  }

  // ---- key locks, one record at a time ----

  private final HeldLocks locks = new HeldLocks(this);
  private boolean oneAtATime;
  private int recordsEntered;

  /** See {@link UnitOfWork#lock}. */
  public void lock(String name, Object key) {
    locks.lock(name, key);
  }

  /** See {@link UnitOfWork#lockAll}. */
  public void lockAll(String name, Collection<?> keys) {
    locks.lockAll(name, keys);
  }

  void useLocks(KeyLocks keyLocks, Consumer<UnitState> lockWait) {
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
  private boolean autoFlushing;

  void scopedFlush(boolean value) {
    scopedFlush = value;
  }

  /**
   * Leaves the UPDATE of the current record's {@code entity} to the next flush point (DESIGN §3); false
   * when it must be flushed now. See {@link FlushPoints#deferUpdate}.
   */
  public boolean deferUpdate(Object entity) {
    return flushPoints.deferUpdate(entity, frames.outermostIndex());
  }

  /** Records the entity the current record writes, for the scoped flush before a query. */
  public void written(Object entity) {
    frames.written(entity);
  }

  /** Persists of new entities of plain types, without Hibernate's generic persist steps; made at the first create. */
  private DirectPersist directPersist;

  /**
   * Persists {@code entity}, new, as {@code session.persist(entityName, entity)} does: for a type of the plain shape
   * in a session without application persist listeners or interceptor, by {@link DirectPersist}.
   */
  public void persistNew(String entityName, Object entity) {
    if (directPersist == null) {
      directPersist = new DirectPersist(session, flushPoints);
    }
    if (!directPersist.persist(entityName, entity)) {
      session.persist(entityName, entity);
    }
  }

  /** The entities records of this unit created, in order: each a new instance, so none twice. */
  private final ArrayList<Object> created = new ArrayList<>();

  /** Records the new entity a create record persisted; see {@link #written}. */
  public void created(Object entity) {
    created.add(entity);
    frames.written(entity);
  }

  /** The entities {@link #created}, in the order they were created. */
  List<Object> createdEntities() {
    return created;
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

  /** See {@link RecordFrames#awaitingWrite}. */
  boolean awaitingWrite(Object entity) {
    return frames.awaitingWrite(entity);
  }

  /** True while Hibernate's flush before a query runs in this unit ({@link AwaitingWriteFlush}). */
  boolean autoFlushing() {
    return autoFlushing;
  }

  void autoFlushing(boolean running) {
    autoFlushing = running;
  }

  /** The entities of the records being handled (the innermost first): what may be dirty besides queued actions. */
  List<Object> recordEntities() {
    return frames.recordEntities();
  }

  /** When set, each record's statements are sent before the next record, so a database error names its record. */
  void writeOneAtATime(boolean value) {
    oneAtATime = value;
  }

  public boolean writesOneAtATime() {
    return oneAtATime;
  }

  /** The number of records (of every call, nested ones included) this unit has handled. */
  public int recordsEntered() {
    return recordsEntered;
  }
}
