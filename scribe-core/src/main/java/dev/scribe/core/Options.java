package dev.scribe.core;

import dev.scribe.core.internal.Words;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable map of options with typed reads: the effective configuration of one context path.
 * A read of the wrong type names the option, what it holds and what was expected.
 *
 * <pre>{@code
 * int max = args.config().integer("maxPageSize", 100);
 * }</pre>
 */
public final class Options {
  private static final Options EMPTY = new Options(Map.of());

  private final Map<String, Object> values;

  private Options(Map<String, Object> values) {
    this.values = values;
  }

  /** No options. */
  public static Options empty() {
    return EMPTY;
  }

  /**
   * A copy of {@code values}, unmodifiable all the way down: a map, list or set among them is copied with the maps,
   * lists and sets inside it, so that a caller's later change to one no longer reaches these options. A null map, or a name that is null or no {@code String} (only a raw map can
   * hold one), is a {@link UsageException} naming it.
   */
  public static Options of(Map<String, ?> values) {
    if (values == null) {
      throw new UsageException("Options.of(null): pass the options by name, Map.of() (or Options.empty()) for none");
    }
    requireNames(values);
    return values.isEmpty() ? EMPTY : new Options(Collections.unmodifiableMap(ImmutableCopy.ofOptions(values)));
  }

  /**
   * These options with {@code overrides} on top (an override wins key by key); a name that is null or no
   * {@code String} is a {@link UsageException}, as for {@link #of}.
   */
  public Options with(Map<String, ?> overrides) {
    if (overrides == null || overrides.isEmpty()) {
      return this;
    }
    requireNames(overrides);
    LinkedHashMap<String, Object> merged = new LinkedHashMap<>(values);
    // copied all the way down: a list the caller changes afterwards would otherwise change the configuration
    merged.putAll(ImmutableCopy.ofOptions(overrides));
    return new Options(Collections.unmodifiableMap(merged));
  }

  private static void requireNames(Map<?, ?> values) {
    for (Map.Entry<?, ?> option : values.entrySet()) {
      Object name = option.getKey();
      if (!(name instanceof String)) {
        // a null name would otherwise fail as a NullPointerException in the checks of option names
        throw new UsageException("the options " + values + " have the name " + name
            + (name == null ? "" : " (" + Words.withArticle(name.getClass().getSimpleName()) + ")") + " for the value "
            + option.getValue() + "; name each option with a String, such as \"ignoreErrors\"");
      }
    }
  }

  /** The raw value, or null. */
  public Object get(String name) {
    return values.get(named(name, "get(null)"));
  }

  /** True when {@code name} is set, even to null; false when it is absent (a default then applies). */
  public boolean has(String name) {
    return values.containsKey(named(name, "has(null)"));
  }

  /** A boolean option; accepts Boolean or the strings "true"/"false". */
  public boolean bool(String name, boolean fallback) {
    Object value = values.get(named(name, "bool(null, ...)"));
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw wrongType(name, value, "a boolean");
  }

  /**
   * An integer option; accepts any integral Number ({@code Integer}, {@code Long}, {@code Short}, {@code Byte},
   * {@code BigInteger}) or a numeric string whose value fits an {@code int}.
   */
  public int integer(String name, int fallback) {
    Object value = values.get(named(name, "integer(null, ...)"));
    if (value == null) {
      return fallback;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Long || value instanceof BigInteger || value instanceof String) {
      BigInteger number;
      try {
        number = value instanceof String text ? new BigInteger(text) : new BigInteger(value.toString());
      } catch (NumberFormatException e) {
        throw wrongType(name, value, "an integer");
      }
      // a value outside the int range would otherwise wrap around into another, seemingly valid, setting
      if (number.bitLength() > 31) {
        throw wrongType(name, value, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
      }
      return number.intValue();
    }
    throw wrongType(name, value, "an integer");
  }

  /** A string option. */
  public String string(String name, String fallback) {
    Object value = values.get(named(name, "string(null, ...)"));
    return value == null ? fallback : value.toString();
  }

  /**
   * An option of an arbitrary type; null when absent. A primitive type ({@code int.class}) reads the boxed value, as
   * {@link EventArgs#get(String, Class)} does, and an absent option is then a {@link UsageException} naming it,
   * since a primitive cannot be null.
   */
  @SuppressWarnings("unchecked")
  public <T> T get(String name, Class<T> type) {
    Object value = values.get(named(name, "get(null, ...)"));
    if (type == null) {
      throw new UsageException("Options.get(\"" + name + "\", null): pass the type to read the option as, e.g. get(\""
          + name + "\", Integer.class), or get(\"" + name + "\") for the value as it is");
    }
    if (type.isPrimitive()) {
      // no value is an instance of int.class: every Integer was refused as not an int, and an absent option's null
      // failed the caller's unboxing
      Class<?> boxed = java.lang.invoke.MethodType.methodType(type).wrap().returnType();
      if (value == null) {
        throw new UsageException("Options.get(\"" + name + "\", " + type.getName() + ".class): the options hold no '" + name
            + "', and " + Words.withArticle(type.getName()) + " cannot be null; read it as " + boxed.getSimpleName()
            + ".class to get null when it is absent" + (type == int.class ? ", or use integer(\"" + name + "\", fallback)"
            : type == boolean.class ? ", or use bool(\"" + name + "\", fallback)" : ""));
      }
      if (boxed.isInstance(value)) {
        return (T) value;
      }
      throw wrongType(name, value, Words.withArticle(type.getName()));
    }
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw wrongType(name, value, Words.withArticle(type.getSimpleName()));
  }

  /**
   * {@code name}, or a {@link UsageException} for a null name (the options map answers a lookup of null with a
   * bare NullPointerException). {@code call} is a constant: the reads are on every call's path.
   */
  private static String named(String name, String call) {
    if (name == null) {
      throw new UsageException("Options." + call + ": pass the name of the option to read, such as \"ignoreErrors\"");
    }
    return name;
  }

  /** A read-only view of every option. */
  public Map<String, Object> asMap() {
    return values;
  }

  private static ConfigurationException wrongType(String name, Object value, String expected) {
    return new ConfigurationException("option '" + name + "' is " + value.getClass().getSimpleName() + " '" + value
        + "', but must be " + expected);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options && ((Options) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
