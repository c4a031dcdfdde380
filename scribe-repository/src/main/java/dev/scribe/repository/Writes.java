package dev.scribe.repository;

import dev.scribe.core.Change;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import dev.scribe.entity.internal.ValueConverter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Runs the create, update and delete calls of one repository: the batch loop, the firing order, the
 * collection of refusals, and the database writes of each record.
 */
final class Writes<E, ID> {
  private final Repository<E, ID> repository;
  private final DataStore store;
  private final EventManager events;
  private final EntityModel<E> model;
  private final Reads<E, ID> reads;
  /** False when no entity class of the store has a guarded attribute, so the caller's keys never matter. */
  private final boolean guardedAnywhere;
  /** Hibernate's name for the entity, so a persist does not make Hibernate guess it from the instance. */
  private final String entityName;

  Writes(Repository<E, ID> repository, DataStore store, EventManager events, EntityModel<E> model) {
    this.repository = repository;
    this.store = store;
    this.events = events;
    this.model = model;
    this.reads = new Reads<>(repository, store, events, model);
    this.guardedAnywhere = hasGuardedAttributes(store);
    this.entityName = store.sessionFactory().unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
        .getEntityDescriptor(model.type()).getEntityName();
  }

  private static boolean hasGuardedAttributes(DataStore store) {
    for (Class<?> type : store.entities().types()) {
      if (store.entities().model(type).hasGuardedAttributes()) {
        return true;
      }
    }
    return false;
  }

  Reads<E, ID> reads() {
    return reads;
  }

  BatchResult<E> create(List<?> inputs, CallOptions options, boolean single, Map<String, Object> presets) {
    return run(Operation.CREATE, inputs, null, options, single, presets);
  }

  BatchResult<E> update(List<?> inputs, Object id, CallOptions options, boolean single) {
    return run(Operation.UPDATE, inputs, id, options, single, Map.of());
  }

  BatchResult<E> delete(List<?> ids, CallOptions options, boolean single) {
    return run(Operation.DELETE, ids, null, options, single, Map.of());
  }

  Object createNested(Map<String, Object> params, Map<String, Object> presets, CallOptions options) {
    List<E> items = create(List.of(params), options, true, presets).items();
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  Object updateNested(Object id, Map<String, Object> params, CallOptions options) {
    List<E> items = update(List.of(params), id, options, true).items();
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  private BatchResult<E> run(Operation op, List<?> inputs, Object singleId, CallOptions options, boolean single,
      Map<String, Object> presets) {
    String path = options.path() != null ? options.path() : repository.name() + "." + op.verb;
    // Repeatable from the inputs, so a top-level call can run again to find the record a constraint refused.
    return store.retrying(0, () -> store.inTransaction(() -> {
      UnitOfWork unit = store.requireUnit();
      Options effective = repository.effectiveOptions(path, options);
      Call call = new Call(op, unit, options, single, presets, singleId, path, effective);
      return call.run(inputs);
    }));
  }

  /** The state of one top-level or nested call. */
  private final class Call {
    final Operation op;
    final UnitOfWork unit;
    final CallOptions options;
    final boolean single;
    final Map<String, Object> presets;
    final Object singleId;
    final String path;
    final boolean ignoreErrors;
    final boolean rejectUnknown;
    /** Unconditional updates lock their row when they load it (option {@code lockOnUpdate}, default true). */
    final boolean lockOnUpdate;
    final EventArgs args;
    final boolean entityHandlers;
    Veto firstRefusal;
    /** The params keys of the record being handled as the caller sent them, before any handler ran. */
    Set<String> callerKeys;

    Call(Operation op, UnitOfWork unit, CallOptions options, boolean single, Map<String, Object> presets,
        Object singleId, String path, Options effective) {
      this.op = op;
      this.unit = unit;
      this.options = options;
      this.single = single;
      this.presets = presets;
      this.singleId = singleId;
      this.path = path;
      this.ignoreErrors = !single && (options.ignoreErrors() != null ? options.ignoreErrors()
          : effective.bool("ignoreErrors", false));
      this.rejectUnknown = effective.bool("rejectUnknownFields", true);
      this.lockOnUpdate = effective.bool("lockOnUpdate", true);
      this.args = repository.callArgs(path, options, effective);
      this.entityHandlers = hasEntityHandlers();
      if (unit.trace() != null) {
        args.put(EventArgs.TRACE, unit.trace());
      }
    }

    BatchResult<E> run(List<?> inputs) {
      List<Object> results = new ArrayList<>();
      args.put(EventArgs.PARAMS, new ArrayList<>(inputs));
      args.put(EventArgs.RESULTS, results);
      events.fire(RepositoryTier.PRE_START, args);
      events.fire(op.preBatch, args);
      List<?> records = recordsAfterBatchEvent();
      List<Veto.RecordError> failures = new ArrayList<>();
      Object last = null;
      for (int index = 0; index < records.size(); index++) {
        EventArgs record = args.copy(); // a frame: shares the batch's args, keeps its own per-record keys
        record.put(EventArgs.INDEX, index);
        record.put(EventArgs.LAST_RESULT, last);
        unit.enterRecord(record);
        try {
          last = runRecord(record, records.get(index), failures, last);
        } finally {
          unit.leaveRecord();
        }
      }
      if (!failures.isEmpty()) {
        if (single) {
          throw firstRefusal;
        }
        if (!ignoreErrors) {
          throw Veto.ofRecords(failures);
        }
      }
      args.put(EventArgs.LAST_RESULT, last);
      events.fire(op.postBatch, args);
      events.fire(RepositoryTier.PRE_STOP, args);
      return new BatchResult<>(itemsOf(args.results()), failures);
    }

    /** True when the entity class has a handler for any entity event, so its events need args. */
    private boolean hasEntityHandlers() {
      EventManager entityEvents = store.entities().events(model.type());
      if (entityEvents == null) {
        return false;
      }
      for (dev.scribe.core.Event event : EntityTier.TIER.events()) {
        if (entityEvents.hasHandlers(event)) {
          return true;
        }
      }
      return false;
    }

    /** Runs one record of the batch; returns the result the next record sees as {@code lastResult}. */
    private Object runRecord(EventArgs record, Object input, List<Veto.RecordError> failures, Object last) {
      Veto refusal = prepareAndCheck(record, input);
      if (refusal != null) {
        failures.add(Veto.RecordError.of(record.index(), refusal));
        if (firstRefusal == null) {
          firstRefusal = refusal;
        }
        return last;
      }
      if (!failures.isEmpty() && !ignoreErrors) {
        return last;
      }
      E entity;
      try {
        entity = write(record);
      } catch (RuntimeException e) {
        throw attributed(e, record);
      }
      List<Object> shared = record.results();
      record.put(EventArgs.LAST_RESULT, entity);
      if (shared != null) {
        shared.add(entity);
      }
      events.fire(op.processResults, record);
      Object result = record.lastResult();
      if (result != entity && shared != null && !shared.isEmpty() && shared.get(shared.size() - 1) == entity) {
        shared.set(shared.size() - 1, result);
      }
      events.fire(op.post, record);
      if (op.saves) {
        events.fire(RepositoryTier.POST_SAVE, record);
      }
      return result;
    }

    private List<?> recordsAfterBatchEvent() {
      Object value = args.get(EventArgs.PARAMS);
      if (!(value instanceof List)) {
        throw new IllegalStateException("a " + op.preBatch.name() + " handler of " + repository.getClass().getSimpleName()
            + " replaced params with " + (value == null ? "null" : "a " + value.getClass().getName())
            + "; a batch's params must stay a list");
      }
      return (List<?>) value;
    }

    @SuppressWarnings("unchecked")
    private List<E> itemsOf(List<Object> results) {
      return results == null ? List.of() : (List<E>) (List<?>) results;
    }

    /** Runs the record's pre, validate and verify events; returns its refusal, or null to write it. */
    private Veto prepareAndCheck(EventArgs record, Object input) {
      try {
        prepare(record, input);
      } catch (Veto veto) {
        return veto;
      }
      events.fire(op.pre, record);
      if (op.saves) {
        events.fire(RepositoryTier.PRE_SAVE, record);
      }
      if (op == Operation.UPDATE && record.params() != null) {
        // what validate and verify handlers judge is what the pre handlers left in the params
        record.put(EventArgs.CHANGES, proposedChanges(record.entity(model.type()), record.params()));
      }
      Veto refusal = null;
      try {
        events.fire(op.validate, record);
        if (op.saves) {
          events.fire(RepositoryTier.VALIDATE_SAVE, record);
        }
      } catch (Veto veto) {
        refusal = veto;
      }
      refusal = combine(refusal, check(record));
      if (refusal != null) {
        return refusal;
      }
      try {
        events.fire(op.verify, record);
        if (op.saves) {
          events.fire(RepositoryTier.VERIFY_SAVE, record);
        }
      } catch (Veto veto) {
        return veto;
      }
      return null;
    }

    @SuppressWarnings("unchecked")
    private void prepare(EventArgs record, Object input) {
      switch (op) {
        case CREATE: {
          Map<String, Object> params = paramsOf(input, record.index());
          callerKeys = callerKeysOf(params);
          record.put(EventArgs.PARAMS, params);
          break;
        }
        case UPDATE: {
          Map<String, Object> params = paramsOf(input, record.index());
          Object rawId;
          Object expected;
          if (single) {
            rawId = singleId;
            expected = options.expectedVersion();
          } else {
            rawId = params.remove(model.id().name());
            if (rawId == null) {
              throw Veto.builder().status(400)
                  .message("record " + record.index() + " has no " + model.id().name() + "; each record of an update batch needs the "
                      + model.id().name() + " of the " + model.displayName() + " to update")
                  .field(model.id().name(), "is required in an update batch")
                  .build();
            }
            expected = model.version() == null ? null : params.remove(model.version().name());
          }
          Object id = convertId(rawId);
          E entity = expected == null && lockOnUpdate ? loadForUpdate(id, record) : load(id, record);
          checkVersion(entity, id, expected);
          record.put(EventArgs.ID, id);
          record.put(EventArgs.ENTITY, entity);
          callerKeys = callerKeysOf(params);
          record.put(EventArgs.PARAMS, params);
          record.put(EventArgs.CHANGES, proposedChanges(entity, params));
          break;
        }
        case DELETE: {
          Object id = convertId(input);
          E entity = load(id, record);
          checkVersion(entity, id, single ? options.expectedVersion() : null);
          record.remove(EventArgs.PARAMS);
          record.put(EventArgs.ID, id);
          record.put(EventArgs.ENTITY, entity);
          break;
        }
        default:
          throw new IllegalStateException(op.toString());
      }
    }

    /**
     * The caller's keys; none when the caller already refused its client's guarded keys. Without a guarded
     * attribute in the store they are never consulted, and null (every key is the caller's) is the same.
     */
    private Set<String> callerKeysOf(Map<String, Object> params) {
      if (options.trustedParams()) {
        return Set.of();
      }
      return guardedAnywhere ? Set.of(params.keySet().toArray(new String[0])) : null;
    }

    private Veto check(EventArgs record) {
      switch (op) {
        case CREATE:
          return store.paramsCheck().check(model, null, record.params(), false, rejectUnknown, callerKeys,
              unit.entityManager());
        case UPDATE:
          return store.paramsCheck().check(model, record.entity(model.type()), record.params(), options.replace(),
              rejectUnknown, callerKeys, unit.entityManager());
        default:
          return null;
      }
    }

    private E write(EventArgs record) {
      RecordBinding binding = new RecordBinding(store, unit, rejectUnknown, path, callerKeys);
      switch (op) {
        case CREATE: {
          E entity = model.newInstance();
          if (entityHandlers) {
            unit.register(entity, record.withSelf(entity));
          }
          if (!presets.isEmpty()) {
            presets.forEach((name, value) -> model.attribute(name).write(entity, value));
          }
          store.binder().bind(model, entity, record.params(), false, binding);
          unit.session().persist(entityName, entity);
          unit.written(entity);
          store.executeInserts(unit);
          if (unit.writesOneAtATime()) {
            unit.session().getJdbcCoordinator().executeBatch();
          }
          binding.runDeferred();
          if (store.publishing()) {
            unit.publishLater(() -> new EntityCreated(model.type(), model.name(), model.idOf(entity), model.toMap(entity)));
          }
          return entity;
        }
        case UPDATE: {
          E entity = record.entity(model.type());
          Object readVersion = model.versionOf(entity);
          Map<String, Object> before = snapshot(entity, record.params().keySet());
          EventArgs entityArgs = entityHandlers ? record.withSelf(entity) : null;
          if (entityArgs != null) {
            unit.register(entity, entityArgs);
          }
          store.binder().bind(model, entity, record.params(), options.replace(), binding);
          Map<String, Change> changes = changes(before, snapshot(entity, record.params().keySet()));
          record.put(EventArgs.CHANGES, changes);
          if (entityArgs != null) {
            entityArgs.put(EventArgs.CHANGES, changes);
          }
          flush(entity, readVersion);
          binding.runDeferred();
          Object id = record.id();
          if (store.publishing()) {
            unit.publishLater(() -> new EntityUpdated(model.type(), model.name(), id, model.toMap(entity), changes));
          }
          return entity;
        }
        case DELETE: {
          E entity = record.entity(model.type());
          Object readVersion = model.versionOf(entity);
          Map<String, Object> snapshot = store.publishing() ? model.toMap(entity) : null;
          if (entityHandlers) {
            unit.register(entity, record.withSelf(entity));
          }
          unit.entityManager().remove(entity);
          flush(entity, readVersion);
          Object id = record.id();
          if (snapshot != null) {
            unit.publishLater(() -> new EntityDeleted(model.type(), model.name(), id, snapshot));
          }
          return entity;
        }
        default:
          throw new IllegalStateException(op.toString());
      }
    }

    /** Flushes the record's write; a stale version is a conflict naming the record and the version it read. */
    private void flush(E written, Object readVersion) {
      try {
        unit.entityManager().flush();
      } catch (RuntimeException e) {
        RuntimeException translated = store.translate(e, written);
        if (translated instanceof VersionConflictException && readVersion != null) {
          VersionConflictException conflict = (VersionConflictException) translated;
          VersionConflictException named = new VersionConflictException(model.displayName(), model.idOf(written),
              readVersion, conflict.actualVersion());
          named.initCause(e);
          throw named;
        }
        throw translated;
      }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> paramsOf(Object input, int index) {
      if (!(input instanceof Map)) {
        String what = input == null ? "null" : input instanceof String ? "'" + input + "'" : String.valueOf(input);
        throw new Veto(400, "record " + index + " is " + what + ", not an object of " + model.displayName() + " fields");
      }
      return CopyOnWriteParams.over((Map<String, Object>) input);
    }

    private Object convertId(Object raw) {
      try {
        return ValueConverter.convert(raw, model.id().javaType());
      } catch (ValueConverter.ConversionException e) {
        throw Veto.builder().status(400).message(model.id().name() + " " + e.getMessage())
            .field(model.id().name(), e.getMessage()).build();
      }
    }

    /**
     * A constraint violation raised by the record's own write, while the unit sends each record's
     * statements before the next, belongs to this record: reported under its index in a batch.
     */
    private RuntimeException attributed(RuntimeException failure, EventArgs record) {
      if (single || !unit.writesOneAtATime()) {
        return failure;
      }
      RuntimeException translated = store.translate(failure, record.get(EventArgs.ENTITY));
      if (translated instanceof ConstraintConflictException) {
        Veto veto = Veto.ofRecords(List.of(Veto.RecordError.of(record.index(), (Veto) translated)));
        veto.initCause(failure);
        return veto;
      }
      return translated;
    }

    private E loadForUpdate(Object id, EventArgs record) {
      E entity;
      if (id == null) {
        entity = null;
      } else {
        // A record this unit read before is checked against its version when it is locked.
        Object read = unit.session().getPersistenceContextInternal().getEntity(unit.session().generateEntityKey(id,
            unit.session().getFactory().getMappingMetamodel().getEntityDescriptor(entityName)));
        Object readVersion = read == null ? null : model.versionOf(model.type().cast(read));
        try {
          entity = store.findForUpdate(unit, model.type(), id);
        } catch (RuntimeException e) {
          RuntimeException translated = store.translate(e);
          if (translated instanceof VersionConflictException && readVersion != null) {
            VersionConflictException named = new VersionConflictException(model.displayName(), id, readVersion, null);
            named.initCause(e);
            throw named;
          }
          throw translated;
        }
        if (entity != null && events.hasHandlers(RepositoryTier.SCOPE_QUERY)) {
          // Checked once the row is locked: a scoped read before the lock would let every concurrent
          // writer of the row read the same version and all but one fail their version check.
          load(id, record); // outside the caller's row scope: not found
        }
      }
      if (entity == null) {
        throw new RecordNotFoundException(model.displayName(), id);
      }
      return entity;
    }

    /** The record to update or delete, looked up inside the caller's row scope. */
    private E load(Object id, EventArgs record) {
      E entity = id == null ? null : reads.lookup(unit.entityManager(), id, record);
      if (entity == null) {
        throw new RecordNotFoundException(model.displayName(), id);
      }
      return entity;
    }

    private void checkVersion(E entity, Object id, Object expected) {
      if (expected == null || model.version() == null) {
        return;
      }
      Object wanted = model.convert(model.version().name(), expected);
      Object actual = model.versionOf(entity);
      if (!Objects.equals(wanted, actual)) {
        throw new VersionConflictException(model.displayName(), id, wanted, actual);
      }
    }
  }

  /**
   * Field → old and proposed new value, from the params before binding: the caller's at {@code preUpdate},
   * what the pre handlers left from {@code validateUpdate} on.
   */
  private Map<String, Change> proposedChanges(E entity, Map<String, Object> params) {
    Map<String, Change> changes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      EntityAttribute attribute = model.attributeOrNull(entry.getKey());
      if (attribute == null || !attribute.settable() || attribute.kind() != AttributeKind.BASIC) {
        continue;
      }
      Object old = attribute.read(entity);
      Object proposed;
      try {
        proposed = ValueConverter.convert(entry.getValue(), attribute.javaType());
      } catch (ValueConverter.ConversionException e) {
        proposed = entry.getValue();
      }
      if (!Objects.equals(old, proposed)) {
        changes.put(attribute.name(), new Change(old, proposed));
      }
    }
    return changes;
  }

  /** Basic values and to-one ids of every attribute, and to-many ids of the ones named in params. */
  private Map<String, Object> snapshot(E entity, Collection<String> touched) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (EntityAttribute attribute : model.attributes()) {
      switch (attribute.kind()) {
        case BASIC:
          values.put(attribute.name(), attribute.read(entity));
          break;
        case TO_ONE: {
          Object associated = attribute.read(entity);
          values.put(attribute.name(), associated == null ? null : model.modelOf(attribute).idOf(associated));
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
            values.put(attribute.name(), ids);
          }
      }
    }
    return values;
  }

  private static Map<String, Change> changes(Map<String, Object> before, Map<String, Object> after) {
    Map<String, Change> changes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : after.entrySet()) {
      Object old = before.get(entry.getKey());
      if (!Objects.equals(old, entry.getValue())) {
        changes.put(entry.getKey(), new Change(old, entry.getValue()));
      }
    }
    return changes;
  }

  /** A handler veto and the params check's problems of one record, reported together. */
  static Veto combine(Veto handler, Veto checked) {
    if (checked == null) {
      return handler;
    }
    if (handler == null) {
      return checked;
    }
    Veto.Builder builder = Veto.builder().status(handler.status());
    List<String> messages = new ArrayList<>(handler.messages());
    for (String message : checked.messages()) {
      if (!messages.contains(message)) {
        messages.add(message);
      }
    }
    messages.forEach(builder::message);
    handler.fieldErrors().forEach((field, list) -> list.forEach(message -> builder.field(field, message)));
    checked.fieldErrors().forEach((field, list) -> list.forEach(message -> builder.field(field, message)));
    return builder.build();
  }
}
