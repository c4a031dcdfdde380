package dev.scribe.core;

import dev.scribe.core.internal.args.ArgsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed accessors of {@link EventArgs} for the standard keys. Package-private, so its public methods are
 * documented and called as members of {@link EventArgs}.
 */
abstract class ArgsAccessors extends ArgsMap {
  ArgsAccessors(ArgsTable values) {
    super(values);
  }

  /** The owner of the event: controller, repository or entity instance. */
  public Object self() {
    return values.get(EventArgs.SELF);
  }

  /** {@link #self()} cast to {@code type}; an {@link ArgsContractException} when it is something else. */
  public <T> T self(Class<T> type) {
    return get(EventArgs.SELF, type);
  }

  /** The dotted context path of the operation, e.g. {@code admin.tasks.store}. */
  public String path() {
    return (String) values.get(EventArgs.PATH);
  }

  /** The controller action ({@code index}, {@code store}, ...), or null outside a controller. */
  public String action() {
    return (String) values.get(EventArgs.ACTION);
  }

  /** The controller running the action, or null outside a controller. */
  public Object controller() {
    return values.get(EventArgs.CONTROLLER);
  }

  /** The params of the record being handled (mutable), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> params() {
    return get(EventArgs.PARAMS, Map.class);
  }

  /** Replaces the params. */
  public EventArgs params(Map<String, Object> params) {
    values.put(EventArgs.PARAMS, params);
    return (EventArgs) this;
  }

  /** The query of an index action (mutable), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> query() {
    return get(EventArgs.QUERY, Map.class);
  }

  /** The id of the record addressed, or null. */
  public Object id() {
    return values.get(EventArgs.ID);
  }

  /** The entity of the record being handled, or null. */
  public Object entity() {
    return values.get(EventArgs.ENTITY);
  }

  /** {@link #entity()} cast to {@code type}, or null; an {@link ArgsContractException} when it is something else. */
  public <T> T entity(Class<T> type) {
    return get(EventArgs.ENTITY, type);
  }

  /** Field to old and new value, for updates; null elsewhere. */
  @SuppressWarnings("unchecked")
  public Map<String, Change> changes() {
    return get(EventArgs.CHANGES, Map.class);
  }

  /** The results so far (mutable list), or null. */
  @SuppressWarnings("unchecked")
  public List<Object> results() {
    return get(EventArgs.RESULTS, List.class);
  }

  /** The results list, created empty when absent. */
  @SuppressWarnings("unchecked")
  public List<Object> resultsOrEmpty() {
    return (List<Object>) values.computeIfAbsent(EventArgs.RESULTS, k -> new ArrayList<>());
  }

  /** The result of the record just handled, or null. */
  public Object lastResult() {
    return values.get(EventArgs.LAST_RESULT);
  }

  /** The result of an action: what will be sent. */
  public Object result() {
    return values.get(EventArgs.RESULT);
  }

  /** Replaces the result of an action. */
  public EventArgs result(Object result) {
    values.put(EventArgs.RESULT, result);
    return (EventArgs) this;
  }

  /** Position of the record in its batch, or null. */
  public Integer index() {
    return get(EventArgs.INDEX, Integer.class);
  }

  /** The effective options for this operation's path, or {@link Options#empty()}. */
  public Options config() {
    Options options = get(EventArgs.CONFIG, Options.class);
    return options == null ? Options.empty() : options;
  }

  /** Front-end options ({@code with}, {@code fields}, ...), or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> frontEndOptions() {
    Map<String, Object> map = get(EventArgs.FRONT_END_OPTIONS, Map.class);
    return map == null ? Map.of() : map;
  }

  /**
   * The directive map merged into the response body; created on first use.
   *
   * @deprecated the controller tier owns this key: use {@code ControllerTier.directive(args)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings({"unchecked", "removal"}) // the alias reads the alias of its key
  public Map<String, Object> directive() {
    return (Map<String, Object>) values.computeIfAbsent(EventArgs.DIRECTIVE, k -> new LinkedHashMap<>());
  }

  /**
   * The failure an error event is about, or null.
   *
   * @deprecated the controller tier owns this key: use {@code ControllerTier.exception(args)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings("removal") // the alias reads the alias of its key
  public Throwable exception() {
    return get(EventArgs.EXCEPTION, Throwable.class);
  }

  /**
   * The field a {@code preSetField} event is about.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.fieldName(args)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings("removal") // the alias reads the alias of its key
  public String fieldName() {
    return (String) values.get(EventArgs.FIELD_NAME);
  }

  /**
   * The value a {@code preSetField} event is about to set.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.value(args)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings("removal") // the alias reads the alias of its key
  public Object value() {
    return values.get(EventArgs.VALUE);
  }

  /**
   * Changes the value a {@code preSetField} event will set.
   *
   * @deprecated the entity tier owns this key: use {@code EntityTier.value(args, value)}.
   */
  @Deprecated(forRemoval = true)
  @SuppressWarnings("removal") // the alias reads the alias of its key
  public EventArgs value(Object value) {
    values.put(EventArgs.VALUE, value);
    return (EventArgs) this;
  }
}
