package dev.scribe.repository.internal.write;

import dev.scribe.entity.internal.BindContext;
import dev.scribe.entity.internal.EntityEventContext;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceUnitUtil;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link BindContext} of a call's records, one at a time: its unit of work, its options, its nested
 * writers, and the work deferred until the current record's entity was persisted.
 */
final class RecordBinding implements BindContext {
  private final DataStore store;
  private final UnitState unit;
  private final boolean rejectUnknownFields;
  private final String path;
  /** The call, whose caller keys are the current record's. */
  private final WriteCall<?> call;
  private List<Runnable> deferred;

  RecordBinding(DataStore store, UnitState unit, boolean rejectUnknownFields, String path, WriteCall<?> call) {
    this.store = store;
    this.unit = unit;
    this.rejectUnknownFields = rejectUnknownFields;
    this.path = path;
    this.call = call;
  }

  /** Forgets what an earlier record, refused while it was bound, left deferred. */
  void startRecord() {
    if (deferred != null) {
      deferred.clear();
    }
  }

  @Override
  public Set<String> callerKeys() {
    return call.callerKeys;
  }

  @Override
  public boolean keysChecked(Map<String, Object> params) {
    return call.keysChecked(params);
  }

  @Override
  public EntityManager entityManager() {
    return unit.entityManager();
  }

  /** An association's target, looked up inside the caller's row scope: a row out of scope does not exist. */
  @Override
  public Object find(Class<?> type, Object id) {
    Map<Object, Object> ofType = checked.get(type);
    Object found = ofType == null ? null : ofType.remove(id);
    // what the record's check found is still the row, unless a handler since removed it from the session
    return found != null && unit.entityManager().contains(found) ? found : find(store, unit, type, id);
  }

  /**
   * The targets the params check of the current record found, by type and id: its binding takes them from here
   * rather than asking the row scope again, so that {@code scopeQuery} fires once for each.
   */
  private final Map<Class<?>, Map<Object, Object>> checked = new HashMap<>();

  /**
   * How the params check of the current record finds the targets its associations name: as the binding does,
   * inside the caller's row scope, so that a row out of scope is refused there as a missing one is, before any
   * verify handler runs for either. Found with the entity manager alone, a row out of scope passed the check,
   * the verify handlers ran and could refuse the write otherwise (a 409), and only the binding then said the row
   * did not exist: which answer came told whether another caller's record existed.
   */
  ParamsCheck.Targets checkTargets() {
    checked.clear();
    return (type, id) -> {
      Object found = find(store, unit, type, id);
      if (found != null) {
        checked.computeIfAbsent(type, t -> new HashMap<>()).put(id, found);
      }
      return found;
    };
  }

  private static Object find(DataStore store, UnitState unit, Class<?> type, Object id) {
    Repository<?, ?> repository = StoreAccess.repositoryOrNull(store, type);
    return repository == null ? unit.entityManager().find(type, id) : RepositoryAccess.lookupInScope(repository, id);
  }

  /**
   * The records among {@code entities} outside the caller's row scope, asked of their repository in one query
   * ({@code scopeQuery} with the path {@code <name>.find}, as for an association's target); none without one.
   */
  @Override
  public Set<Object> outOfScope(Class<?> type, Collection<Object> entities) {
    Repository<?, ?> repository = StoreAccess.repositoryOrNull(store, type);
    if (repository == null) {
      return Set.of();
    }
    PersistenceUnitUtil util = unit.entityManager().getEntityManagerFactory().getPersistenceUnitUtil();
    Map<Object, Object> byId = new HashMap<>();
    for (Object entity : entities) {
      Object id = util.getIdentifier(entity);
      if (id != null) {
        byId.put(id, entity);
      }
    }
    Set<?> visible = repository.idsInScope(byId.keySet(),
        CallOptions.builder().path(repository.name() + ".find").build());
    Set<Object> unseen = Collections.newSetFromMap(new IdentityHashMap<>());
    byId.forEach((id, entity) -> {
      if (!visible.contains(id)) {
        unseen.add(entity);
      }
    });
    return unseen;
  }

  @Override
  public void relinking(Class<?> type, String field) {
    RuntimeException refusal = unit.relinkRefusal(type, field);
    if (refusal != null) {
      throw refusal;
    }
  }

  @Override
  public void removing(Class<?> type, String field) {
    RuntimeException refusal = unit.removalRefusal(type, field);
    if (refusal != null) {
      throw refusal;
    }
  }

  @Override
  public EntityEventContext events() {
    return unit.entities();
  }

  @Override
  public boolean rejectUnknownFields() {
    return rejectUnknownFields;
  }

  @Override
  public NestedWriter writer(Class<?> type) {
    Repository<?, ?> repository = StoreAccess.repositoryOrNull(store, type);
    if (repository == null) {
      return null;
    }
    String prefix = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : path;
    return new NestedWriter() {
      @Override
      public Object create(Map<String, Object> params, Map<String, Object> presets) {
        CallOptions options = CallOptions.builder().path(prefix + "." + repository.name() + ".create").build();
        return RepositoryAccess.writes(repository).createNested(params, presets, options);
      }

      @Override
      public Object update(Object id, Map<String, Object> params) {
        CallOptions options = CallOptions.builder().path(prefix + "." + repository.name() + ".update").build();
        return RepositoryAccess.writes(repository).updateNested(id, params, options);
      }

      @Override
      public void delete(Object id) {
        CallOptions options = CallOptions.builder().path(prefix + "." + repository.name() + ".delete").build();
        RepositoryAccess.writes(repository).deleteNested(id, options);
      }
    };
  }

  @Override
  public void renamed(RuntimeException original, RuntimeException renamed) {
    unit.replaceFailure(original, renamed);
  }

  @Override
  public void childRefused(dev.scribe.core.Veto refusal) {
    unit.nestedRefusal(refusal);
  }

  @Override
  public void afterInsert(Runnable work) {
    if (deferred == null) {
      deferred = new ArrayList<>();
    }
    deferred.add(work);
  }

  /**
   * Runs the work deferred until the record's entity was persisted; what it persisted is inserted at the
   * next flush point (at once when the unit writes one record at a time).
   */
  void runDeferred() {
    if (deferred == null || deferred.isEmpty()) {
      return;
    }
    for (int i = 0; i < deferred.size(); i++) {
      deferred.get(i).run();
    }
    deferred.clear();
    if (unit.writesOneAtATime()) {
      unit.flushPoints().sendInserts();
    }
  }
}
