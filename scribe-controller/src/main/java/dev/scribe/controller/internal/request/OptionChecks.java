package dev.scribe.controller.internal.request;

import dev.scribe.controller.ControllerOptions;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Option;
import dev.scribe.core.Options;
import dev.scribe.repository.RepositoryOptions;
import java.util.List;
import java.util.Map;

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

  private OptionChecks() {}

  /** Checks every option of {@code config} that has a type, in its defaults and in each override. */
  public static void check(Config config, String owner) {
    check(config.defaults(), owner + ", the defaults");
    for (Map.Entry<String, Options> override : config.overrides().entrySet()) {
      check(override.getValue(), owner + ", the override for '" + override.getKey() + "'");
    }
  }

  private static void check(Options options, String where) {
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
    NextUrls.check(options, where);
  }
}
