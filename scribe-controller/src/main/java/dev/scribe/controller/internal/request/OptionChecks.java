package dev.scribe.controller.internal.request;

import dev.scribe.controller.Access;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.FieldPolicy;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Option;
import dev.scribe.core.Options;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.internal.OptionRules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the types of a controller's options when it is configured and when the application is built, in
 * the defaults and in every override, so that a wrong value is a {@link ConfigurationException} naming the
 * option, the controller and the path rather than a 500 on the first request that reads it: the switches
 * are booleans, the sizes whole numbers, the next URLs what {@link NextUrls} accepts.
 */
public final class OptionChecks {
  private static final List<Option<Boolean>> SWITCHES = List.of(ControllerOptions.INSERTABLE,
      ControllerOptions.EDITABLE, ControllerOptions.DELETABLE, ControllerOptions.IGNORE_ERRORS,
      RepositoryOptions.REJECT_UNKNOWN_FIELDS);
  private static final List<Option<Integer>> SIZES = List.of(ControllerOptions.DEFAULT_PAGE_SIZE,
      ControllerOptions.MAX_PAGE_SIZE, ControllerOptions.MAX_BATCH_SIZE, ControllerOptions.UPDATE_RETRIES,
      ControllerOptions.IMPORT_CHUNK_SIZE, ControllerOptions.IMPORT_ASYNC_ROWS, ControllerOptions.MAX_IMPORT_BYTES,
      ControllerOptions.MAX_IMPORT_REPORT);

  /** The sizes that must be at least one; the others (retries, the async threshold) may be zero. */
  private static final List<Option<Integer>> AT_LEAST_ONE = List.of(ControllerOptions.DEFAULT_PAGE_SIZE,
      ControllerOptions.MAX_PAGE_SIZE, ControllerOptions.MAX_BATCH_SIZE, ControllerOptions.IMPORT_CHUNK_SIZE,
      ControllerOptions.MAX_IMPORT_BYTES, ControllerOptions.MAX_IMPORT_REPORT);
  /** Every option a controller reads, its repository's included: a name one or two edits from these is a typo. */
  private static final Set<String> KNOWN = known();

  private OptionChecks() {}

  private static Set<String> known() {
    Set<String> names = new TreeSet<>();
    for (Class<?> holder : List.of(ControllerOptions.class, RepositoryOptions.class)) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == Option.class) {
          try {
            names.add(((Option<?>) field.get(null)).name());
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    names.addAll(List.of(Access.REQUIRES_USER, Access.REQUIRES_ROLE, FieldPolicy.WRITE_ROLES, FieldPolicy.READ_ROLES));
    names.addAll(Controller.DEFAULT_OPTIONS.keySet());
    return Set.copyOf(names);
  }

  /** Checks every option of {@code config} that has a type, in its defaults and in each override. */
  public static void check(Config config, String owner) {
    check(config.defaults(), owner + ", the defaults");
    for (Map.Entry<String, Options> override : config.overrides().entrySet()) {
      check(override.getValue(), owner + ", the override for '" + override.getKey() + "'");
    }
  }

  private static void check(Options options, String where) {
    OptionRules.refuseLookAlikes(options, KNOWN, "a controller", where);
    for (Option<Boolean> option : SWITCHES) {
      if (options.has(option.name())) {
        try {
          option.in(options);
        } catch (ConfigurationException e) {
          throw new ConfigurationException(e.getMessage() + " (true or false), in " + where, e);
        }
      }
    }
    for (Option<Integer> option : SIZES) {
      if (options.has(option.name())) {
        try {
          option.in(options);
        } catch (ConfigurationException e) {
          throw new ConfigurationException(e.getMessage() + " (a whole number), in " + where, e);
        }
      }
    }
    for (Option<Integer> option : AT_LEAST_ONE) {
      OptionRules.requireAtLeast(options, option, 1, where);
    }
    OptionRules.requireAtLeast(options, ControllerOptions.UPDATE_RETRIES, 0, where);
    NextUrls.check(options, where);
    checkRoles(options, where);
    checkFiles(options, where);
    if (options.has(Access.REQUIRES_USER) && !(options.get(Access.REQUIRES_USER) instanceof Boolean)) {
      throw new ConfigurationException("option '" + Access.REQUIRES_USER + "' is " + describe(options.get(Access.REQUIRES_USER))
          + ", but must be a boolean (true or false), in " + where);
    }
  }

  private static final java.util.regex.Pattern MEDIA_RANGE =
      java.util.regex.Pattern.compile("(\\*/\\*|[A-Za-z0-9!#$&^_.+-]+/([A-Za-z0-9!#$&^_.+-]+|\\*))(\\s*;.*)?");

  /**
   * The file options: before, a {@code maxFileBytes} that was no number meant the default and one below 1 refused
   * every upload with a 413; an empty {@code fileTypes} list allowed every type and a type such as {@code "pdf"}
   * refused every upload with a 415.
   */
  private static void checkFiles(Options options, String where) {
    String bytes = ControllerOptions.MAX_FILE_BYTES.name();
    if (options.has(bytes)) {
      Object value = options.get(bytes);
      boolean whole = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
      if (!whole || ((Number) value).longValue() < 1) {
        throw new ConfigurationException("option '" + bytes + "' is " + describe(value) + ", but must be a whole number"
            + " of bytes, at least 1 (10 MiB by default, e.g. 50L << 20 for 50 MiB), in " + where);
      }
    }
    String types = ControllerOptions.FILE_TYPES.name();
    if (options.has(types)) {
      Object value = options.get(types);
      boolean valid = value instanceof String ? MEDIA_RANGE.matcher(((String) value).strip()).matches()
          : value instanceof Iterable && ((Iterable<?>) value).iterator().hasNext();
      if (value instanceof Iterable) {
        for (Object type : (Iterable<?>) value) {
          valid &= type instanceof String && MEDIA_RANGE.matcher(((String) type).strip()).matches();
        }
      }
      if (!valid) {
        throw new ConfigurationException("option '" + types + "' is " + describe(value) + ", but must be a media type"
            + " or a non-empty list of them, such as \"application/pdf\" or List.of(\"image/*\", \"text/plain\") (leave"
            + " it unset for any type), in " + where);
      }
    }
  }

  private static String describe(Object value) {
    return value == null || value instanceof Iterable ? String.valueOf(value)
        : value.getClass().getSimpleName() + " '" + value + "'";
  }

  /**
   * {@code requiresRole} names one role or a list of them: an empty list asked for no role, so any logged-in user
   * passed (a check that failed open), and a blank name is a role nobody holds.
   */
  private static void checkRoles(Options options, String where) {
    if (options.has(Access.REQUIRES_ROLE) && !roleNames(options.get(Access.REQUIRES_ROLE))) {
      Object role = options.get(Access.REQUIRES_ROLE);
      throw new ConfigurationException("option '" + Access.REQUIRES_ROLE + "' is " + (role instanceof String ? "'" + role
          + "'" : role) + ", but must be a role name or a non-empty list of role names (for any logged-in user:"
          + " requiresUser true), in " + where);
    }
    // a policy that is no map was passed over as no policy at all: every field readable and writable by anyone
    for (String name : List.of(FieldPolicy.READ_ROLES, FieldPolicy.WRITE_ROLES)) {
      if (!options.has(name)) {
        continue;
      }
      Object policy = options.get(name);
      boolean valid = policy instanceof Map;
      if (valid) {
        for (Map.Entry<?, ?> field : ((Map<?, ?>) policy).entrySet()) {
          valid &= field.getKey() instanceof String && roleNames(field.getValue());
        }
      }
      if (!valid) {
        throw new ConfigurationException("option '" + name + "' is " + policy + ", but must map each field to a role name"
            + " or a non-empty list of role names, e.g. Map.of(\"budget\", List.of(\"admin\", \"finance\")), in " + where);
      }
    }
  }

  private static boolean roleNames(Object role) {
    if (role instanceof String) {
      return !((String) role).isBlank();
    }
    if (!(role instanceof Iterable) || !((Iterable<?>) role).iterator().hasNext()) {
      return false;
    }
    for (Object each : (Iterable<?>) role) {
      if (!(each instanceof String) || ((String) each).isBlank()) {
        return false;
      }
    }
    return true;
  }
}
