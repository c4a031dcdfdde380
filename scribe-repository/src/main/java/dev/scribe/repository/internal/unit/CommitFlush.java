package dev.scribe.repository.internal.unit;

import java.util.Iterator;
import java.util.List;
import org.hibernate.Interceptor;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

/**
 * The flush of a unit of work just before its commit. Hibernate's flush walks every entity the unit
 * manages — a cascade over its properties, then a dirty check — and after a batch of creates that is every
 * record written, long after each was sent. When every managed entity is of a plain type (no association,
 * collection, embeddable or natural id) and none changed since its row was written, that walk has nothing to
 * do; this finds out in one pass, with Hibernate's own dirty check of each entity, and then only sends what
 * the JDBC batch may still hold. In every other case — queued actions, collections, a changed entity,
 * flush listeners or an interceptor besides Hibernate's and the framework's — Hibernate's flush runs.
 */
final class CommitFlush {
  private CommitFlush() {}

  static void run(UnitState unit) {
    SessionImplementor session = unit.session();
    if (nothingToFlush(session, unit.createdEntities())) {
      session.getJdbcCoordinator().executeBatch();
      unit.entities().runDeferred();
    } else {
      session.flush();
    }
  }

  /**
   * True when a flush of {@code session} would write nothing and run no listener besides the known ones.
   * {@code created}: distinct entities the unit created, in order; when they are as many as the managed
   * entities they are walked in that order, the order they lie in memory, instead of by key.
   */
  static boolean nothingToFlush(SessionImplementor session, List<Object> created) {
    PersistenceContext context = session.getPersistenceContextInternal();
    if (session.getActionQueue().hasAnyQueuedActions() || context.getCollectionEntriesSize() > 0
        || !plainInterceptor(session.getInterceptor()) || !knownFlushListeners(session)) {
      return false;
    }
    EntityPersister checked = null;
    int reached = 0;
    // Not through reentrantSafeEntityEntries(), which copies every entry into a new array first. An entity of
    // the list no longer managed means another managed one is not on it: the entry check below then declines.
    Iterator<Object> managed = created.size() == context.getNumberOfManagedEntities() ? created.iterator()
        : context.managedEntitiesIterator();
    while (managed.hasNext()) {
      Object entity = managed.next();
      EntityEntry entry = entity == null ? null : context.getEntry(entity);
      if (entry == null) {
        return false;
      }
      reached++;
      EntityPersister persister = entry.getPersister();
      if (persister != checked) {
        if (!plain(persister)) {
          return false;
        }
        checked = persister;
      }
      if (ScopedAutoFlush.dirty(session, entity, entry)) {
        return false;
      }
    }
    // an entry without a key (an entity being saved or deleted) was not reached: Hibernate's flush sees to it
    return reached == context.getNumberOfManagedEntities();
  }

  /** A type whose flush is its dirty check alone: nothing to cascade to, no collection, no natural id. */
  private static boolean plain(EntityPersister persister) {
    if (persister.hasCollections() || persister.hasCascades() || persister.getNaturalIdMapping() != null) {
      return false;
    }
    for (Type type : persister.getPropertyTypes()) {
      if (type.isAssociationType() || type.isComponentType() || type.isAnyType()) {
        return false;
      }
    }
    return true;
  }

  /** No interceptor of the application's: its {@code preFlush}, {@code findDirty} and {@code postFlush} are owed a flush. */
  static boolean plainInterceptor(Interceptor interceptor) {
    if (interceptor == null) {
      return true;
    }
    String name = interceptor.getClass().getName();
    return name.equals("org.hibernate.internal.EmptyInterceptor") || name.equals("org.hibernate.EmptyInterceptor");
  }

  /** True when the flush and flush-entity listeners are Hibernate's and the framework's own. */
  static boolean knownFlushListeners(SessionImplementor session) {
    EventListenerRegistry registry = session.getFactory().getServiceRegistry().requireService(EventListenerRegistry.class);
    return known(registry.getEventListenerGroup(EventType.FLUSH)) && known(registry.getEventListenerGroup(EventType.FLUSH_ENTITY));
  }

  private static boolean known(EventListenerGroup<?> group) {
    for (Object listener : group.listeners()) {
      String name = listener.getClass().getName();
      if (!name.startsWith("org.hibernate.") && !name.startsWith("dev.scribe.")) {
        return false;
      }
    }
    return true;
  }
}
