package dev.scribe.controller.internal.view;

import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.UnitOfWork;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records one response embeds with {@code with}, kept to those inside the row scope of their own
 * entity's repository: a record the caller could not read at its own route is left out of an embedded
 * list, and an embedded to-one outside the scope is {@code null}, as if unset — answered the same whether
 * it exists or not. For the records of one answer (a page, a batch, one record) each association costs at
 * most two queries, whatever the number of records: one that loads the association of every record not
 * loaded yet (a fetch join), one that asks the target's row scope about all the embedded ids at once
 * (none when the target's repository has no {@code scopeQuery} restriction for the caller).
 */
public final class Embeds {
  /** Embeds nothing: every embedded record is shown. */
  static final Embeds NONE = new Embeds(Map.of());

  /** association → ids of the embedded records inside the target's scope; an absent association is unrestricted. */
  private final Map<String, Set<Object>> admitted;

  private Embeds(Map<String, Set<Object>> admitted) {
    this.admitted = admitted;
  }

  /** The scope of the {@code with} associations of {@code entities}, read for the caller of {@code call}. */
  static <E> Embeds of(EntityModel<E> model, Collection<E> entities, Set<String> with, ActionCall call, DataStore store) {
    if (with.isEmpty() || entities.isEmpty()) {
      return NONE;
    }
    Map<String, Set<Object>> admitted = new HashMap<>();
    for (String name : with) {
      EntityAttribute attribute = model.attributeOrNull(name);
      if (attribute == null || !attribute.isAssociation()) {
        continue; // toMap answers it with a 400
      }
      EntityModel<?> target = model.modelOf(attribute);
      Repository<?, ?> repository = store.findRepository(target.type()).orElse(null);
      if (entities.size() > 1) {
        fetch(model, entities, attribute, store);
      }
      if (repository == null) {
        continue;
      }
      List<Object> ids = targetIds(entities, attribute, target);
      CallOptions options = CallOptions.builder().path(repository.name() + ".embed").user(call.request.user()).build();
      admitted.put(name, new java.util.HashSet<>(repository.idsInScope(ids, options)));
    }
    return new Embeds(admitted);
  }

  /**
   * {@code embedded} (the map of an embedded to-one, or the list of maps of a to-many) without the records
   * outside the target's scope: a to-one becomes null, a list loses them.
   */
  Object keep(String association, Object embedded, String targetIdName) {
    Set<Object> ids = admitted.get(association);
    if (ids == null || embedded == null) {
      return embedded;
    }
    if (embedded instanceof Map) {
      return ids.contains(((Map<?, ?>) embedded).get(targetIdName)) ? embedded : null;
    }
    if (embedded instanceof List) {
      for (Iterator<?> records = ((List<?>) embedded).iterator(); records.hasNext(); ) {
        Object record = records.next();
        if (!(record instanceof Map) || !ids.contains(((Map<?, ?>) record).get(targetIdName))) {
          records.remove();
        }
      }
    }
    return embedded;
  }

  /** The ids of the records {@code attribute} points at from {@code entities}. */
  private static <E> List<Object> targetIds(Collection<E> entities, EntityAttribute attribute, EntityModel<?> target) {
    List<Object> ids = new ArrayList<>();
    for (E entity : entities) {
      Object value = attribute.read(entity);
      if (value == null) {
        continue;
      }
      if (attribute.kind() == AttributeKind.TO_MANY) {
        for (Object element : (Collection<?>) value) {
          ids.add(idOf(target, element));
        }
      } else {
        ids.add(idOf(target, value));
      }
    }
    return ids;
  }

  private static Object idOf(EntityModel<?> target, Object record) {
    return target.idOf(record);
  }

  /**
   * Loads {@code attribute} of every entity whose association is not loaded yet, in one query with a fetch
   * join, instead of one query per entity when each is rendered.
   */
  private static <E> void fetch(EntityModel<E> model, Collection<E> entities, EntityAttribute attribute, DataStore store) {
    UnitOfWork unit = store.currentUnitOfWork().orElse(null);
    if (unit == null) {
      return;
    }
    EntityManager entityManager = unit.entityManager();
    PersistenceUnitUtil loaded = entityManager.getEntityManagerFactory().getPersistenceUnitUtil();
    List<Object> ids = new ArrayList<>();
    for (E entity : entities) {
      if (entityManager.contains(entity) && !loaded.isLoaded(entity, attribute.name())) {
        ids.add(model.idOf(entity));
      }
    }
    if (ids.size() < 2) {
      return;
    }
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<E> criteria = cb.createQuery(model.type());
    Root<E> root = criteria.from(model.type());
    root.fetch(attribute.name(), jakarta.persistence.criteria.JoinType.LEFT);
    criteria.select(root).distinct(true).where(root.get(model.id().name()).in(ids));
    entityManager.createQuery(criteria).getResultList();
  }
}
