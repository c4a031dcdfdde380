package dev.scribe.repository.internal.unit;

import dev.scribe.repository.internal.write.Writes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.hibernate.collection.spi.PersistentCollection;
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
 */
public final class FlushPoints {
  private final UnitState unit;
  private final SessionImplementor session;
  /** Translates a refused statement, naming the entity whose row it was. */
  private final BiFunction<RuntimeException, Object, RuntimeException> translate;
  /** New entity → index of the outermost record that persisted it, since the last flush point. */
  private final Map<Object, Integer> owners = new IdentityHashMap<>();
  /** The inserts of the flush being guarded, in the order Hibernate executed them. */
  private final List<Insert> journal = new ArrayList<>();
  private boolean journaling;
  /** Outermost records started since the last flush point: more than one, and a refusal needs finding. */
  private int records;

  FlushPoints(UnitState unit, BiFunction<RuntimeException, Object, RuntimeException> translate) {
    this.unit = unit;
    this.session = unit.session();
    this.translate = translate;
  }

  void outermostRecordStarted() {
    records++;
  }

  void persisting(Object entity, int outermostIndex) {
    owners.put(entity, outermostIndex);
  }

  void inserting(Object entity, Object id, Object[] state, EntityPersister persister) {
    if (journaling) {
      journal.add(new Insert(entity, id, state, persister));
    }
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
      sendInserts();
    } else {
      guarded(session::flush);
      unit.fullyFlushed();
    }
  }

  /** Sends the queued inserts, then runs the post events they raised. */
  public void sendInserts() {
    if (session.getActionQueue().numberOfInsertions() > 0) {
      guarded(() -> session.getActionQueue().executeInserts());
    } else {
      groupSent();
    }
    unit.entities().runDeferred();
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
    // Hibernate's own per-entity step of a flush: dirty check, version increment, the UPDATE action.
    listeners.fireEventOnEachListener(new FlushEntityEvent((EventSource) session, entity, entry),
        FlushEntityEventListener::onFlushEntity);
    session.getJdbcCoordinator().flushBeginning();
    context.setFlushing(true);
    try {
      session.getActionQueue().prepareActions();
      session.getActionQueue().executeActions();
    } finally {
      context.setFlushing(false);
      session.getJdbcCoordinator().flushEnding();
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

  /** Called after any full flush: nothing of the group is pending any more. */
  void groupSent() {
    owners.clear();
    records = 0;
  }

  private void guarded(Runnable statements) {
    Savepoint savepoint = records > 1 && !unit.writesOneAtATime() ? savepoint() : null;
    journaling = savepoint != null;
    try {
      statements.run();
    } catch (RuntimeException refused) {
      journaling = false;
      throw savepoint == null ? refused : replay(savepoint, refused);
    } finally {
      journaling = false;
    }
    journal.clear();
    if (savepoint != null) {
      release(savepoint);
    }
    groupSent();
  }

  /**
   * Rolls the group back and inserts its rows again one at a time; the first one refused names its record.
   * When every insert passes again (the refused statement was an update or a collection row), the
   * original failure goes on unattributed, and the top-level call runs the unit again one record at a time.
   */
  private RuntimeException replay(Savepoint savepoint, RuntimeException failure) {
    Integer batchSize = session.getJdbcBatchSize();
    try {
      rollback(savepoint);
      session.setJdbcBatchSize(1);
      for (Insert insert : journal) {
        try {
          insert.persister.getInsertCoordinator().insert(insert.entity, insert.id, insert.state, session);
        } catch (RuntimeException refused) {
          Integer index = owners.get(insert.entity);
          if (index == null) {
            return failure;
          }
          RuntimeException translated = translate.apply(refused, insert.entity);
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
        rollback(savepoint);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private Connection connection() {
    return session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
  }

  private Savepoint savepoint() {
    try {
      return connection().setSavepoint();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set a savepoint before a flush: " + e.getMessage(), e);
    }
  }

  private void rollback(Savepoint savepoint) {
    try {
      connection().rollback(savepoint);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot roll back to the savepoint of a flush: " + e.getMessage(), e);
    }
  }

  private void release(Savepoint savepoint) {
    try {
      connection().releaseSavepoint(savepoint);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot release the savepoint of a flush: " + e.getMessage(), e);
    }
  }

  /** One row Hibernate inserted at the guarded flush: enough to insert it again. */
  private record Insert(Object entity, Object id, Object[] state, EntityPersister persister) {}
}
