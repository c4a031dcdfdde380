package dev.scribe.repository.internal.unit;

import dev.scribe.repository.VersionConflictException;
import dev.scribe.repository.internal.store.SentStatements;
import dev.scribe.repository.internal.write.Writes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.engine.spi.CollectionEntry;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The flush points of one unit of work (DESIGN §3): the rows of the records written since the previous
 * flush point go to the database together, in JDBC batches, and only then do their {@code postPersist}
 * handlers run.
 *
 * <p>A group of rows from several records is sent under a savepoint taken just before it. When the
 * database refuses the group, the flush is rolled back to that savepoint and the group's rows are
 * inserted again one at a time, so the refused row — and the record it belongs to — is known exactly as
 * if each record had been written on its own. The failure then carries the record's index
 * ({@link RecordRefusedAtFlush}). A group of one record needs no savepoint: its refusal is its own.
 *
 * <p>On PostgreSQL, a group of inserts sent when nothing but the earlier groups' rows has gone to the
 * database since a savepoint was taken (the sequence's next values aside) is sent under that savepoint instead of a
 * new one, up to {@value #SPANNED_GROUPS} groups: the rows of all of them are kept, and a refusal rolls back to it
 * and writes them all again one at a time, the earlier groups' first, so the database is where it was when the
 * refused group was first sent, and the first row refused names its record as with a savepoint of its own. What
 * went to the database is told by the calls made on the unit's connection ({@link SentStatements}): a query, a
 * handler's statement, a full flush or anything else sent between two groups makes the next group take a new
 * savepoint. Each savepoint is a subtransaction PostgreSQL starts, with an id of its own, and one more round trip.
 * (H2, in process, sets a savepoint whose text it has cached for little, and keeps one per group.)
 */
public final class FlushPoints {
  /** How many groups one savepoint covers at most: the rows a refusal writes again one at a time. */
  static final int SPANNED_GROUPS = 16;
  private final UnitState unit;
  private final SessionImplementor session;
  /** Translates a refused statement, naming the entity whose row it was. */
  private final BiFunction<RuntimeException, Object, RuntimeException> translate;
  /**
   * The entities persisted or left for the next flush point since the last one, in order, and the index of
   * the outermost record each came from. Only a refused group reads them, so they are kept as lists: an
   * identity map would make every new entity compute its identity hash.
   */
  private final List<Object> ownedEntities = new ArrayList<>();
  private int[] ownerIndexes = new int[64];
  /** The inserts and updates of the flush being guarded, in the order Hibernate executed them. */
  private final List<Row> journal = new ArrayList<>();
  /**
   * Entities of update records whose UPDATE waits for the next flush point, in record order: at a flush
   * point they are flushed on their own (no walk over every managed entity), their UPDATEs in JDBC batches.
   */
  private final Set<Object> pendingUpdates = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Object> pendingOrder = new ArrayList<>();
  /** Sends the pending UPDATEs of plain entities; made at the first flush point that has any. */
  private DirectUpdates directUpdates;
  private DirectInserts directInserts;
  private boolean journaling;
  /** Outermost records started since the last flush point: more than one, and a refusal needs finding. */
  private int records;
  /**
   * True on PostgreSQL: a group's savepoint is released by the statement that sets the next one, one round
   * trip to the server where the JDBC calls take two. In process (H2) a statement costs a parse that the
   * JDBC calls do not, so there they stay.
   */
  private final boolean mergedSavepoints;
  /** Savepoints taken so far, for their names. */
  private int savepoints;
  /**
   * True on H2: a group's savepoint is named by how many groups' savepoints are open around it, so that the
   * same few texts come again. H2 parses the text of a savepoint set through JDBC, a new name each time; a
   * text it has seen before it takes from its cache of statements. (Its savepoints are not released: one set
   * again under the same name takes the place of the last.)
   */
  private final boolean namedByDepth;
  /** With savepoints named by depth: the savepoints of groups being sent, one inside the other. */
  private int openSavepoints;
  /**
   * With merged savepoints, the savepoint of the last group sent without a refusal: released together with
   * the next savepoint, or by the commit.
   */
  private String unreleased;
  /** The calls made on the unit's connection; null until looked up, or where the store did not lend it. */
  private SentStatements sent;
  private boolean sentLooked;
  /**
   * The savepoint the last groups were sent under, while nothing else has been sent since the last of them: the
   * next group of inserts may be sent under it too. Null otherwise.
   */
  private GroupSavepoint spanned;
  /** How many groups {@link #spanned} covers. */
  private int spannedGroups;
  /** {@link SentStatements#unexcused()} right after the last group under {@link #spanned} was sent. */
  private long quietAt;
  /** Where, among {@link #ownedEntities}, the entities of the records since the last group sent start. */
  private int groupStart;
  /** Guarded groups being sent, one inside the other. */
  private int sending;

  FlushPoints(UnitState unit, BiFunction<RuntimeException, Object, RuntimeException> translate) {
    this.unit = unit;
    this.session = unit.session();
    this.translate = translate;
    this.mergedSavepoints = session.getJdbcServices().getDialect() instanceof PostgreSQLDialect;
    this.namedByDepth = session.getJdbcServices().getDialect() instanceof H2Dialect;
  }

  void outermostRecordStarted() {
    records++;
  }

  void persisting(Object entity, int outermostIndex) {
    own(entity, outermostIndex);
  }

  private void own(Object entity, int outermostIndex) {
    int at = ownedEntities.size();
    if (at == ownerIndexes.length) {
      ownerIndexes = Arrays.copyOf(ownerIndexes, at * 2);
    }
    ownedEntities.add(entity);
    ownerIndexes[at] = outermostIndex;
  }

  /** The outermost record {@code entity} first came from since the last flush point, or null. */
  private Integer ownerOf(Object entity) {
    for (int i = 0; i < ownedEntities.size(); i++) {
      if (ownedEntities.get(i) == entity) {
        return ownerIndexes[i];
      }
    }
    return null;
  }

  void inserting(Object entity, Object id, Object[] state, EntityPersister persister) {
    if (journaling) {
      journal.add(new Row(entity, id, state, null, persister));
    }
  }

  /** Hibernate is about to update {@code entity}'s row at a guarded flush: remembered to replay it. */
  void updating(Object entity, Object id, Object[] state, Object[] oldState, EntityPersister persister) {
    if (journaling) {
      journal.add(new Row(entity, id, state, oldState == null ? new Object[0] : oldState, persister));
    }
  }

  /**
   * Leaves the UPDATE of an update record's entity to the next flush point, owned by the outermost record
   * {@code outermostIndex}. False, leaving it to the caller to flush now, when the unit cannot scope its
   * flushes, a full flush is owed or the entity is not managed.
   */
  boolean deferUpdate(Object entity, int outermostIndex) {
    EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
    if (!unit.scopesFlushes() || unit.needsFullFlush() || unit.writesOneAtATime() || outermostIndex < 0
        || entry == null || entry.getStatus() != Status.MANAGED) {
      return false;
    }
    own(entity, outermostIndex); // after an earlier owner of the entity, which ownerOf finds first
    if (pendingUpdates.add(entity)) {
      pendingOrder.add(entity);
    }
    return true;
  }

  /** True when the UPDATE of {@code entity} waits for the next flush point. */
  boolean updatePending(Object entity) {
    return !pendingUpdates.isEmpty() && pendingUpdates.contains(entity);
  }

  boolean updatesPending() {
    return !pendingUpdates.isEmpty();
  }

  /** The entities whose UPDATEs wait for the next flush point. */
  List<Object> pendingUpdates() {
    return pendingOrder;
  }

  /** True when only inserts are queued, so sending them is all a flush would do besides the walk. */
  boolean onlyInsertsQueued() {
    ActionQueue queue = session.getActionQueue();
    return queue.numberOfDeletions() == 0 && queue.numberOfUpdates() == 0 && queue.numberOfCollectionCreations() == 0
        && queue.numberOfCollectionUpdates() == 0 && queue.numberOfCollectionRemovals() == 0
        && !queue.hasUnresolvedEntityInsertActions();
  }

  /**
   * A flush point between records: the queued inserts alone when nothing else can be pending (the
   * unit's scoped flush), otherwise Hibernate's full flush.
   */
  public void flush() {
    if (unit.scopesFlushes() && !unit.needsFullFlush() && onlyInsertsQueued()) {
      if (pendingUpdates.isEmpty()) {
        sendInserts();
      } else {
        sendPending();
      }
    } else {
      guarded(session::flush, false);
      unit.fullyFlushed();
    }
    unit.releaseSentArgs();
  }

  /** Sends the queued inserts, then runs the post events they raised. */
  public void sendInserts() {
    if (session.getActionQueue().numberOfInsertions() > 0) {
      guarded(this::executeInserts, pendingUpdates.isEmpty());
    } else {
      groupSent();
    }
    unit.entities().runDeferred();
  }

  private void executeInserts() {
    if (directInserts == null) {
      directInserts = new DirectInserts(session);
    }
    if (!directInserts.send()) {
      session.getActionQueue().executeInserts();
    }
  }

  /**
   * Sends the queued inserts and the UPDATEs of the pending update records together, in JDBC batches,
   * then runs the post events they raised: the entity-tier {@code postUpdate} of each after its row.
   */
  void sendPending() {
    List<Object> entities = new ArrayList<>(pendingOrder);
    guarded(() -> flushEntities(entities), false);
    unit.entities().runDeferred();
  }

  /**
   * Hibernate's per-entity flush step for each of {@code entities}, then the queued actions, without the walk;
   * the entities of a plain type have their UPDATEs sent by {@link DirectUpdates} instead, after those actions.
   */
  private void flushEntities(List<Object> entities) {
    PersistenceContext context = session.getPersistenceContextInternal();
    EventListenerGroup<FlushEntityEventListener> listeners = session.getFactory().getServiceRegistry()
        .requireService(EventListenerRegistry.class).getEventListenerGroup(EventType.FLUSH_ENTITY);
    if (directUpdates == null) {
      directUpdates = new DirectUpdates(session);
    }
    List<EntityEntry> entries = new ArrayList<>(entities.size());
    List<Object> flushed = new ArrayList<>(entities.size());
    List<EntityEntry> directEntries = new ArrayList<>(entities.size());
    List<Object> direct = new ArrayList<>(entities.size());
    for (Object entity : entities) {
      EntityEntry entry = context.getEntry(entity);
      if (entry != null && entry.getStatus() == Status.MANAGED) {
        // a full flush since the record's write left its collections marked as reached
        unreach(entry, entity, context);
        // an entity whose record's write has not run is left to Hibernate's step, where AwaitingWriteFlush sees it
        if (directUpdates.handles(entity, entry) && !(unit.autoFlushing() && unit.awaitingWrite(entity))) {
          directEntries.add(entry);
          direct.add(entity);
        } else {
          entries.add(entry);
          flushed.add(entity);
        }
      }
    }
    for (int i = 0; i < entries.size(); i++) {
      listeners.fireEventOnEachListener(new FlushEntityEvent((EventSource) session, flushed.get(i), entries.get(i)),
          FlushEntityEventListener::onFlushEntity);
    }
    try {
      executeQueuedActions(context, direct, directEntries);
    } finally {
      for (int i = 0; i < entries.size(); i++) {
        unreach(entries.get(i), flushed.get(i), context);
      }
    }
  }

  /** Sends the actions the flush-entity events queued, as Hibernate's flush does, between its begin and end. */
  private void executeQueuedActions(PersistenceContext context) {
    executeQueuedActions(context, List.of(), List.of());
  }

  /** As above, then the UPDATEs of the {@code direct} entities. */
  private void executeQueuedActions(PersistenceContext context, List<Object> direct, List<EntityEntry> directEntries) {
    session.getJdbcCoordinator().flushBeginning();
    context.setFlushing(true);
    try {
      session.getActionQueue().prepareActions();
      session.getActionQueue().executeActions();
      if (!direct.isEmpty()) {
        directUpdates.send(direct, directEntries);
      }
    } finally {
      context.setFlushing(false);
      session.getJdbcCoordinator().flushEnding();
    }
  }

  /**
   * Writes the changes of one entity — an updated record's — without walking every entity the unit
   * manages, which would make an update batch quadratic. Returns false, having written nothing, when
   * more than that entity may be pending: flushes not scoped, a full flush owed, queued actions, or an
   * entity not managed; the caller then runs Hibernate's full flush.
   */
  public boolean flushOne(Object entity) {
    PersistenceContext context = session.getPersistenceContextInternal();
    EntityEntry entry = context.getEntry(entity);
    if (!unit.scopesFlushes() || unit.needsFullFlush() || session.getActionQueue().hasAnyQueuedActions()
        || entry == null || entry.getStatus() != Status.MANAGED) {
      return false;
    }
    EventListenerGroup<FlushEntityEventListener> listeners = session.getFactory().getServiceRegistry()
        .requireService(EventListenerRegistry.class).getEventListenerGroup(EventType.FLUSH_ENTITY);
    // A full flush since the entity was read (an auto-flush before a handler's query) left its collections
    // marked as reached: the step below would take them for shared references.
    unreach(entry, entity, context);
    // Hibernate's own per-entity step of a flush: dirty check, version increment, the UPDATE action.
    listeners.fireEventOnEachListener(new FlushEntityEvent((EventSource) session, entity, entry),
        FlushEntityEventListener::onFlushEntity);
    try {
      executeQueuedActions(context);
    } finally {
      unreach(entry, entity, context);
    }
    unit.entities().runDeferred();
    return true;
  }

  /**
   * The flush step marks the entity's collections as reached, which only the start of a full flush
   * clears; cleared here, so the next flush of the entity does not take them for shared references.
   */
  private static void unreach(EntityEntry entry, Object entity, PersistenceContext context) {
    EntityPersister persister = entry.getPersister();
    if (!persister.hasCollections()) {
      return;
    }
    for (Object value : persister.getValues(entity)) {
      if (value instanceof PersistentCollection) {
        CollectionEntry collection = context.getCollectionEntry((PersistentCollection<?>) value);
        if (collection != null) {
          collection.setReached(false);
          collection.setProcessed(false);
        }
      }
    }
  }

  /**
   * Called after any full flush: nothing of the group is pending any more. The owners of the groups sent under
   * the {@link #spanned} savepoint are kept: a refusal under it replays their rows too.
   */
  void groupSent() {
    if (spanned == null) {
      ownedEntities.clear();
    }
    groupStart = ownedEntities.size();
    pendingUpdates.clear();
    pendingOrder.clear();
    records = 0;
  }

  /**
   * The next group is not sent under the {@link #spanned} savepoint: the rows and owners of the groups sent under
   * it are let go (the savepoint itself stays until the next one releases it, or the transaction ends). Not while
   * a group is being sent around this one: its rows are still wanted.
   */
  private void endSpan() {
    if (spanned == null || sending > 0) {
      return;
    }
    spanned = null;
    spannedGroups = 0;
    journal.clear();
    int kept = ownedEntities.size() - groupStart;
    System.arraycopy(ownerIndexes, groupStart, ownerIndexes, 0, kept);
    ownedEntities.subList(0, groupStart).clear();
    groupStart = 0;
  }

  /**
   * True when the next group of inserts may be sent under the {@link #spanned} savepoint: it covers fewer than
   * {@value #SPANNED_GROUPS} groups, no group is being sent around this one, and nothing but the sequence's next
   * values has been asked of the connection since the last group under it was sent.
   */
  private boolean mayExtendSpan() {
    return spanned != null && spannedGroups < SPANNED_GROUPS && sending == 0 && sent != null
        && sent.unexcused() == quietAt;
  }

  /** The calls made on the unit's connection, or null when they cannot be told. */
  private SentStatements sentStatements() {
    if (!sentLooked) {
      sentLooked = true;
      sent = mergedSavepoints ? SentStatements.of(connection()) : null;
    }
    return sent;
  }

  /** The calls on the unit's connection so far, for {@link #excuseSince}; -1 when they cannot be told. */
  long statementsSent() {
    return sent != null ? sent.calls() : -1;
  }

  /**
   * Excuses what was sent since {@code before} ({@link #statementsSent}): the next values of a database sequence,
   * which no rollback takes back and no replay needs.
   */
  void excuseSince(long before) {
    if (sent != null && before >= 0) {
      sent.excuseSince(before);
    }
  }

  /**
   * Sends a group's statements, under a savepoint when a refusal must be found among several records' rows (or
   * pending UPDATEs). A group of inserts ({@code spannable}) goes under the savepoint of the groups sent just
   * before it when nothing else was sent since ({@link #mayExtendSpan}).
   */
  private void guarded(Runnable statements, boolean spannable) {
    boolean extend = spannable && !unit.writesOneAtATime() && mayExtendSpan();
    // Pending updates are always guarded: a stale version or a refused UPDATE is found and named by the replay.
    GroupSavepoint savepoint;
    if (extend) {
      savepoint = spanned;
      savepoint.resumed();
    } else {
      endSpan();
      savepoint = (records > 1 || !pendingUpdates.isEmpty()) && !unit.writesOneAtATime() ? savepoint() : null;
    }
    journaling = savepoint != null;
    sending++;
    try {
      statements.run();
    } catch (RuntimeException refused) {
      journaling = false;
      spanned = null;
      spannedGroups = 0;
      throw savepoint == null ? refused : replay(savepoint, refused);
    } finally {
      sending--;
      journaling = false;
      if (savepoint != null && namedByDepth) {
        openSavepoints--;
      }
    }
    if (savepoint != null) {
      savepoint.sent();
    }
    if (savepoint != null && spannable && savepoint.spannable() && sending == 0 && sentStatements() != null) {
      // the rows and owners of this group are kept: the next group may go under the same savepoint
      spanned = savepoint;
      spannedGroups = extend ? spannedGroups + 1 : 1;
      quietAt = sent.unexcused();
    } else {
      journal.clear();
      endSpan();
    }
    groupSent();
  }

  /**
   * Rolls the group back and writes its rows again one at a time, inserts and updates in the order
   * Hibernate sent them; the first one refused names its record. An UPDATE is replayed against the version
   * its record read, so a stale version is refused again, as the record's {@link
   * dev.scribe.repository.VersionConflictException}. When every row passes again (the refused statement
   * was a delete or a collection row), the
   * original failure goes on unattributed, and the top-level call runs the unit again one record at a time.
   */
  private RuntimeException replay(GroupSavepoint savepoint, RuntimeException failure) {
    Integer batchSize = session.getJdbcBatchSize();
    try {
      savepoint.rollBack();
      session.setJdbcBatchSize(1);
      for (Row row : journal) {
        try {
          row.write(session);
        } catch (RuntimeException refused) {
          Integer index = ownerOf(row.entity);
          if (index == null) {
            return failure;
          }
          RuntimeException translated = translate.apply(refused, row.entity);
          if (translated instanceof VersionConflictException && row.oldState != null) {
            VersionConflictException conflict = (VersionConflictException) translated;
            translated = new VersionConflictException(conflict.entityName(), conflict.id(), row.oldVersion(),
                conflict.actualVersion());
            translated.initCause(refused);
          }
          return new RecordRefusedAtFlush(index, translated);
        }
      }
      return failure;
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      return failure;
    } finally {
      session.setJdbcBatchSize(batchSize);
      journal.clear();
      try {
        // Nothing of the group stays: the unit of work rolls back, or goes on without it.
        savepoint.rollBack();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private Connection connection() {
    return session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
  }

  /** The savepoint taken before a group: rolled back to when the database refuses it, let go once it was sent. */
  private interface GroupSavepoint {
    void rollBack();

    void sent();

    /** True when another group may be sent under it once this one was. */
    default boolean spannable() {
      return false;
    }

    /** Another group is about to be sent under it, as under a savepoint just taken. */
    default void resumed() {}
  }

  /**
   * Takes a new savepoint: on H2 by a statement naming it by its depth, with merged savepoints by a statement
   * that also releases the last group's, else through JDBC.
   */
  private GroupSavepoint savepoint() {
    if (namedByDepth) {
      String name = "SCRIBE_FLUSH_" + (++openSavepoints);
      try {
        execute("SAVEPOINT " + name, "cannot set a savepoint before a flush");
      } catch (RuntimeException e) {
        openSavepoints--;
        throw e;
      }
      // once sent, left to be replaced by the next savepoint of this depth, or ended by the transaction's end
      return new NamedSavepoint(name, false, sending == 0);
    }
    if (mergedSavepoints) {
      String name = "scribe_flush_" + (++savepoints);
      execute((unreleased != null ? "RELEASE SAVEPOINT " + unreleased + "; " : "") + "SAVEPOINT " + name,
          "cannot set a savepoint before a flush");
      unreleased = null;
      return new NamedSavepoint(name, true, sending == 0);
    }
    Savepoint savepoint;
    try {
      savepoint = connection().setSavepoint();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set a savepoint before a flush: " + e.getMessage(), e);
    }
    return new GroupSavepoint() {
      @Override
      public void rollBack() {
        try {
          connection().rollback(savepoint);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot roll back to the savepoint of a flush: " + e.getMessage(), e);
        }
      }

      @Override
      public void sent() {
        try {
          connection().releaseSavepoint(savepoint);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot release the savepoint of a flush: " + e.getMessage(), e);
        }
      }
    };
  }

  /**
   * A savepoint set by a statement of its own and rolled back to by its name; once its group is sent, left for
   * the next group's statement to release when {@code releasedWithNext}.
   */
  private final class NamedSavepoint implements GroupSavepoint {
    private final String name;
    private final boolean releasedWithNext;
    /** Set by a group sent with no other group around it: the savepoint of the groups between records. */
    private final boolean outermost;

    NamedSavepoint(String name, boolean releasedWithNext, boolean outermost) {
      this.name = name;
      this.releasedWithNext = releasedWithNext;
      this.outermost = outermost;
    }

    @Override
    public boolean spannable() {
      return outermost;
    }

    @Override
    public void resumed() {
      if (namedByDepth) {
        openSavepoints++; // a group sent inside this one names its savepoint by the next depth
      }
      if (releasedWithNext && name.equals(unreleased)) {
        unreleased = null; // a savepoint a group inside this one takes must not release this one
      }
    }

    @Override
    public void rollBack() {
      execute("ROLLBACK TO SAVEPOINT " + name, "cannot roll back to the savepoint of a flush");
    }

    @Override
    public void sent() {
      if (releasedWithNext) {
        unreleased = name;
      }
    }
  }

  private void execute(String sql, String failure) {
    try (Statement statement = connection().createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
  }

  /**
   * One row Hibernate inserted or updated at the guarded flush: enough to write it again. An update has
   * {@code oldState}, the state its record read (the version among it).
   */
  private record Row(Object entity, Object id, Object[] state, Object[] oldState, EntityPersister persister) {
    void write(SessionImplementor session) {
      if (oldState == null) {
        persister.getInsertCoordinator().insert(entity, id, state, session);
      } else {
        persister.getUpdateCoordinator().update(entity, id, null, state, oldVersion(),
            oldState.length == 0 ? null : oldState, null, false, session);
      }
    }

    Object oldVersion() {
      return persister.isVersioned() && oldState != null && oldState.length > 0
          ? oldState[persister.getVersionProperty()] : null;
    }
  }
}
