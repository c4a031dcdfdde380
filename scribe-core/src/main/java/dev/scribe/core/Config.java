package dev.scribe.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Options with per-context-path overrides. {@link #resolve} merges the defaults and then every
 * override whose glob matches the path, from the least to the most specific glob, so the most
 * specific path wins key by key (an exact path beats {@code *}, which beats {@code **}; with equal
 * specificity the override added last wins).
 *
 * <p>Immutable and thread-safe; resolved options are cached per path.
 *
 * <pre>{@code
 * Config config = Config.of(Map.of("maxPageSize", 100))
 *     .override("admin.**", Map.of("maxPageSize", 1000));
 * config.resolve("admin.tasks.index").integer("maxPageSize", 0);   // 1000
 * }</pre>
 */
public final class Config {
  private final Options defaults;
  private final List<Override> overrides;
  private final Map<String, Options> resolved = new ConcurrentHashMap<>();

  private Config(Options defaults, List<Override> overrides) {
    this.defaults = defaults;
    this.overrides = overrides;
  }

  /** Defaults without overrides. */
  public static Config of(Map<String, ?> defaults) {
    if (defaults == null) {
      throw new UsageException("Config.of(null): pass the default options, Map.of() (or Config.empty()) for none");
    }
    return new Config(Options.of(defaults), List.of());
  }

  /** No options at all. */
  public static Config empty() {
    return of(Map.of());
  }

  /** A new config with one more override for the paths matching {@code pathGlob}. */
  public Config override(String pathGlob, Map<String, ?> options) {
    if (options == null) {
      throw new UsageException("override(" + pathGlob + ", null): pass the options for the paths the glob matches, Map.of() for none");
    }
    List<Override> list = new ArrayList<>(overrides);
    list.add(new Override(PathGlob.of(pathGlob), Options.of(options), list.size()));
    list.sort(Comparator.comparing(Override::glob).thenComparingInt(Override::order));
    return new Config(defaults, List.copyOf(list));
  }

  /** A new config whose defaults are these defaults with {@code options} on top. */
  public Config withDefaults(Map<String, ?> options) {
    Config config = new Config(defaults.with(options), List.of());
    return rebuild(config);
  }

  /** A new config with this one's overrides followed by {@code other}'s, and {@code other}'s defaults on top. */
  public Config merge(Config other) {
    if (other == null) {
      throw new UsageException("merge(null): pass the Config to merge, Config.empty() for none");
    }
    Config config = new Config(defaults.with(other.defaults.asMap()), List.of());
    config = rebuild(config);
    for (Override override : other.overrides) {
      config = config.override(override.glob().pattern(), override.options().asMap());
    }
    return config;
  }

  private Config rebuild(Config base) {
    Config config = base;
    List<Override> inOrder = new ArrayList<>(overrides);
    inOrder.sort(Comparator.comparingInt(Override::order));
    for (Override override : inOrder) {
      config = config.override(override.glob().pattern(), override.options().asMap());
    }
    return config;
  }

  /** The defaults, without any override. */
  public Options defaults() {
    return defaults;
  }

  /**
   * The effective options of {@code path}; the defaults when the path is null.
   *
   * @throws UsageException if the path is not names separated by single dots ({@code "admin..tasks"}, a blank
   *     path, whitespace or a {@code *}): no override's glob matches such a path as meant
   */
  public Options resolve(String path) {
    if (path == null) {
      return defaults;
    }
    if (overrides.isEmpty()) {
      checkPath(path);
      return defaults;
    }
    Options options = resolved.get(path);
    if (options != null) {
      return options;
    }
    checkPath(path);
    return resolved.computeIfAbsent(path, this::compute);
  }

  private static void checkPath(String path) {
    if (!ContextPath.isValid(path)) {
      throw new UsageException("Config.resolve(\"" + path + "\"): " + ContextPath.RULE + "; pass null for the defaults");
    }
  }

  private Options compute(String path) {
    LinkedHashMap<String, Object> merged = new LinkedHashMap<>(defaults.asMap());
    for (Override override : overrides) {
      if (override.glob().matches(path)) {
        merged.putAll(override.options().asMap());
      }
    }
    return Options.of(merged);
  }

  /**
   * The overrides by glob, least specific first: how {@link #resolve} applies them. A glob given several overrides
   * (by {@link #override} twice, or by {@link #merge}) is listed once, with their options merged in the order they
   * were added, the later winning key by key, as they apply to every path the glob matches.
   */
  public Map<String, Options> overrides() {
    LinkedHashMap<String, Options> map = new LinkedHashMap<>();
    for (Override override : overrides) {
      // put alone kept only the last override of a glob: the checks that read this list never saw the others
      map.merge(override.glob().pattern(), override.options(), (earlier, later) -> earlier.with(later.asMap()));
    }
    return map;
  }

  private record Override(PathGlob glob, Options options, int order) {}
}
