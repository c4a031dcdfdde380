package dev.scribe.repository.internal.write;

import dev.scribe.core.internal.Words;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import dev.scribe.entity.internal.WritableParams;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.internal.CallOptionsAccess;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.params.CopyOnWriteParams;
import dev.scribe.repository.internal.unit.UnitState;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The state of one create, update or delete call, shared by its record loop and its record writes. */
final class WriteCall<E> {
  final Writes<E, ?> writes;
  final Operation op;
  final UnitState unit;
  final CallOptions options;
  final boolean single;
  final Map<String, Object> presets;
  final Object singleId;
  final String path;
  final boolean ignoreErrors;
  final boolean rejectUnknown;
  /** Unconditional updates lock their row when they load it (option {@code lockOnUpdate}, default true). */
  final boolean lockOnUpdate;
  /** The batch's args; each record's args are a frame over them. */
  final EventArgs args;
  /** True when the entity class has a handler for any entity event, so its events need args. */
  final boolean entityHandlers;
  /** The params keys of the record being handled as the caller sent them, before any handler ran. */
  Set<String> callerKeys;
  final Set<String> hiddenFields;
  /** What a replacing update leaves as it is when its params do not name it: hidden and kept attributes. */
  final Set<String> keptOnReplace;

  private static Set<String> hiddenFields(Object value) {
    if (!(value instanceof java.util.Collection<?> names) || names.isEmpty()) {
      return Set.of();
    }
    java.util.Set<String> hidden = new java.util.HashSet<>();
    for (Object name : names) {
      hidden.add(String.valueOf(name));
    }
    return hidden;
  }

  WriteCall(Writes<E, ?> writes, Operation op, UnitState unit, CallOptions options, boolean single,
      Map<String, Object> presets, Object singleId, String path, Options effective) {
    this.writes = writes;
    this.op = op;
    this.unit = unit;
    this.options = options;
    this.single = single;
    this.presets = presets;
    this.singleId = singleId;
    this.path = path;
    this.ignoreErrors = !single && (options.ignoreErrors() != null ? options.ignoreErrors()
        : RepositoryOptions.IGNORE_ERRORS.in(effective));
    this.rejectUnknown = RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(effective);
    this.hiddenFields = hiddenFields(effective.get(RepositoryOptions.HIDDEN_FIELDS.name()));
    Set<String> kept = hiddenFields(effective.get(RepositoryOptions.KEPT_ON_REPLACE.name()));
    if (!options.replace() || (kept.isEmpty() && hiddenFields.isEmpty())) {
      this.keptOnReplace = Set.of();
    } else {
      Set<String> union = new java.util.HashSet<>(kept);
      union.addAll(hiddenFields);
      this.keptOnReplace = union;
    }
    this.lockOnUpdate = RepositoryOptions.LOCK_ON_UPDATE.in(effective);
    this.args = RepositoryAccess.callArgs(writes.repository, path, options, effective);
    this.entityHandlers = hasEntityHandlers(writes);
    if (unit.trace() != null) {
      args.put(EventArgs.TRACE, unit.trace());
    }
  }

  private static boolean hasEntityHandlers(Writes<?, ?> writes) {
    EventManager entityEvents = writes.store.entities().events(writes.model.type());
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

  /** The record's params: a copy-on-write frame over the caller's map; a 400 when it is not a map. */
  @SuppressWarnings("unchecked")
  Map<String, Object> paramsOf(Object input, int index) {
    if (!(input instanceof Map)) {
      String what = input == null ? "null" : input instanceof String ? "'" + input + "'" : String.valueOf(input);
      throw new Veto(400, "record " + index + " is " + what + ", not an object of " + writes.model.displayName()
          + " fields");
    }
    requireTextKeys(writes.model, (Map<?, ?>) input, index, "");
    checkedParams = null;
    return CopyOnWriteParams.over((Map<String, Object>) input);
  }

  /**
   * Refuses a key that is not a {@code String} in the params or in the params of a record nested under one of
   * their associations (a subtask's params under {@code subtasks[0]}). Only a Java caller can build such a map (a
   * JSON object's keys are strings); without this check it fails later as a ClassCastException inside the
   * framework. The value of an attribute of JSON type is not walked: its keys are the value's own.
   */
  private void requireTextKeys(EntityModel<?> model, Map<?, ?> params, int index, String under) {
    for (Map.Entry<?, ?> entry : params.entrySet()) {
      Object key = entry.getKey();
      if (!(key instanceof String)) {
        throw new UsageException(path + ": the params of record " + index + " have the key " + key
            + (key == null ? "" : " (" + Words.withArticle(key.getClass().getSimpleName()) + ")")
            + (under.isEmpty() ? "" : " under " + under) + "; params map field names (Strings) to values");
      }
      // The value is looked at only under an association's key: asking every value whether it is a Map or a
      // Collection, interfaces a String or a number does not have, scans all of their interfaces each time.
      if (!model.hasAssociations()) {
        continue;
      }
      EntityAttribute attribute = model.attributeOrNull((String) key);
      if (attribute == null || !attribute.isAssociation()) {
        continue;
      }
      Object value = entry.getValue();
      if (!(value instanceof Map || value instanceof Collection)) {
        continue;
      }
      EntityModel<?> nested = model.modelOf(attribute);
      String at = (under.isEmpty() ? "" : under + ".") + key;
      if (value instanceof Map) {
        requireTextKeys(nested, (Map<?, ?>) value, index, at);
      } else {
        int position = 0;
        for (Object element : (Collection<?>) value) {
          if (element instanceof Map) {
            requireTextKeys(nested, (Map<?, ?>) element, index, at + "[" + position + "]");
          }
          position++;
        }
      }
    }
  }

  /** The params the current record's check passed, and their {@link WritableParams#keyChanges} then. */
  private Map<String, Object> checkedParams;
  private int checkedKeyChanges;

  /**
   * The params check's verdict on the current record's {@code params}, returned as it is; when it passed them,
   * the binder need not apply the mass-assignment rule again to the same keys ({@link #keysChecked}).
   */
  Veto checked(Map<String, Object> params, Veto problems) {
    if (problems == null && params instanceof WritableParams) {
      checkedParams = params;
      checkedKeyChanges = ((WritableParams) params).keyChanges();
    } else {
      checkedParams = null;
    }
    return problems;
  }

  /**
   * True when {@code params} are the ones the current record's check passed, with no key added or removed
   * since (a verify handler may have added one): the binding's mass-assignment rule would allow them again.
   */
  boolean keysChecked(Map<String, Object> params) {
    return params != null && params == checkedParams && ((WritableParams) params).keyChanges() == checkedKeyChanges;
  }

  /**
   * Remembers the caller's keys; none when the caller already refused its client's guarded keys. Without
   * a guarded attribute in the store they are never consulted, and null (every key is the caller's) is the same.
   */
  void rememberCallerKeys(Map<String, Object> params) {
    if (CallOptionsAccess.trustedParams(options)) {
      callerKeys = Set.of();
    } else {
      callerKeys = writes.guardedAnywhere ? Set.of(params.keySet().toArray(new String[0])) : null;
    }
  }

  /** How the record's params are bound: nested objects through their repositories, on this call's path. */
  /** One for the call: records are bound one after the other, each starting with nothing deferred. */
  private RecordBinding binding;

  RecordBinding binding() {
    RecordBinding binding = callBinding();
    binding.startRecord();
    return binding;
  }

  /** How the params check of the current record finds the targets its associations name: {@link RecordBinding#checkTargets}. */
  dev.scribe.entity.internal.ParamsCheck.Targets checkTargets() {
    return callBinding().checkTargets();
  }

  private RecordBinding callBinding() {
    if (binding == null) {
      binding = new RecordBinding(writes.store, unit, rejectUnknown, path, this);
    }
    return binding;
  }
}
