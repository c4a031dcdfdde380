package dev.scribe.repository;

import dev.scribe.core.Option;
import dev.scribe.repository.internal.OptionRules;
import java.util.Collection;

/**
 * The repository tier's options, each with its type and its default, set with {@link Repository#configure}
 * or per call with {@link CallOptions} overrides. docs/reference.md lists them.
 */
public final class RepositoryOptions {
  /** Keep the valid records of a batch; the refused ones come back in {@link BatchResult#failures()}. */
  public static final Option<Boolean> IGNORE_ERRORS = Option.bool("ignoreErrors", false);
  /** False ignores params keys that are not attributes. */
  public static final Option<Boolean> REJECT_UNKNOWN_FIELDS = Option.bool("rejectUnknownFields", true);
  /** Attributes hidden from the caller: a refusal's list of settable fields leaves them out (default none). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Option<Collection<?>> HIDDEN_FIELDS = new Option<>("hiddenFields", (Class) Collection.class, null);
  /** An unconditional update or delete locks its row when it loads it. */
  public static final Option<Boolean> LOCK_ON_UPDATE = Option.bool("lockOnUpdate", true);
  /**
   * Attributes a replacing update ({@code CallOptions.replace}, an HTTP {@code PUT}) leaves as they are when
   * its params do not name them, instead of resetting them: the controller tier sets it to the fields its
   * caller may not see or may not write, so that a PUT never clears what its caller could not have sent.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Option<Collection<?>> KEPT_ON_REPLACE = new Option<>("keptOnReplace", (Class) Collection.class, null);
  /** Bulk update / delete by query refuses more rows than this. */
  public static final Option<Integer> MAX_BULK_ROWS = Option.integer("maxBulkRows", 10_000);
  /** Rows loaded per page by bulk writes. */
  public static final Option<Integer> BULK_PAGE_SIZE = Option.integer("bulkPageSize", 500);
  /** JDBC fetch size of an export's scrolling query. */
  public static final Option<Integer> SCROLL_FETCH_SIZE = Option.integer("scrollFetchSize", 500);

  private RepositoryOptions() {}

  private static final java.util.List<Option<?>> TYPED = java.util.List.of(IGNORE_ERRORS, REJECT_UNKNOWN_FIELDS,
      HIDDEN_FIELDS, LOCK_ON_UPDATE, MAX_BULK_ROWS, BULK_PAGE_SIZE, SCROLL_FETCH_SIZE, KEPT_ON_REPLACE);

  /**
   * Checks the value of every option of this tier that {@code config} sets, in its defaults and in each
   * override, so that a wrong type is a {@link dev.scribe.core.ConfigurationException} naming the option and
   * the path when the repository is configured, not at its first call.
   */
  static void check(dev.scribe.core.Config config, String owner) {
    check(config.defaults(), owner + ", the defaults");
    for (java.util.Map.Entry<String, dev.scribe.core.Options> override : config.overrides().entrySet()) {
      check(override.getValue(), owner + ", the override for '" + override.getKey() + "'");
    }
  }

  /**
   * Checks the options of one call ({@link CallOptions.Builder#optionOverrides}) as {@link #check} checks a
   * repository's, so that a misspelt override ({@code ignoreErrorz}) is refused where it is written rather than
   * kept without effect, as an application's own option would be.
   */
  static void checkOverrides(java.util.Map<String, ?> overrides) {
    check(dev.scribe.core.Options.of(overrides), "CallOptions.builder().optionOverrides(" + overrides + ")");
  }

  private static final java.util.List<Option<Integer>> AT_LEAST_ONE = java.util.List.of(MAX_BULK_ROWS, BULK_PAGE_SIZE,
      SCROLL_FETCH_SIZE);

  private static void check(dev.scribe.core.Options options, String where) {
    OptionRules.refuseLookAlikes(options, NAMES, "a repository", where);
    for (Option<?> option : TYPED) {
      if (options.has(option.name())) {
        try {
          option.in(options);
        } catch (dev.scribe.core.ConfigurationException e) {
          throw new dev.scribe.core.ConfigurationException(e.getMessage() + ", in " + where, e);
        }
      }
    }
    for (Option<Integer> option : AT_LEAST_ONE) {
      OptionRules.requireAtLeast(options, option, 1, where);
    }
  }

  private static final java.util.List<String> NAMES = TYPED.stream().map(Option::name).toList();
}
