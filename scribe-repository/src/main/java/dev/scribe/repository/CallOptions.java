package dev.scribe.repository;

import dev.scribe.core.internal.Words;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.repository.internal.CallOptionsAccess;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one repository call runs: its context path, whether refused records are skipped
 * ({@code ignoreErrors}), PUT semantics for updates ({@code replace}), the version the caller expects,
 * the front-end options and option overrides, the user, and any extra keys. Everything here reaches the
 * handlers' args: {@code path}, {@code options} (this as a map), {@code optionOverrides},
 * {@code frontEndOptions}, {@code config} (the repository's options for the path with the overrides on
 * top), {@code user}, and each extra key under its own name.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * tasks.createBatch(rows, CallOptions.builder().path("admin.tasks.store").ignoreErrors(true).build());
 * tasks.update(42L, Map.of("title", "x"), CallOptions.builder().expectedVersion(3L).build());
 * }</pre>
 */
public final class CallOptions {
  private static final CallOptions NONE = new Builder().build();

  private final String path;
  private final Boolean ignoreErrors;
  private final boolean replace;
  private final boolean trustedParams;
  private final Object expectedVersion;
  private final Map<String, Object> frontEndOptions;
  private final Map<String, Object> optionOverrides;
  private final Object user;
  private final Map<String, Object> extra;

  private CallOptions(Builder builder) {
    this.path = builder.path;
    this.ignoreErrors = builder.ignoreErrors;
    this.replace = builder.replace;
    this.trustedParams = builder.trustedParams;
    this.expectedVersion = builder.expectedVersion;
    this.frontEndOptions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.frontEndOptions));
    this.optionOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(builder.optionOverrides));
    this.user = builder.user;
    this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extra));
  }

  /** No options: the default path, the repository's configured options. */
  public static CallOptions none() {
    return NONE;
  }

  /** Starts options whose every setting is the default of {@link #none()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.path = path;
    builder.ignoreErrors = ignoreErrors;
    builder.replace = replace;
    builder.trustedParams = trustedParams;
    builder.expectedVersion = expectedVersion;
    builder.frontEndOptions.putAll(frontEndOptions);
    builder.optionOverrides.putAll(optionOverrides);
    builder.user = user;
    builder.extra.putAll(extra);
    return builder;
  }

  /**
   * True when the caller has already refused the guarded keys of what its own client sent (the controller
   * tier does, before its {@code onPre*} handlers run): every key of the params is then treated as set by
   * application code, which may set guarded attributes. The id, the version and unknown keys are still refused.
   * Set by the controller tier only, through the unsupported {@link CallOptionsAccess#trustParams}.
   */
  boolean trustedParams() {
    return trustedParams;
  }

  /** The context path, or null for the default {@code <repository name>.<operation>}. */
  public String path() {
    return path;
  }

  /** Whether refused records of a batch are skipped; null to use the repository's {@code ignoreErrors} option. */
  public Boolean ignoreErrors() {
    return ignoreErrors;
  }

  /** True for PUT semantics: settable attributes absent from the params are reset. */
  public boolean replace() {
    return replace;
  }

  /** The version a single update or delete expects the record to have, or null. */
  public Object expectedVersion() {
    return expectedVersion;
  }

  /** Front-end options ({@code with}, {@code fields}, ...). */
  public Map<String, Object> frontEndOptions() {
    return frontEndOptions;
  }

  /** Options for this call only, on top of the repository's options for the path. */
  public Map<String, Object> optionOverrides() {
    return optionOverrides;
  }

  /** Who makes the call, or null. */
  public Object user() {
    return user;
  }

  /** The extra keys, put into the handlers' args under their own names. */
  public Map<String, Object> extra() {
    return extra;
  }

  /** These options as the {@code options} args map: the set standard options and the extra keys. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    if (path != null) {
      map.put("path", path);
    }
    if (ignoreErrors != null) {
      map.put(RepositoryOptions.IGNORE_ERRORS.name(), ignoreErrors);
    }
    if (replace) {
      map.put("replace", true);
    }
    if (expectedVersion != null) {
      map.put("expectedVersion", expectedVersion);
    }
    if (user != null) {
      map.put("user", user);
    }
    map.putAll(extra);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public String toString() {
    return "CallOptions" + asMap();
  }

  /** Collects call options. */
  public static final class Builder {
    private String path;
    private Boolean ignoreErrors;
    private boolean replace;
    private boolean trustedParams;
    private Object expectedVersion;
    private final Map<String, Object> frontEndOptions = new LinkedHashMap<>();
    private final Map<String, Object> optionOverrides = new LinkedHashMap<>();
    private Object user;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    /**
     * The args keys a repository call sets itself, each with what to do instead of putting it: an extra key
     * under one of these names is dropped or overwritten before any handler sees it.
     */
    static final Map<String, String> RESERVED = reserved();

    private Builder() {}

    private static Map<String, String> reserved() {
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put(EventArgs.PATH, "use path(...)");
      keys.put(EventArgs.USER, "use user(...)");
      keys.put(EventArgs.FRONT_END_OPTIONS, "use frontEndOptions(...)");
      keys.put(EventArgs.OPTION_OVERRIDES, "use optionOverrides(...)");
      String other = "put the value under a name of your own";
      for (String key : List.of(EventArgs.SELF, EventArgs.OPTIONS, EventArgs.CONFIG, EventArgs.PARAMS, EventArgs.ID,
          EventArgs.ENTITY, EventArgs.CHANGES, EventArgs.RESULTS, EventArgs.LAST_RESULT, EventArgs.RESULT,
          EventArgs.INDEX, EventArgs.TRACE, RepositoryTier.CRITERIA, RepositoryTier.TOTAL, RepositoryTier.EXCEPTION, RowScope.ARGS_KEY)) {
        keys.put(key, other);
      }
      return Collections.unmodifiableMap(keys);
    }

    /**
     * The context path the call's events carry, e.g. {@code admin.tasks.store}; null (the default) for
     * {@code <repository name>.<operation>}.
     *
     * @throws UsageException if the path is not one or more non-empty segments separated by dots, or a
     *     segment holds whitespace or a glob's {@code *}: such a path is a slip ({@code "admin..tasks"},
     *     {@code "tasks.*"}) that a glob written for the path meant ({@code admin.tasks.*}) does not match, so
     *     its handlers and options would silently not apply
     */
    public Builder path(String contextPath) {
      if (contextPath != null) {
        for (String segment : contextPath.split("\\.", -1)) {
          if (segment.isEmpty() || segment.contains("*") || segment.chars().anyMatch(Character::isWhitespace)) {
            throw new UsageException("CallOptions.builder().path(\"" + contextPath + "\"): a context path is names"
                + " separated by single dots, such as \"admin.tasks.store\", without whitespace or '*'; pass null"
                + " for the default <repository name>.<operation>");
          }
        }
      }
      this.path = contextPath;
      return this;
    }

    /**
     * Whether a batch keeps its valid records and reports the refused ones in {@link BatchResult#failures()};
     * unset, the repository's {@code ignoreErrors} option for the path decides.
     */
    public Builder ignoreErrors(boolean ignore) {
      this.ignoreErrors = ignore;
      return this;
    }

    /**
     * PUT semantics for an update: settable attributes its params do not name are reset (those of
     * {@code keptOnReplace} and the hidden ones excepted). False by default.
     */
    public Builder replace(boolean replaceAll) {
      this.replace = replaceAll;
      return this;
    }

    /** See {@link CallOptions#trustedParams()}. */
    Builder trustedParams(boolean trusted) {
      this.trustedParams = trusted;
      return this;
    }

    /**
     * The version a single update or delete expects the record to be at; another is a
     * {@link VersionConflictException} (409). Null (the default) for none. The other writes (a create, a batch,
     * {@code updateWhere}, {@code deleteWhere}) refuse options carrying one with a {@link UsageException}
     * rather than write without the check: an update batch takes each record's version beside its id.
     */
    public Builder expectedVersion(Object version) {
      this.expectedVersion = version;
      return this;
    }

    /**
     * The front-end options ({@code with}, {@code fields}, ...) handed to the handlers; replaces what an earlier
     * call set. A null map is a {@link UsageException}.
     */
    public Builder frontEndOptions(Map<String, ?> options) {
      if (options == null) {
        throw new UsageException("CallOptions.builder().frontEndOptions(null): pass the front-end options, Map.of() for"
            + " none");
      }
      frontEndOptions.clear();
      frontEndOptions.putAll(options);
      return this;
    }

    /**
     * Options for this call only, on top of the repository's options for the path; replaces what an earlier
     * call of this method set.
     *
     * @throws dev.scribe.core.ConfigurationException if a repository option has a value of the wrong type or
     *     range, or a name one or two edits from a repository option's ({@code ignoreErrorz}), checked as
     *     {@link Repository#configure} checks them
     */
    public Builder optionOverrides(Map<String, ?> overrides) {
      if (overrides == null) {
        throw new UsageException("CallOptions.builder().optionOverrides(null): pass the options to override, Map.of()"
            + " for none");
      }
      RepositoryOptions.checkOverrides(overrides);
      optionOverrides.clear();
      optionOverrides.putAll(overrides);
      return this;
    }

    /**
     * Who makes the call, put under {@code user} in every event's args; null (the default) for an anonymous
     * call, or for the user of the unit of work the call joins.
     */
    public Builder user(Object who) {
      this.user = who;
      return this;
    }

    /**
     * An extra key for the handlers' args (the identity keys {@code controller} and {@code action} included).
     * A key the repository call sets itself is refused, since the call would drop or replace its value:
     * {@code self}, {@code path}, {@code user}, {@code options}, {@code optionOverrides},
     * {@code frontEndOptions}, {@code config}, {@code params}, {@code id}, {@code entity}, {@code changes},
     * {@code results}, {@code lastResult}, {@code result}, {@code index}, {@code trace}, {@code criteria},
     * {@code total} and {@code scope}; set the path, the user and the options with their own methods. So is
     * an {@code action} that is no {@code String} and a {@code query} that is no {@code Map}, the types the
     * handlers read them as.
     */
    public Builder put(String key, Object value) {
      if (key == null) {
        throw new UsageException("CallOptions.builder().put(null, " + value + "): pass the name the handlers read the"
            + " value under");
      }
      String instead = RESERVED.get(key);
      if (instead != null) {
        throw new UsageException("CallOptions.builder().put(\"" + key + "\", ...): the repository call sets '" + key
            + "' in the args itself, so this value would never reach the handlers; " + instead);
      }
      if (value != null && ((key.equals(EventArgs.ACTION) && !(value instanceof String))
          || (key.equals(EventArgs.QUERY) && !(value instanceof Map)))) {
        // the handlers read these keys as EventArgs.action() and query(): refused here, not at the call
        throw new UsageException("CallOptions.builder().put(\"" + key + "\", " + value + "): the args key '" + key
            + "' holds " + (key.equals(EventArgs.ACTION) ? "the action's name, a String" : "the query, a Map")
            + ", not " + Words.withArticle(value.getClass().getName()) + "; put the value under a name of your own");
      }
      extra.put(key, value);
      return this;
    }

    /** The options; immutable, so one instance may serve many calls. */
    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
