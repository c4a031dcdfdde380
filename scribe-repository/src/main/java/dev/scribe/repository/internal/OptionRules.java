package dev.scribe.repository.internal;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Option;
import dev.scribe.core.Options;
import dev.scribe.core.internal.scan.EditDistance;
import java.util.Collection;

/**
 * The checks of option names and ranges that the repository's and the controller's options share when they
 * are configured. Internal, unsupported.
 */
public final class OptionRules {
  private OptionRules() {}

  /**
   * Refuses a name that is not one of {@code known} but one or two edits from one of them: a misspelt
   * option ({@code ignoreErrorz}) would otherwise be kept without effect, as an application's own option.
   */
  public static void refuseLookAlikes(Options options, Collection<String> known, String of, String where) {
    for (String name : options.asMap().keySet()) {
      if (known.contains(name)) {
        continue;
      }
      String closest = EditDistance.closest(name, known);
      if (closest != null) {
        throw new ConfigurationException("option '" + name + "' is not an option of " + of + "; did you mean '"
            + closest + "'? (an application's own options must not look like Scribe's), in " + where);
      }
    }
  }

  /** Refuses a value of {@code option} below {@code minimum} (types are checked before). */
  public static void requireAtLeast(Options options, Option<Integer> option, int minimum, String where) {
    if (options.has(option.name()) && option.in(options) < minimum) {
      throw new ConfigurationException("option '" + option.name() + "' is " + option.in(options) + ", but must be "
          + (minimum == 0 ? "0 or more" : "at least " + minimum) + ", in " + where);
    }
  }
}
