package dev.scribe.repository.internal.unit;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import org.hibernate.type.EntityType;
import org.hibernate.type.Type;

/**
 * On H2, keeps a row and the rows that refer to it apart while their units of work run, as PostgreSQL's
 * foreign keys do with the row lock an insert takes on the row it refers to. H2 checks a foreign key only
 * against committed rows and the unit's own: a unit that inserts a subtask of task 7 while another deletes
 * task 7 both pass their checks, and the subtask is left referring to nothing. Here a unit takes the key
 * lock of a row ({@code row:<root entity>}, its id) before it deletes the row, and before it inserts a row
 * that refers to it or changes a reference to point at it; the second unit waits for the first to end, and
 * its own statement then sees the first one's row and is refused (409), or finds nothing left to refuse.
 * The lock of a deleted row is taken again early, when a repository delete loads its record
 * ({@link #lockRow}), so that its verify handlers already see the rows that refer to it.
 */
public final class ReferenceLocks implements PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {
  private static final long serialVersionUID = 1L;
  private static final int[] NONE = new int[0];

  private final transient Supplier<UnitState> units;
  /** The positions of each entity's to-one references in its state arrays. */
  private final transient Map<String, int[]> references = new ConcurrentHashMap<>();

  private ReferenceLocks(Supplier<UnitState> units) {
    this.units = units;
  }

  public static void install(SessionFactoryImplementor factory, Supplier<UnitState> units) {
    ReferenceLocks locks = new ReferenceLocks(units);
    EventListenerRegistry registry = factory.getServiceRegistry().requireService(EventListenerRegistry.class);
    registry.appendListeners(EventType.PRE_INSERT, locks);
    registry.appendListeners(EventType.PRE_UPDATE, locks);
    registry.appendListeners(EventType.PRE_DELETE, locks);
  }

  /** Takes the lock of the row {@code id} of {@code rootEntityName} for {@code unit}, to delete it. */
  public static void lockRow(UnitState unit, String rootEntityName, Object id) {
    unit.lock("row:" + rootEntityName, id);
  }

  @Override
  public boolean onPreInsert(PreInsertEvent event) {
    UnitState unit = unitOf(event.getSession());
    if (unit != null) {
      lockReferenced(unit, event.getPersister(), event.getState(), null, event.getSession());
    }
    return false;
  }

  @Override
  public boolean onPreUpdate(PreUpdateEvent event) {
    UnitState unit = unitOf(event.getSession());
    if (unit != null) {
      lockReferenced(unit, event.getPersister(), event.getState(), event.getOldState(), event.getSession());
    }
    return false;
  }

  @Override
  public boolean onPreDelete(PreDeleteEvent event) {
    UnitState unit = unitOf(event.getSession());
    if (unit != null && event.getId() != null) {
      lockRow(unit, event.getPersister().getRootEntityName(), event.getId());
    }
    return false;
  }

  private UnitState unitOf(SharedSessionContractImplementor session) {
    UnitState unit = units.get();
    return unit != null && unit.session() == session ? unit : null;
  }

  /** Locks each row {@code state} refers to, but for references an update leaves as they were. */
  private void lockReferenced(UnitState unit, EntityPersister persister, Object[] state, Object[] oldState,
      SharedSessionContractImplementor session) {
    int[] positions = references.computeIfAbsent(persister.getEntityName(), name -> positions(persister));
    for (int position : positions) {
      Object referenced = state[position];
      if (referenced == null) {
        continue;
      }
      EntityType type = (EntityType) persister.getPropertyTypes()[position];
      EntityPersister target = session.getFactory().getMappingMetamodel().getEntityDescriptor(type.getAssociatedEntityName());
      Object id = idOf(referenced, target, session);
      if (id == null) {
        continue; // a new row of this flush: no other unit can delete it
      }
      if (oldState != null && oldState[position] != null
          && Objects.equals(id, idOf(oldState[position], target, session))) {
        continue;
      }
      lockRow(unit, target.getRootEntityName(), id);
    }
  }

  private static Object idOf(Object referenced, EntityPersister target, SharedSessionContractImplementor session) {
    LazyInitializer lazy = HibernateProxy.extractLazyInitializer(referenced);
    if (lazy != null) {
      return lazy.getInternalIdentifier();
    }
    return target.getIdentifier(referenced, session);
  }

  private static int[] positions(EntityPersister persister) {
    Type[] types = persister.getPropertyTypes();
    int count = 0;
    int[] found = new int[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i].isEntityType() && !types[i].isCollectionType()) {
        found[count++] = i;
      }
    }
    return count == 0 ? NONE : java.util.Arrays.copyOf(found, count);
  }
}
