package dev.scribe.bench;

import dev.scribe.core.EventArgs;

/**
 * A handler every dispatch variant runs, called directly, through Scribe (found by its method name
 * {@code preCreate}) and through Guava's EventBus (found by {@code @Subscribe}). Two weights, chosen
 * by the benchmark's {@code handler} parameter: {@link PutHandler} and {@link CopyHandler}.
 */
public abstract class BenchHandler {
  static final String TITLE = "title";
  static final String SLUG = "slug";
  static final String TITLE_VALUE = "Write the benchmark";

  /** Mutates the params map the event carries. */
  public abstract void preCreate(EventArgs args);

  /** A fresh handler of the named weight. */
  static BenchHandler of(String weight) {
    switch (weight) {
      case "put":
        return new PutHandler();
      case "copy":
        return new CopyHandler();
      default:
        throw new IllegalArgumentException("handler weight is 'put' or 'copy', not '" + weight + "'");
    }
  }
}
