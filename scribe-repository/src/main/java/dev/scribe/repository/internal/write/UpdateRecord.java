package dev.scribe.repository.internal.write;

import dev.scribe.core.Change;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.UnitState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Updates one record: found by id (locked when the caller states no version), its params bound, and its
 * UPDATE sent before the next record — flushing only its own entity when the params set basic fields
 * alone, so a batch stays linear. {@code changes} follow the params: the caller's proposal at
 * {@code preUpdate}, what the pre handlers left from {@code validateUpdate} on, the actual changes after binding.
 */
final class UpdateRecord<E> implements RecordWrite<E> {
  /** Marks a to-many attribute whose ids a snapshot did not read. */
  private static final Object UNTOUCHED = new Object();

  private final WriteCall<E> call;
  private final Writes<E, ?> writes;
  private final EntityModel<E> model;
  private final ExistingRecords<E> existing;
  /** The loaded record's values before its handlers ran, put back when the batch refuses it. */
  private final PristineValues<E> pristine;
  /**
   * The record being written as it was loaded, before any handler could change the entity: the published
   * event's old values. Records run one at a time (prepare, handlers, write), so one field serves them all.
   */
  private Map<String, Object> loaded;
  /** What the current record's proposed changes were computed from, to tell whether its pre handlers changed it. */
  private final ProposedFrom proposedFrom = new ProposedFrom();

  UpdateRecord(WriteCall<E> call) {
    this.call = call;
    this.writes = call.writes;
    this.model = writes.model;
    this.existing = new ExistingRecords<>(call);
    this.pristine = new PristineValues<>(model);
  }

  @Override
  public void prepare(EventArgs record, Object input) {
    Map<String, Object> params = call.paramsOf(input, record.index());
    Object rawId;
    Object expected;
    if (call.single) {
      rawId = call.singleId;
      expected = call.options.expectedVersion();
    } else {
      rawId = params.remove(model.id().name());
      if (rawId == null) {
        throw Veto.builder().status(400)
            .message("record " + record.index() + " has no " + model.id().name()
                + "; each record of an update batch needs the " + model.id().name() + " of the "
                + model.displayName() + " to update")
            .field(model.id().name(), "is required in an update batch")
            .build();
      }
      expected = model.version() == null ? null : params.remove(model.version().name());
    }
    Object id = existing.convertId(rawId);
    existing.requireNamedOnce(id, record);
    E entity = expected == null && call.lockOnUpdate ? existing.loadForUpdate(id, record) : existing.load(id, record);
    existing.checkVersion(entity, id, expected);
    call.unit.writable(entity);
    loaded = StoreAccess.publishing(writes.store) ? model.toMap(entity) : null;
    existing.prepared(entity, id);
    pristine.remember(entity);
    record.put(EventArgs.ID, id);
    record.put(EventArgs.ENTITY, entity);
    call.rememberCallerKeys(params);
    keepOnReplace(entity, params);
    record.put(EventArgs.PARAMS, params);
    Map<String, Change> proposed = proposedChanges(entity, params, proposedFrom);
    record.put(EventArgs.CHANGES, proposed);
    proposedFrom.computed(entity, params, proposed);
  }

  /**
   * A replacing update resets what its params do not name, but not the attributes its caller could not see or
   * write (option {@code keptOnReplace}, and the hidden fields): their current values go into the params.
   */
  private void keepOnReplace(E entity, Map<String, Object> params) {
    for (String name : call.keptOnReplace) {
      EntityAttribute attribute = model.attributeOrNull(name);
      if (attribute == null || !attribute.settable() || attribute.kind() == AttributeKind.TO_MANY
          || params.containsKey(name)) {
        continue;
      }
      Object value = attribute.read(entity);
      if (attribute.kind() == AttributeKind.TO_ONE && value != null) {
        value = model.modelOf(attribute).idOf(value);
      }
      params.put(name, value);
    }
  }

  @Override
  public void dropped(int index, Object input) {
    if (input instanceof Map) {
      existing.namedBy(((Map<?, ?>) input).get(model.id().name()), index);
    }
  }

  @Override
  public void batchStarted(List<?> records) {
    existing.batchStarted(records);
  }

  @Override
  public void afterPreHandlers(EventArgs record) {
    Map<String, Object> params = record.params();
    if (params == null) {
      return;
    }
    Object entity = record.get(EventArgs.ENTITY);
    if (proposedFrom.unchanged(entity, params, record.get(EventArgs.CHANGES))) {
      return; // the same params, entity values and changes as prepare's: computing them again gives the same
    }
    // what validate and verify handlers judge is what the pre handlers left in the params
    record.put(EventArgs.CHANGES, proposedChanges(record.entity(model.type()), params, null));
  }

  @Override
  public Veto check(EventArgs record) {
    Map<String, Object> params = record.params();
    return call.checked(params, StoreAccess.paramsCheck(writes.store).check(model, record.entity(model.type()), params,
        call.options.replace(), call.rejectUnknown, call.callerKeys, call.hiddenFields, call.checkTargets(),
        false));
  }

  @Override
  public void refused(EventArgs record) {
    pristine.restore();
  }

  @Override
  public E write(EventArgs record) {
    pristine.forget();
    UnitState unit = call.unit;
    RecordBinding binding = call.binding();
    E entity = existing.unreplaced(record);
    unit.written(entity); // from here a flush before a query sends it as it is (see ScopedAutoFlush)
    Object readVersion = model.versionOf(entity);
    Object[] before = snapshot(entity, record.params().keySet());
    Map<String, Object> loaded = this.loaded;
    this.loaded = null;
    EventArgs entityArgs = call.entityHandlers ? record.withSelf(entity) : null;
    if (entityArgs != null) {
      unit.register(entity, entityArgs);
    }
    StoreAccess.binder(writes.store).bind(model, entity, record.params(), call.options.replace(), binding);
    Map<String, Change> changes = changes(before, snapshot(entity, record.params().keySet()));
    record.put(EventArgs.CHANGES, changes);
    if (entityArgs != null) {
      entityArgs.put(EventArgs.CHANGES, changes);
    }
    existing.flush(entity, readVersion, touchesAssociations(record.params()));
    binding.runDeferred();
    settleNewIds(entity, changes);
    Object id = record.id();
    if (StoreAccess.publishing(writes.store)) {
      unit.publishLater(() -> {
        Map<String, Object> now = model.toMap(entity);
        // an update that changed nothing wrote nothing (no UPDATE, the same version): there is nothing to publish
        return changes.isEmpty() && now.equals(loaded) ? null
            : ValueAccess.updated(model.type(), model.name(), id, now, changes, loaded);
      });
    }
    return entity;
  }

  /** True when the params set an association, whose binding may change other entities than the record's. */
  private boolean touchesAssociations(Map<String, Object> params) {
    for (String name : params.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(name);
      if (attribute == null || attribute.kind() != AttributeKind.BASIC) {
        return true;
      }
    }
    return false;
  }

  /** Field → old and proposed new value, from the params before binding (read by key: no entry objects). */
  private Map<String, Change> proposedChanges(E entity, Map<String, Object> params, ProposedFrom from) {
    Map<String, Change> changes = new LinkedHashMap<>();
    if (from != null) {
      from.clear();
    }
    for (String key : params.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null || !attribute.settable()) {
        continue;
      }
      Object value = params.get(key);
      Object old;
      Object proposed;
      if (attribute.kind() == AttributeKind.BASIC) {
        old = attribute.read(entity);
        if (from != null) {
          from.read(attribute, old);
        }
        proposed = converted(value, attribute.javaType());
      } else if (attribute.kind() == AttributeKind.TO_ONE) {
        // by id, as after binding; a nested record without an id has none to propose yet
        EntityModel<?> target = model.modelOf(attribute);
        Object reference = value instanceof Map ? ((Map<?, ?>) value).get(target.id().name()) : value;
        if (value instanceof Map && reference == null) {
          continue;
        }
        Object associated = attribute.read(entity);
        if (from != null) {
          from.read(attribute, associated);
        }
        old = associated == null ? null : target.idOf(associated);
        proposed = converted(reference, target.id().javaType());
      } else {
        continue;
      }
      if (!Objects.equals(old, proposed)) {
        changes.put(attribute.name(), new Change(old, proposed));
      }
    }
    return changes;
  }

  /** {@code value} as {@code type}, or as it is when it does not convert (the check refuses it later). */
  private static Object converted(Object value, Class<?> type) {
    try {
      return ValueConverter.convert(value, type);
    } catch (ValueConverter.ConversionException e) {
      return value;
    }
  }

  /**
   * Basic values and to-one ids of every attribute, and to-many ids of the ones named in params, by the
   * attribute's position; {@link #UNTOUCHED} for a to-many attribute the params do not name.
   */
  private Object[] snapshot(E entity, Collection<String> touched) {
    List<EntityAttribute> attributes = model.attributes();
    Object[] values = new Object[attributes.size()];
    for (int i = 0; i < values.length; i++) {
      EntityAttribute attribute = attributes.get(i);
      switch (attribute.kind()) {
        case BASIC:
          values[i] = attribute.read(entity);
          break;
        case TO_ONE: {
          Object associated = attribute.read(entity);
          values[i] = associated == null ? null : model.modelOf(attribute).idOf(associated);
          break;
        }
        default:
          if (touched.contains(attribute.name())) {
            List<Object> ids = new ArrayList<>();
            Collection<?> collection = (Collection<?>) attribute.read(entity);
            if (collection != null) {
              EntityModel<?> target = model.modelOf(attribute);
              for (Object element : collection) {
                ids.add(target.idOf(element));
              }
            }
            values[i] = ids;
          } else {
            values[i] = UNTOUCHED;
          }
      }
    }
    return values;
  }

  /**
   * Gives the to-many changes the ids of the children the binding added: a child bound without a repository of
   * its own is persisted by cascade at the flush that follows the binding, so the snapshot taken right after the
   * binding saw it without an id ({@code subtasks: [1] -> [null]}), and post handlers and the after-commit event
   * would have kept that. Replaced in the same map, which the record's and the entity's args share. An entity
   * without associations has no to-many changes: its changes are not walked (asking a text or a number whether it
   * is a {@code List}, an interface it does not have, scans all of its class's interfaces on Java 17).
   */
  private void settleNewIds(E entity, Map<String, Change> changes) {
    if (!model.hasAssociations()) {
      return;
    }
    for (Map.Entry<String, Change> change : changes.entrySet()) {
      if (change.getValue().newValue() instanceof List<?> ids && ids.contains(null)) {
        EntityAttribute attribute = model.attribute(change.getKey());
        List<Object> settled = new ArrayList<>();
        Collection<?> collection = (Collection<?>) attribute.read(entity);
        if (collection != null) {
          EntityModel<?> target = model.modelOf(attribute);
          for (Object element : collection) {
            settled.add(target.idOf(element));
          }
        }
        change.setValue(new Change(change.getValue().oldValue(), settled));
      }
    }
  }

  /** The attributes whose values differ between the snapshots, in the attributes' order. */
  private Map<String, Change> changes(Object[] before, Object[] after) {
    Map<String, Change> changes = new LinkedHashMap<>();
    List<EntityAttribute> attributes = model.attributes();
    for (int i = 0; i < after.length; i++) {
      Object now = after[i];
      if (now == UNTOUCHED) {
        continue;
      }
      Object old = before[i] == UNTOUCHED ? null : before[i];
      if (!Objects.equals(old, now)) {
        changes.put(attributes.get(i).name(), new Change(old, now));
      }
    }
    return changes;
  }
}
