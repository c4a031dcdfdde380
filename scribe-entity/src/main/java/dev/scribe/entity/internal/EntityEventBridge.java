package dev.scribe.entity.internal;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;

/**
 * Turns Hibernate's own events into entity-tier events, so they fire for every entity the session
 * writes — cascaded children and entities a handler persists itself included:
 * PERSIST and PERSIST_ONFLUSH (before Hibernate's listener) fire {@code prePersist} once per new entity,
 * PRE_INSERT fires it for new entities that never passed a persist (inside a unit of work: the managed
 * copy {@code merge} makes of a new instance, as JPA prescribes), POST_INSERT {@code postPersist}, PRE_UPDATE / POST_UPDATE {@code preUpdate} / {@code postUpdate}, and
 * PRE_DELETE / POST_DELETE {@code preRemove} / {@code postRemove}.
 *
 * <p>Inside a unit of work the post events are queued while Hibernate executes its statements and run
 * at the end of the flush that sent them (the JDBC batch holding the row has been executed), so their
 * handlers may query and persist. The unit of work also hears of every persist and every insert, to
 * attribute a refused row of a batched flush to its record. A veto or exception from a handler propagates out of the session call unchanged. Changes a
 * {@code preUpdate} handler makes to the entity are copied into the state Hibernate writes (all but
 * the version, which Hibernate has already incremented).
 */
public final class EntityEventBridge implements PersistEventListener, PreInsertEventListener, PostInsertEventListener,
    PreUpdateEventListener,
    PostUpdateEventListener, PreDeleteEventListener, PostDeleteEventListener {
  private static final long serialVersionUID = 1L;

  private transient volatile EntityCatalog catalog;
  private transient volatile EntityEventContexts contexts = () -> null;

  /** Connects the bridge to the entity classes and the units of work, once the session factory exists. */
  public void connect(EntityCatalog entityCatalog, EntityEventContexts eventContexts) {
    this.catalog = entityCatalog;
    this.contexts = eventContexts;
  }

  @Override
  public void onPersist(PersistEvent event) {
    prePersist(event.getObject(), event.getSession());
  }

  @Override
  public void onPersist(PersistEvent event, PersistContext createdAlready) {
    prePersist(event.getObject(), event.getSession());
  }

  private void prePersist(Object entity, EventSource session) {
    if (entity == null || HibernateProxy.extractLazyInitializer(entity) != null) {
      return;
    }
    if (session.getPersistenceContextInternal().getEntry(entity) != null) {
      return;
    }
    EntityEventContext context = contexts.current();
    if (context != null) {
      context.persisting(entity);
    }
    EventManager events = managerOf(entity);
    if (events == null || !events.hasHandlers(EntityTier.PRE_PERSIST)) {
      return;
    }
    EntityModel<?> model = catalog.modelOrNull(entity.getClass());
    if (model != null && model.id().generated() && model.idOf(entity) != null) {
      return;
    }
    if (context != null && !context.firstPersist(entity)) {
      return;
    }
    events.fire(EntityTier.PRE_PERSIST, args(context, entity));
  }

  /**
   * {@code prePersist} of {@code entity} at its persist, as {@link #onPersist} fires it, for a caller that persists
   * it itself and knows what the listener would check first: a real instance (no proxy), not in the session, its
   * id not assigned yet.
   */
  public void prePersistNew(Object entity) {
    EntityEventContext context = contexts.current();
    if (context != null) {
      context.persisting(entity);
    }
    EventManager events = managerOf(entity);
    if (events == null || !events.hasHandlers(EntityTier.PRE_PERSIST)) {
      return;
    }
    if (context != null && !context.firstPersist(entity)) {
      return;
    }
    events.fire(EntityTier.PRE_PERSIST, args(context, entity));
  }

  /**
   * A new entity about to be inserted that no persist announced: {@code prePersist} fires now, and what
   * its handlers change on the entity is copied into the state Hibernate is about to insert.
   */
  @Override
  public boolean onPreInsert(PreInsertEvent event) {
    Object entity = event.getEntity();
    EntityEventContext context = contexts.current();
    if (context != null) {
      context.inserting(entity, event.getId(), event.getState(), event.getPersister());
    }
    EventManager events = managerOf(entity);
    if (events == null || !events.hasHandlers(EntityTier.PRE_PERSIST)) {
      return false;
    }
    if (context == null || !context.firstPersist(entity)) {
      return false;
    }
    events.fire(EntityTier.PRE_PERSIST, args(context, entity));
    copyInto(event.getState(), entity, event.getPersister());
    return false;
  }

  /** Copies the entity's current values into {@code state}, all but the version Hibernate manages. */
  private static void copyInto(Object[] state, Object entity, EntityPersister persister) {
    Object[] now = persister.getValues(entity);
    int version = persister.isVersioned() ? persister.getVersionProperty() : -1;
    for (int i = 0; i < state.length; i++) {
      if (i != version && now[i] != state[i]) {
        state[i] = now[i];
      }
    }
  }

  @Override
  public void onPostInsert(PostInsertEvent event) {
    firePost(EntityTier.POST_PERSIST, event.getEntity());
  }

  @Override
  public boolean onPreUpdate(PreUpdateEvent event) {
    Object entity = event.getEntity();
    if (fire(EntityTier.PRE_UPDATE, entity)) {
      copyInto(event.getState(), entity, event.getPersister());
    }
    return false;
  }

  @Override
  public void onPostUpdate(PostUpdateEvent event) {
    firePost(EntityTier.POST_UPDATE, event.getEntity());
  }

  @Override
  public boolean onPreDelete(PreDeleteEvent event) {
    fire(EntityTier.PRE_REMOVE, event.getEntity());
    return false;
  }

  @Override
  public void onPostDelete(PostDeleteEvent event) {
    firePost(EntityTier.POST_REMOVE, event.getEntity());
  }

  @Override
  public boolean requiresPostCommitHandling(EntityPersister persister) {
    return false;
  }

  /** Runs the post events queued while Hibernate executed statements; see {@link EntityEventContext#defer}. */
  void runDeferred() {
    EntityEventContext context = contexts.current();
    if (context != null) {
      context.runDeferred();
    }
  }

  private void firePost(Event event, Object entity) {
    EventManager events = managerOf(entity);
    if (events == null || !events.hasHandlers(event)) {
      return;
    }
    EntityEventContext context = contexts.current();
    if (context == null) {
      events.fire(event, args(null, entity));
    } else {
      context.defer(() -> events.fire(event, args(context, entity)));
    }
  }

  private boolean fire(Event event, Object entity) {
    EventManager events = managerOf(entity);
    if (events == null || !events.hasHandlers(event)) {
      return false;
    }
    events.fire(event, args(contexts.current(), entity));
    return true;
  }

  private EventManager managerOf(Object entity) {
    EntityCatalog current = catalog;
    return current == null || entity == null ? null : current.eventsOrNull(entity.getClass());
  }

  private static EventArgs args(EntityEventContext context, Object entity) {
    if (context == null) {
      return EventArgs.builder().self(entity).build();
    }
    // The binding removes its preSetField / preProcessAssociationParams keys when it ends; an event raised
    // while it runs (a handler persisting the entity) sees them, and must not take them from the binding.
    return context.entityArgs(entity, null);
  }
}
