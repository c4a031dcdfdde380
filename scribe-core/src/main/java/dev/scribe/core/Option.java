package dev.scribe.core;


/**
 * One named option with its type and its default: how a tier declares the options it reads, in one place
 * (for example {@code RepositoryOptions}). {@link #in(Options)} reads it from the effective options of a
 * path, with the typed reads of {@link Options}, so a value of the wrong type is a
 * {@link ConfigurationException} naming the option.
 *
 * <pre>{@code
 * static final Option<Integer> MAX_ROWS = Option.integer("maxRows", 1_000);
 * int max = MAX_ROWS.in(args.config());
 * }</pre>
 *
 * @param name the option's name, the key in the options map
 * @param type the type of its value
 * @param defaultValue what it is when no option sets it (null for "none")
 */
public record Option<T>(String name, Class<T> type, T defaultValue) {
  public Option {
    if (name == null || name.isBlank()) {
      // a blank name is no key a configuration sets: the option would silently always be its default
      throw new UsageException("Option(" + (name == null ? "null" : "\"" + name + "\"") + ", " + (type == null ? "null" : type.getSimpleName()) + ", " + defaultValue
          + "): pass the option's name, the key in the options map, e.g. Option.integer(\"maxRows\", 1000)");
    }
    if (type == null) {
      throw new UsageException("Option(" + name + ", null, " + defaultValue + "): pass the type of the option's value,"
          + " e.g. Integer.class");
    }
  }

  /** A switch: a boolean, or the strings {@code true} / {@code false}. */
  public static Option<Boolean> bool(String name, boolean defaultValue) {
    return new Option<>(name, Boolean.class, defaultValue);
  }

  /** A whole number: an integral number or a numeric string. */
  public static Option<Integer> integer(String name, int defaultValue) {
    return new Option<>(name, Integer.class, defaultValue);
  }

  /** This option's value in {@code options}, or its default when they do not set it. */
  public T in(Options options) {
    if (options == null) {
      throw new UsageException(name + ".in(null): pass the effective options to read it from, e.g. args.config()");
    }
    if (type == Boolean.class || type == Integer.class) {
      if (defaultValue == null && options.get(name) == null) {
        return null; // no default and nothing set: none, as for any other type (the typed reads take a primitive)
      }
      return type == Boolean.class ? type.cast(options.bool(name, defaultValue != null && (Boolean) defaultValue))
          : type.cast(options.integer(name, defaultValue == null ? 0 : (Integer) defaultValue));
    }
    T value = options.get(name, type);
    return value == null ? defaultValue : value;
  }

  @Override
  public String toString() {
    return name;
  }
}
