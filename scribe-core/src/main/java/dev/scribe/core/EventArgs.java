package dev.scribe.core;

import dev.scribe.core.internal.args.ArgsTable;
import dev.scribe.core.internal.dispatch.DispatchState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The mutable map every event carries. What a handler puts, replaces or mutates here is what the
 * framework continues with: the caller reads the args back after the event.
 *
 * <p>The identity keys {@value #SELF}, {@value #PATH}, {@value #ACTION} and {@value #CONTROLLER} are
 * set when the args are built and are read-only afterwards: {@code put} or {@code remove} of one throws
 * {@link ReadOnlyArgumentException} naming the handler. Values inside them may still be changed.
 *
 * <p>The constants here are the keys more than one tier puts in args; a key one tier owns is a constant of
 * that tier's class ({@code ControllerTier}, {@code RepositoryTier}, {@code EntityTier}).
 *
 * <p>Not thread-safe: one args instance belongs to one operation on one thread.
 *
 * <pre>{@code
 * void preCreate(EventArgs args) {
 *   args.params().put("slug", Slugs.of((String) args.params().get("title")));   // mutate
 *   args.put(EventArgs.PARAMS, Map.of("title", "replaced"));                     // or replace
 * }
 * }</pre>
 */
public final class EventArgs implements Map<String, Object> {
  public static final String SELF = "self";
  public static final String PATH = "path";
  public static final String ACTION = "action";
  public static final String CONTROLLER = "controller";

  public static final String PARAMS = "params";
  public static final String QUERY = "query";
  public static final String ID = "id";
  public static final String ENTITY = "entity";
  public static final String CHANGES = "changes";
  public static final String RESULTS = "results";
  public static final String LAST_RESULT = "lastResult";
  public static final String RESULT = "result";
  public static final String INDEX = "index";
  public static final String OPTIONS = "options";
  public static final String OPTION_OVERRIDES = "optionOverrides";
  public static final String FRONT_END_OPTIONS = "frontEndOptions";
  public static final String CONFIG = "config";
  public static final String USER = "user";
  public static final String TRACE = "trace";

  // ---- keys another tier owns, kept so applications that import them still compile ----

  /** @deprecated the controller tier owns this key: use {@code ControllerTier.CONTROLLER_OPTIONS} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String CONTROLLER_OPTIONS = "controllerOptions";
  /** @deprecated the controller tier owns this key: use {@code ControllerTier.OVERRIDES} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String OVERRIDES = "overrides";
  /** @deprecated the controller tier owns this key: use {@code ControllerTier.DIRECTIVE} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String DIRECTIVE = "directive";
  /** @deprecated the controller tier owns this key: use {@code ControllerTier.EXCEPTION} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String EXCEPTION = "exception";
  /** @deprecated the controller tier owns this key: use {@code ControllerTier.STATUS} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String STATUS = "status";
  /** @deprecated the controller tier owns this key: use {@code ControllerTier.ERROR} ({@code dev.scribe.controller}). */
  @Deprecated(forRemoval = true)
  public static final String ERROR = "error";
  /** @deprecated the entity tier owns this key: use {@code EntityTier.FIELD_NAME} ({@code dev.scribe.entity}). */
  @Deprecated(forRemoval = true)
  public static final String FIELD_NAME = "fieldName";
  /** @deprecated the entity tier owns this key: use {@code EntityTier.VALUE} ({@code dev.scribe.entity}). */
  @Deprecated(forRemoval = true)
  public static final String VALUE = "value";
  /** @deprecated the entity tier owns this key: use {@code EntityTier.ASSOCIATION_NAME} ({@code dev.scribe.entity}). */
  @Deprecated(forRemoval = true)
  public static final String ASSOCIATION_NAME = "associationName";
  /** @deprecated the entity tier owns this key: use {@code EntityTier.VALUES} ({@code dev.scribe.entity}). */
  @Deprecated(forRemoval = true)
  public static final String VALUES = "values";

  private final ArgsTable values;
  /** The dispatch state of the thread that last fired these args, so later events skip a thread-local lookup. */
  DispatchState dispatchState;

  private EventArgs(ArgsTable values) {
    this.values = values;
  }

  /** Empty args without identity keys. */
  public static EventArgs create() {
    return new EventArgs(new ArgsTable());
  }

  /** Args with {@code self} and {@code path} set. */
  public static EventArgs of(Object self, String path) {
    return builder().self(self).path(path).build();
  }

  /** Starts args whose identity keys can still be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** True for the read-only identity keys. */
  public static boolean isIdentityKey(String key) {
    switch (key) {
      case SELF:
      case PATH:
      case ACTION:
      case CONTROLLER:
        return true;
      default:
        return false;
    }
  }

  /** A shallow copy: same identity keys, same values (the values themselves are shared). */
  public EventArgs copy() {
    EventArgs copy = new EventArgs(values.copy());
    copy.dispatchState = dispatchState;
    return copy;
  }

  /**
   * A shallow copy with a different {@code self}: how a tier hands an operation's args to the next tier
   * (for example the repository's args to an entity event).
   */
  public EventArgs withSelf(Object self) {
    ArgsTable table = values.copy();
    table.put(SELF, self);
    EventArgs copy = new EventArgs(table);
    copy.dispatchState = dispatchState;
    return copy;
  }

  // ---- typed accessors for the standard keys ----

  /** The owner of the event: controller, repository or entity instance. */
  public Object self() {
    return values.get(SELF);
  }

  /** {@link #self()} cast to {@code type}; a clear error when it is something else. */
  public <T> T self(Class<T> type) {
    return get(SELF, type);
  }

  /** The dotted context path of the operation, e.g. {@code admin.tasks.store}. */
  public String path() {
    return (String) values.get(PATH);
  }

  /** The controller action ({@code index}, {@code store}, ...), or null outside a controller. */
  public String action() {
    return (String) values.get(ACTION);
  }

  /** The controller running the action, or null outside a controller. */
  public Object controller() {
    return values.get(CONTROLLER);
  }

  /** The params of the record being handled (mutable), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> params() {
    return get(PARAMS, Map.class);
  }

  /** Replaces the params. */
  public EventArgs params(Map<String, Object> params) {
    values.put(PARAMS, params);
    return this;
  }

  /** The query of an index action (mutable), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> query() {
    return get(QUERY, Map.class);
  }

  /** The id of the record addressed, or null. */
  public Object id() {
    return values.get(ID);
  }

  /** The entity of the record being handled, or null. */
  public Object entity() {
    return values.get(ENTITY);
  }

  /** {@link #entity()} cast to {@code type}. */
  public <T> T entity(Class<T> type) {
    return get(ENTITY, type);
  }

  /** Field to old and new value, for updates; null elsewhere. */
  @SuppressWarnings("unchecked")
  public Map<String, Change> changes() {
    return get(CHANGES, Map.class);
  }

  /** The results so far (mutable list), or null. */
  @SuppressWarnings("unchecked")
  public List<Object> results() {
    return get(RESULTS, List.class);
  }

  /** The results list, created empty when absent. */
  @SuppressWarnings("unchecked")
  public List<Object> resultsOrEmpty() {
    return (List<Object>) values.computeIfAbsent(RESULTS, k -> new ArrayList<>());
  }

  /** The result of the record just handled, or null. */
  public Object lastResult() {
    return values.get(LAST_RESULT);
  }

  /** The result of an action: what will be sent. */
  public Object result() {
    return values.get(RESULT);
  }

  /** Replaces the result of an action. */
  public EventArgs result(Object result) {
    values.put(RESULT, result);
    return this;
  }

  /** Position of the record in its batch, or null. */
  public Integer index() {
    return get(INDEX, Integer.class);
  }

  /** The effective options for this operation's path, or {@link Options#empty()}. */
  public Options config() {
    Options options = get(CONFIG, Options.class);
    return options == null ? Options.empty() : options;
  }

  /** Front-end options ({@code with}, {@code fields}, ...), or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> frontEndOptions() {
    Map<String, Object> map = get(FRONT_END_OPTIONS, Map.class);
    return map == null ? Map.of() : map;
  }

  /**
   * The directive map merged into the response body; created on first use.
   *
   * @deprecated the controller tier owns this key: use {@code ControllerTier.directive(args)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings("unchecked")
  public Map<String, Object> directive() {
    return (Map<String, Object>) values.computeIfAbsent(DIRECTIVE, k -> new LinkedHashMap<>());
  }

  /**
   * The failure an error event is about, or null.
   *
   * @deprecated the controller tier owns this key: use {@code ControllerTier.exception(args)}.
   */
  @Deprecated(forRemoval = true)
  public Throwable exception() {
    return get(EXCEPTION, Throwable.class);
  }

  /**
   * The field a {@code preSetField} event is about.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.fieldName(args)}.
   */
  @Deprecated(forRemoval = true)
  public String fieldName() {
    return (String) values.get(FIELD_NAME);
  }

  /**
   * The value a {@code preSetField} event is about to set.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.value(args)}.
   */
  @Deprecated(forRemoval = true)
  public Object value() {
    return values.get(VALUE);
  }

  /**
   * Changes the value a {@code preSetField} event will set.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.value(args, value)}.
   */
  @Deprecated(forRemoval = true)
  public EventArgs value(Object value) {
    values.put(VALUE, value);
    return this;
  }

  /** The value under {@code key} cast to {@code type}; null when absent, a clear error when of another type. */
  public <T> T get(String key, Class<T> type) {
    Object value = values.get(key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new ScribeException("args key '" + key + "' holds a " + value.getClass().getName() + ", not a "
        + type.getName() + "; a handler replaced it with a value of the wrong type");
  }

  // ---- Map ----

  @Override
  public Object put(String key, Object value) {
    if (isIdentityKey(key) && values.get(key) != value) {
      throw new ReadOnlyArgumentException(key, "replace");
    }
    checkType(key, value);
    return values.put(key, value);
  }

  /** {@code query} holds a Map and {@code results} a List, or nothing: the framework reads them as such. */
  private static void checkType(String key, Object value) {
    if (value == null) {
      return;
    }
    if (key.equals(QUERY) && !(value instanceof Map)) {
      throw ArgsContractException.wrongType(key, Map.class, value);
    }
    if (key.equals(RESULTS) && !(value instanceof List)) {
      throw ArgsContractException.wrongType(key, List.class, value);
    }
  }

  /** Puts every entry; refused as a whole, before any change, when it would replace an identity key. */
  @Override
  public void putAll(Map<? extends String, ?> map) {
    for (Map.Entry<? extends String, ?> entry : map.entrySet()) {
      if (isIdentityKey(entry.getKey()) && values.get(entry.getKey()) != entry.getValue()) {
        throw new ReadOnlyArgumentException(entry.getKey(), "replace");
      }
      checkType(entry.getKey(), entry.getValue());
    }
    values.putAll(map);
  }

  @Override
  public Object remove(Object key) {
    if (key instanceof String && isIdentityKey((String) key) && values.containsKey(key)) {
      throw new ReadOnlyArgumentException((String) key, "remove");
    }
    return values.remove(key);
  }

  @Override
  public void clear() {
    for (String key : values.keySet()) {
      if (isIdentityKey(key)) {
        throw new ReadOnlyArgumentException(key, "remove");
      }
    }
    values.clear();
  }

  /** Replaces every value; refused as a whole, before any change, when it would replace an identity key. */
  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
    LinkedHashMap<String, Object> replaced = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Object value = function.apply(entry.getKey(), entry.getValue());
      if (isIdentityKey(entry.getKey()) && value != entry.getValue()) {
        throw new ReadOnlyArgumentException(entry.getKey(), "replace");
      }
      checkType(entry.getKey(), value);
      replaced.put(entry.getKey(), value);
    }
    values.putAll(replaced);
  }

  @Override
  public Object get(Object key) {
    return values.get(key);
  }

  @Override
  public int size() {
    return values.size();
  }

  @Override
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return values.containsValue(value);
  }

  /** A read-only view; change the args through {@code put} and {@code remove}. */
  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** A read-only view; change the args through {@code put} and {@code remove}. */
  @Override
  public Collection<Object> values() {
    return Collections.unmodifiableCollection(values.values());
  }

  /** A read-only view; change the args through {@code put} and {@code remove}. */
  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableSet(values.entrySet());
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Map && values.equals(o));
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Builds args with their identity keys. */
  public static final class Builder {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder self(Object self) {
      values.put(SELF, self);
      return this;
    }

    public Builder path(String path) {
      values.put(PATH, path);
      return this;
    }

    public Builder action(String action) {
      values.put(ACTION, action);
      return this;
    }

    public Builder controller(Object controller) {
      values.put(CONTROLLER, controller);
      return this;
    }

    /** Any other key. */
    public Builder put(String key, Object value) {
      values.put(key, value);
      return this;
    }

    public EventArgs build() {
      ArgsTable table = new ArgsTable();
      table.putAll(values);
      return new EventArgs(table);
    }
  }
}
