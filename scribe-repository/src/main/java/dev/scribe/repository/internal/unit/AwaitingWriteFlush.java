package dev.scribe.repository.internal.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEntityEvent;
import org.hibernate.event.spi.FlushEntityEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

/**
 * Leaves out of Hibernate's own flush before a query the entity of a record whose write has not run yet
 * ({@link RecordFrames#awaitingWrite}): what its pre handlers changed on it is sent by its write, with the
 * params, so one update is one {@code UPDATE} and one new version; the query sees the row as it was read. {@link ScopedAutoFlush} leaves it out of the
 * scoped flush; this covers the flushes that are Hibernate's walk over every entity — with
 * {@code scopedAutoFlush(false)}, or when a full flush is owed. An explicit flush and the commit's are left
 * alone.
 */
public final class AwaitingWriteFlush implements FlushEntityEventListener {
  private static final long serialVersionUID = 1L;

  private final transient FlushEntityEventListener delegate;
  private final transient Supplier<UnitState> units;

  private AwaitingWriteFlush(FlushEntityEventListener delegate, Supplier<UnitState> units) {
    this.delegate = delegate;
    this.units = units;
  }

  /** Wraps the flush-entity listeners, and marks the auto-flushes so that the wrappers know them. */
  public static void install(SessionFactoryImplementor factory, Supplier<UnitState> units) {
    EventListenerRegistry registry = factory.getServiceRegistry().requireService(EventListenerRegistry.class);
    EventListenerGroup<FlushEntityEventListener> entities = registry.getEventListenerGroup(EventType.FLUSH_ENTITY);
    List<FlushEntityEventListener> flushEntity = new ArrayList<>();
    entities.listeners().forEach(flushEntity::add);
    entities.clearListeners();
    for (FlushEntityEventListener listener : flushEntity) {
      boolean hibernates = listener.getClass().getName().startsWith("org.hibernate.");
      entities.appendListener(hibernates ? new AwaitingWriteFlush(listener, units) : listener);
    }
    EventListenerGroup<AutoFlushEventListener> auto = registry.getEventListenerGroup(EventType.AUTO_FLUSH);
    List<AutoFlushEventListener> autoFlush = new ArrayList<>();
    auto.listeners().forEach(autoFlush::add);
    auto.clearListeners();
    for (AutoFlushEventListener listener : autoFlush) {
      // the listener that flushes: Hibernate's own, or the scoped flush in its place; the others as they were
      boolean flushes = listener instanceof ScopedAutoFlush || listener.getClass().getName().startsWith("org.hibernate.");
      auto.appendListener(flushes ? new Marked(listener, units) : listener);
    }
  }

  @Override
  public void onFlushEntity(FlushEntityEvent event) {
    UnitState unit = units.get();
    EntityEntry entry = event.getEntityEntry();
    if (unit == null || unit.session() != event.getSession() || !unit.autoFlushing() || entry == null
        || entry.getStatus() != Status.MANAGED || entry.getLoadedState() == null
        || !unit.awaitingWrite(event.getEntity())) {
      delegate.onFlushEntity(event);
      return;
    }
    // Hibernate's step still runs for the entity (it finds its collections reachable, which skipping it would
    // not), but sees its fields as they were loaded: the changes are put back once it has run.
    Object entity = event.getEntity();
    EntityPersister persister = entry.getPersister();
    Object[] loaded = entry.getLoadedState();
    Object[] current = persister.getValues(entity);
    Type[] types = persister.getPropertyTypes();
    boolean[] reverted = new boolean[current.length];
    for (int i = 0; i < current.length; i++) {
      if (!types[i].isCollectionType() && current[i] != loaded[i]) {
        persister.setValue(entity, i, loaded[i]);
        reverted[i] = true;
      }
    }
    try {
      delegate.onFlushEntity(event);
    } finally {
      for (int i = 0; i < current.length; i++) {
        if (reverted[i]) {
          persister.setValue(entity, i, current[i]);
        }
      }
    }
  }

  /** Tells the unit of work that an auto-flush runs, for {@link #onFlushEntity}. */
  private static final class Marked implements AutoFlushEventListener {
    private static final long serialVersionUID = 1L;

    private final transient AutoFlushEventListener delegate;
    private final transient Supplier<UnitState> units;

    Marked(AutoFlushEventListener delegate, Supplier<UnitState> units) {
      this.delegate = delegate;
      this.units = units;
    }

    @Override
    public void onAutoFlush(AutoFlushEvent event) {
      UnitState unit = units.get();
      if (unit == null || unit.session() != event.getSession()) {
        delegate.onAutoFlush(event);
        return;
      }
      boolean outer = unit.autoFlushing();
      unit.autoFlushing(true);
      try {
        delegate.onAutoFlush(event);
      } finally {
        unit.autoFlushing(outer);
      }
    }

    @Override
    public void onAutoPreFlush(EventSource source) {
      delegate.onAutoPreFlush(source);
    }
  }
}
