package dev.scribe.controller;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Options;
import java.util.List;
import java.util.Map;

/**
 * Checks the types of a controller's options when it is configured and when the application is built, in
 * the defaults and in every override, so that a wrong value is a {@link ConfigurationException} naming the
 * option, the controller and the path rather than a 500 on the first request that reads it: the switches
 * are booleans, the sizes whole numbers, the next URLs what {@link NextUrls} accepts.
 */
final class OptionChecks {
  private static final List<String> SWITCHES = List.of("insertable", "editable", "deletable", "ignoreErrors",
      "rejectUnknownFields");
  private static final List<String> SIZES = List.of("defaultPageSize", "maxPageSize", BodyShapes.MAX_BATCH_SIZE,
      "updateRetries", Importer.CHUNK_SIZE, Importer.ASYNC_ROWS, Importer.MAX_BYTES, Importer.MAX_REPORT);

  private OptionChecks() {}

  /** Checks every option of {@code config} that has a type, in its defaults and in each override. */
  static void check(Config config, String owner) {
    check(config.defaults(), owner + ", the defaults");
    for (Map.Entry<String, Options> override : config.overrides().entrySet()) {
      check(override.getValue(), owner + ", the override for '" + override.getKey() + "'");
    }
  }

  private static void check(Options options, String where) {
    for (String option : SWITCHES) {
      if (options.has(option)) {
        try {
          options.bool(option, false);
        } catch (ConfigurationException e) {
          throw new ConfigurationException(e.getMessage() + " (true or false), in " + where, e);
        }
      }
    }
    for (String option : SIZES) {
      if (options.has(option)) {
        try {
          options.integer(option, 0);
        } catch (ConfigurationException e) {
          throw new ConfigurationException(e.getMessage() + " (a whole number), in " + where, e);
        }
      }
    }
    NextUrls.check(options, where);
  }
}
