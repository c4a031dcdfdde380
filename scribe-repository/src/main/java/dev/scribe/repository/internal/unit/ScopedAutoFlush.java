package dev.scribe.repository.internal.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.FlushMode;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.internal.AbstractFlushingEventListener;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The flush Hibernate runs before a query, scoped to what a record of a repository call can have left
 * unsent, so that a query per record (a verify rule looking for duplicates) does not make a batch
 * quadratic: Hibernate's own auto-flush dirty-checks and cascades over every entity the unit of work
 * manages — every record written so far — before each query.
 *
 * <p>While a record is being handled, the unit of work knows what can be pending: queued inserts (the
 * records written since the last flush point, whose rows go in JDBC batches), other queued actions
 * (entities removed but not yet deleted), the entities of the records being handled, and the entities of
 * finished records that were changed after their own write (each is checked once, when its record ends).
 * When none of those entities changed, the query runs without the walk: queued inserts alone are sent —
 * if the query reads one of their tables, or does not say which it reads — as a flush point of
 * {@link FlushPoints}; other queued actions (an entity an earlier record's handler removed, say) are
 * executed with them in their order. Otherwise, and outside records, Hibernate's auto-flush runs as
 * usual. An explicit flush is Hibernate's full flush, and so is the end of the unit whenever
 * {@link CommitFlush} finds that the walk could write something.
 */
public final class ScopedAutoFlush implements AutoFlushEventListener {
  private static final long serialVersionUID = 1L;

  private final transient AutoFlushEventListener full;
  private final transient Supplier<UnitState> units;

  private ScopedAutoFlush(AutoFlushEventListener full, Supplier<UnitState> units) {
    this.full = full;
    this.units = units;
  }

  /** Puts the scoped flush in place of Hibernate's auto-flush listener(s), keeping the order of the group. */
  public static void install(SessionFactoryImplementor factory, Supplier<UnitState> units) {
    EventListenerGroup<AutoFlushEventListener> group = factory.getServiceRegistry()
        .requireService(EventListenerRegistry.class).getEventListenerGroup(EventType.AUTO_FLUSH);
    List<AutoFlushEventListener> listeners = new ArrayList<>();
    group.listeners().forEach(listeners::add);
    group.clearListeners();
    for (AutoFlushEventListener listener : listeners) {
      boolean hibernates = listener.getClass().getName().startsWith("org.hibernate.");
      group.appendListener(hibernates ? new ScopedAutoFlush(listener, units) : listener);
    }
  }

  @Override
  public void onAutoPreFlush(EventSource source) {
    if (!skippable(source)) {
      full.onAutoPreFlush(source);
    }
  }

  @Override
  public void onAutoFlush(AutoFlushEvent event) {
    EventSource session = event.getSession();
    if (skippable(session)) {
      UnitState unit = units.get();
      boolean send;
      if (unit.flushPoints().updatesPending()) {
        // The pending UPDATEs go with the queued inserts, as at a flush point, when the query may read them
        send = readsPending(event, unit.flushPoints().pendingUpdates());
        if (send) {
          unit.flushPoints().sendPending();
        }
      } else if (unit.flushPoints().onlyInsertsQueued()) {
        send = session.getActionQueue().numberOfInsertions() > 0 && reads(event);
        if (send) {
          unit.flushPoints().sendInserts();
        }
      } else {
        send = true;
        QUEUED_ACTIONS.execute(session);
        unit.flushPoints().groupSent();
      }
      event.setFlushRequired(send);
      return;
    }
    full.onAutoFlush(event);
    UnitState unit = units.get();
    if (unit != null && unit.session() == event.getSession()) {
      unit.fullyFlushed();
    }
  }

  private boolean skippable(EventSource session) {
    UnitState unit = units.get();
    if (unit == null || unit.session() != session || !unit.inRecord() || unit.needsFullFlush()) {
      return false;
    }
    if (session.getHibernateFlushMode() != FlushMode.AUTO) {
      return false;
    }
    if (unit.flushPoints().updatesPending() && !unit.flushPoints().onlyInsertsQueued()) {
      return false; // pending UPDATEs besides other queued actions: Hibernate's own auto-flush writes them all
    }
    for (Object entity : unit.recordEntities()) {
      // a record's entity before its write is sent by its write, once: its pre handlers' changes go with the params
      if (dirty(session, entity) && !unit.flushPoints().updatePending(entity) && !unit.awaitingWrite(entity)) {
        return false;
      }
    }
    return true;
  }

  private static final QueuedActions QUEUED_ACTIONS = new QueuedActions();

  /**
   * Executes what is queued (inserts and deletes in their order) without the flush's walk over every
   * managed entity, which is what makes it cost the size of the queue instead of the unit of work. What the
   * walk would add — dirty entities, collection changes — is left for the next full flush, at the latest
   * the commit's.
   */
  private static final class QueuedActions extends AbstractFlushingEventListener {
    void execute(EventSource session) {
      performExecutions(session);
    }
  }

  /** True when the query reads a table with queued inserts, or does not say which tables it reads. */
  private static boolean reads(AutoFlushEvent event) {
    java.util.Set<String> spaces = event.getQuerySpaces();
    return spaces == null || spaces.isEmpty() || event.getSession().getActionQueue().areTablesToBeUpdated(spaces);
  }

  /**
   * True when the query reads a table with queued inserts or of an entity whose UPDATE is pending, or
   * does not say which tables it reads.
   */
  private static boolean readsPending(AutoFlushEvent event, List<Object> pending) {
    java.util.Set<String> spaces = event.getQuerySpaces();
    if (spaces == null || spaces.isEmpty() || event.getSession().getActionQueue().areTablesToBeUpdated(spaces)) {
      return true;
    }
    EntityEntry last = null;
    for (Object entity : pending) {
      EntityEntry entry = event.getSession().getPersistenceContextInternal().getEntry(entity);
      if (entry == null || (last != null && entry.getPersister() == last.getPersister())) {
        continue;
      }
      last = entry;
      for (java.io.Serializable space : entry.getPersister().getQuerySpaces()) {
        if (spaces.contains(space)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when {@code entity}'s state differs from what was last written (or is unknown to this check). */
  static boolean dirty(SessionImplementor session, Object entity) {
    EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
    return entry != null && dirty(session, entity, entry);
  }

  /** {@link #dirty(SessionImplementor, Object)} for an entity whose entry the caller holds. */
  static boolean dirty(SessionImplementor session, Object entity, EntityEntry entry) {
    if (entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null) {
      return entry.getStatus() != Status.READ_ONLY && entry.getStatus() != Status.GONE;
    }
    if (!entry.isModifiableEntity()) {
      return false;
    }
    EntityPersister persister = entry.getPersister();
    Object[] loaded = entry.getLoadedState();
    // One read of every attribute through Hibernate's generated accessor, not one reflective read each
    Object[] current = persister.getValues(entity);
    if (holdsLoadedValues(current, loaded)) {
      return false;
    }
    return persister.findDirty(current, loaded, entity, session) != null;
  }

  /**
   * True when every attribute of the entity holds the very object its loaded state holds: then no attribute
   * is dirty without comparing values (asked for every record of a batch, and for every managed entity at the
   * commit). The loaded state keeps a copy of a mutable value, so an attribute of a mutable type is never the
   * same object, and such entities get Hibernate's check.
   */
  private static boolean holdsLoadedValues(Object[] current, Object[] loaded) {
    for (int i = 0; i < loaded.length; i++) {
      if (current[i] != loaded[i]) {
        return false;
      }
    }
    return true;
  }
}
