package dev.scribe.repository.internal.unit;

import dev.scribe.entity.internal.EntityEventBridge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.MappingException;
import org.hibernate.NonUniqueObjectException;
import org.hibernate.action.internal.EntityInsertAction;
import org.hibernate.engine.internal.ManagedTypeHelper;
import org.hibernate.engine.internal.Versioning;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.EntityKey;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.internal.DefaultPersistEventListener;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.Generator;
import org.hibernate.id.Assigned;
import org.hibernate.id.IdentifierGenerationException;
import org.hibernate.id.IdentifierGeneratorHelper;
import org.hibernate.id.enhanced.SequenceStructure;
import org.hibernate.id.enhanced.SequenceStyleGenerator;
import org.hibernate.jpa.event.spi.CallbackRegistry;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.TypeHelper;

/**
 * The persist of a create record's new entity when its type has the plain shape ({@link PlainTable}): what
 * Hibernate's persist listener does for a new entity of such a type, without its generic steps. Hibernate's own
 * listener first works out the entity's name and state (transient, managed, detached, deleted), keeps a map of the
 * entities the persist cascades to, places a {@code SAVING} entry in the persistence context while it walks the
 * cascades and looks for unresolved references among the new entity's associations; a plain type has no cascades,
 * no associations and no collections, and a new instance no entry. Here, in Hibernate's order: the framework's own
 * persist listeners (the entity tier's {@code prePersist}), the id from the type's generator set on the entity, the
 * JPA {@code @PrePersist} callbacks, the check that no other managed entity has that id (Hibernate's {@link
 * NonUniqueObjectException}), the state with the version seeded, and Hibernate's insert action queued (the entity
 * managed by its entry, the INSERT waiting for a flush point). Failures go through the session's exception converter,
 * as a persist's do.
 *
 * <p>Hibernate's listener takes every other persist: an application persist listener or interceptor in the session,
 * a type of any other shape (or enhanced, or implementing Hibernate's {@code Lifecycle}), an id not generated before
 * the INSERT, an entity already in the session or with an id, inserts waiting for an unresolved reference.
 */
final class DirectPersist {
  private final SessionImplementor session;
  /** Told of the statements a database sequence's generator sends for an id, which no flush point needs to replay. */
  private final FlushPoints flushPoints;
  /** The framework's persist listeners, which run before Hibernate's; null when the session's persists are not plain. */
  private final EntityEventBridge[] ownListeners;
  private final CallbackRegistry callbacks;
  /** The persister of each entity name whose persists are taken here. */
  private final Map<String, EntityPersister> plainTypes = new HashMap<>();
  /** Every entity name asked about so far, and whether its persists are taken here. */
  private final Map<String, Boolean> decided = new HashMap<>();

  DirectPersist(SessionImplementor session, FlushPoints flushPoints) {
    this.session = session;
    this.flushPoints = flushPoints;
    this.callbacks = session.getFactory().getEventEngine().getCallbackRegistry();
    // JTA delays the transaction's completion to the next session call, which Hibernate's persist runs; not done here
    boolean resourceLocal = session.getTransactionCoordinator()
        instanceof org.hibernate.resource.transaction.backend.jdbc.internal.JdbcResourceLocalTransactionCoordinatorImpl;
    this.ownListeners = resourceLocal && CommitFlush.plainInterceptor(session.getInterceptor()) ? ownListeners(session) : null;
  }

  /**
   * The persist listeners when they are the framework's own followed by Hibernate's, exactly; null when an
   * application listener is among them (or Hibernate's is not last).
   */
  private static EntityEventBridge[] ownListeners(SessionImplementor session) {
    EventListenerRegistry registry = session.getFactory().getServiceRegistry().requireService(EventListenerRegistry.class);
    List<EntityEventBridge> own = new ArrayList<>();
    boolean hibernates = false;
    for (PersistEventListener listener : registry.getEventListenerGroup(EventType.PERSIST).listeners()) {
      if (hibernates) {
        return null; // a listener after Hibernate's
      }
      if (listener.getClass() == DefaultPersistEventListener.class) {
        hibernates = true;
      } else if (listener instanceof EntityEventBridge bridge) {
        own.add(bridge);
      } else {
        return null;
      }
    }
    return hibernates ? own.toArray(new EntityEventBridge[0]) : null;
  }

  /**
   * Persists the new {@code entity} of {@code entityName} as Hibernate's persist would; false, having done nothing,
   * when Hibernate's persist must take it.
   */
  boolean persist(String entityName, Object entity) {
    if (ownListeners == null) {
      return false;
    }
    session.checkOpen();
    EntityPersister persister = plainPersister(entityName);
    if (persister == null || entity.getClass() != persister.getMappedClass()
        || session.getActionQueue().hasUnresolvedEntityInsertActions()
        || session.getPersistenceContextInternal().getEntry(entity) != null
        || persister.getIdentifier(entity, session) != null) {
      return false;
    }
    RuntimeException failure = null;
    try {
      session.getTransactionCoordinator().pulse(); // resource-local: Hibernate's pulse before a persist, nothing delayed
      persistNew(entity, persister);
    } catch (MappingException e) {
      failure = session.getExceptionConverter().convert(new IllegalArgumentException(e.getMessage(), e));
    } catch (RuntimeException e) {
      failure = session.getExceptionConverter().convert(e);
    }
    // as after Hibernate's persist: a prePersist handler may have persisted an entity with a transient reference
    if (session.getPersistenceContextInternal().getCascadeLevel() == 0) {
      try {
        session.getActionQueue().checkNoUnresolvedActionsAfterOperation();
      } catch (RuntimeException e) {
        RuntimeException converted = session.getExceptionConverter().convert(e);
        if (failure == null) {
          failure = converted;
        } else {
          failure.addSuppressed(converted);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return true;
  }

  private void persistNew(Object entity, EntityPersister persister) {
    EventSource source = (EventSource) session;
    if (ownListeners.length > 0) {
      for (EntityEventBridge listener : ownListeners) {
        listener.prePersistNew(entity); // the entity is new, not in the session and without an id: checked above
      }
      if (session.getPersistenceContextInternal().getEntry(entity) != null) {
        return; // a prePersist handler persisted it itself: Hibernate's listener would find it managed now
      }
    }
    BeforeExecutionGenerator generator = (BeforeExecutionGenerator) persister.getGenerator();
    boolean sequence = generator instanceof SequenceStyleGenerator styled
        && styled.getDatabaseStructure() instanceof SequenceStructure;
    long sentBefore = sequence ? flushPoints.statementsSent() : -1;
    Object id = generator.generate(session, entity, null, org.hibernate.generator.EventType.INSERT);
    if (sequence) {
      flushPoints.excuseSince(sentBefore); // the next values of a sequence: not taken back by a rollback
    }
    if (id == null) {
      throw new IdentifierGenerationException("Null id generated for entity '" + persister.getEntityName() + "'");
    }
    if (id == IdentifierGeneratorHelper.SHORT_CIRCUIT_INDICATOR) {
      return;
    }
    persister.setIdentifier(entity, id, session);
    callbacks.preCreate(entity);
    ManagedTypeHelper.processIfSelfDirtinessTracker(entity, SelfDirtinessTracker::$$_hibernate_clearDirtyAttributes);
    ManagedTypeHelper.processIfManagedEntity(entity, managed -> managed.$$_hibernate_setUseTracker(true));
    EntityKey key = session.generateEntityKey(id, persister);
    PersistenceContext context = session.getPersistenceContextInternal();
    Object old = context.getEntity(key);
    if (old != null) {
      EntityEntry oldEntry = context.getEntry(old);
      if (oldEntry.getStatus() != Status.DELETED) {
        throw new NonUniqueObjectException(id, persister.getEntityName());
      }
      source.forceFlush(oldEntry);
    } else if (context.containsDeletedUnloadedEntityKey(key)) {
      source.forceFlush(key);
    }
    Object[] values = persister.getPropertyValuesToInsert(entity, null, session);
    if (persister.isVersioned() && Versioning.seedVersion(entity, values, persister, session)) {
      persister.setValues(entity, values);
    }
    TypeHelper.deepCopy(values, persister.getPropertyTypes(), persister.getPropertyUpdateability(), values, session);
    EntityInsertAction insert = new PlainInsertAction(id, values, entity, Versioning.getVersion(values, persister),
        persister, source, key);
    session.getActionQueue().addAction(insert); // the entity managed by its entry; the INSERT waits for a flush
  }

  /**
   * Hibernate's insert action for an entity of a plain type. Before queuing an insert, Hibernate looks through the
   * entity's state for references to transient entities that a non-null column needs written first, looking the
   * persister up again by name for every entity; a plain type's attributes are basic columns, among which there is
   * no such reference, so there is nothing to find. The entity's key, which the persist made to look for another
   * entity with the same id, is the action's too, not made again when the entity is made managed. Everything else
   * is Hibernate's action as it is.
   */
  static final class PlainInsertAction extends EntityInsertAction {
    private final EntityKey key;

    PlainInsertAction(Object id, Object[] state, Object entity, Object version, EntityPersister persister,
        EventSource session, EntityKey key) {
      super(id, state, entity, version, persister, false, session);
      this.key = key;
    }

    @Override
    protected EntityKey getEntityKey() {
      return key;
    }

    @Override
    public org.hibernate.engine.internal.NonNullableTransientDependencies findNonNullableTransientEntities() {
      return null;
    }
  }

  /** The persister of {@code entityName} when its persists are taken here, else null; decided once per name. */
  private EntityPersister plainPersister(String entityName) {
    EntityPersister persister = plainTypes.get(entityName);
    if (persister != null || decided.containsKey(entityName)) {
      return persister;
    }
    EntityPersister found = session.getFactory().getMappingMetamodel().findEntityDescriptor(entityName);
    boolean plain = found != null && plain(found);
    decided.put(entityName, plain);
    if (plain) {
      plainTypes.put(entityName, found);
      return found;
    }
    return null;
  }

  private static boolean plain(EntityPersister persister) {
    Generator generator = persister.getGenerator();
    return PlainTable.of(persister) != null && generator instanceof BeforeExecutionGenerator && !(generator instanceof Assigned)
        && generator.generatesOnInsert() && !generator.generatedOnExecution() && !persister.implementsLifecycle()
        && !persister.hasCascades() && !PersistentAttributeInterceptable.class.isAssignableFrom(persister.getMappedClass());
  }
}
