package dev.scribe.core;

import dev.scribe.core.internal.args.ArgsTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable map every event carries. What a handler puts, replaces or mutates here is what the
 * framework continues with: the caller reads the args back after the event.
 *
 * <p>The identity keys {@value #SELF}, {@value #PATH}, {@value #ACTION} and {@value #CONTROLLER} are
 * set when the args are built and are read-only afterwards: {@code put} or {@code remove} of one throws
 * {@link ReadOnlyArgumentException} naming the handler, and so does removing or replacing one through
 * {@code keySet()}, {@code values()} or {@code entrySet()}, which otherwise change the args like {@code remove}
 * and {@code put}. Values inside them may still be changed.
 *
 * <p>The constants here are the keys more than one tier puts in args; a key one tier owns is a constant of
 * that tier's class ({@code ControllerTier}, {@code RepositoryTier}, {@code EntityTier}).
 *
 * <p>Not thread-safe: one args instance belongs to one operation on one thread.
 *
 * <pre>{@code
 * void preCreate(EventArgs args) {
 *   args.params().put("slug", Slugs.of((String) args.params().get("title")));   // mutate
 *   args.put(EventArgs.PARAMS, new HashMap<>(Map.of("title", "replaced")));      // or replace (with a map later handlers can change)
 * }
 * }</pre>
 */
public final class EventArgs extends ArgsAccessors implements Map<String, Object> {
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

  private EventArgs(ArgsTable values) {
    super(values);
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

  /** True for the read-only identity keys; false for null, which is no args key. */
  public static boolean isIdentityKey(String key) {
    if (key == null) {
      return false; // a switch on null throws a NullPointerException
    }
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

  /** Builds args with their identity keys. */
  public static final class Builder {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    /** The owner of the event (read-only in the args built): a controller, repository or entity instance. */
    public Builder self(Object self) {
      values.put(SELF, self);
      return this;
    }

    /**
     * The dotted context path, e.g. {@code admin.tasks.store} (read-only in the args built); null for none.
     *
     * @throws UsageException if the path is not one or more non-empty segments separated by dots, or a segment
     *     holds whitespace or a glob's {@code *}: no glob matches such a path as meant ({@code "admin..tasks"} is
     *     not matched by {@code admin.*}), so the handlers and options bound to it would silently not apply
     */
    public Builder path(String path) {
      checkPath(path, false);
      values.put(PATH, path);
      return this;
    }

    private static void checkPath(String path, boolean viaPut) {
      if (path != null && !ContextPath.isValid(path)) {
        throw new UsageException((viaPut ? "EventArgs.builder().put(\"path\", \"" : "EventArgs.builder().path(\"")
            + path + "\"): " + ContextPath.RULE + "; pass null for none");
      }
    }

    /** The controller action, e.g. {@code store} (read-only in the args built); null outside a controller. */
    public Builder action(String action) {
      values.put(ACTION, action);
      return this;
    }

    /** The controller running the action (read-only in the args built); null outside a controller. */
    public Builder controller(Object controller) {
      values.put(CONTROLLER, controller);
      return this;
    }

    /**
     * Any other key; the same contract as {@link EventArgs#put}: {@code query} takes a {@code Map} and
     * {@code results} a {@code List} ({@link ArgsContractException} otherwise), and {@code path} and
     * {@code action}, which {@link EventArgs#path()} and {@link EventArgs#action()} read, take a {@code String}
     * ({@link UsageException} otherwise).
     */
    public Builder put(String key, Object value) {
      if (key == null) {
        throw ArgsMap.nullKey(value);
      }
      if ((key.equals(PATH) || key.equals(ACTION)) && value != null && !(value instanceof String)) {
        throw new UsageException("EventArgs.builder().put(\"" + key + "\", " + value + "): the " + key + " is text, not a "
            + value.getClass().getName() + "; pass a String, e.g. " + key + "(\"" + (key.equals(PATH)
            ? "admin.tasks.store" : "store") + "\")");
      }
      if (key.equals(PATH)) {
        checkPath((String) value, true);
      }
      ArgsMap.checkType(key, value);
      values.put(key, value);
      return this;
    }

    /** New args holding what was set; the builder may be used again, each build gives args of their own. */
    public EventArgs build() {
      ArgsTable table = new ArgsTable();
      table.putAll(values);
      return new EventArgs(table);
    }
  }
}
