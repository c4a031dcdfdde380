package dev.scribe.controller;

import dev.scribe.core.ConfigurationException;

/**
 * How many import jobs wait, and how many finished ones are kept, shared between the callers of an application
 * ({@link RestApplication.Builder#importJobs(ImportJobLimits)}). Jobs run one at a time; each waiting job holds its
 * spooled body on disk, each finished one its report in memory and in its row of {@code scribe_import_jobs}, the
 * table that keeps the jobs' status across restarts (docs/bulk.md).
 *
 * <ul>
 *   <li>{@code maxWaiting} (default {@value #DEFAULT_MAX_WAITING}): the jobs waiting for the running one, all callers
 *       together; one more is a 503 with {@code Retry-After};</li>
 *   <li>{@code maxWaitingPerCaller} (default {@value #DEFAULT_MAX_WAITING_PER_CALLER}): the waiting jobs of one
 *       identified caller; one more is a 429 with {@code Retry-After}, so that one caller (a script importing in a
 *       loop) leaves most of the queue to the others;</li>
 *   <li>{@code maxAnonymousWaiting} (default half of {@code maxWaiting} in an application with an authenticator,
 *       which tells callers apart; without one, every caller is anonymous and the default is {@code maxWaiting}):
 *       the waiting jobs of every caller without credentials together, which cannot be told apart; one more is a
 *       503 with {@code Retry-After};</li>
 *   <li>{@code kept} (default {@value #DEFAULT_KEPT}): the finished jobs kept, in memory and as rows of the table,
 *       all callers together. When one more finishes, the oldest finished job of the caller holding the most goes
 *       (callers without credentials count as one), so that a caller's flood pushes out its own results and not
 *       another's.</li>
 * </ul>
 *
 * <p>Immutable; a bound outside its range is a {@link ConfigurationException} naming it.
 *
 * <pre>{@code
 * RestApplication.builder(store)
 *     .importJobs(ImportJobLimits.builder().maxWaiting(64).maxWaitingPerCaller(8).kept(1_000).build())
 * }</pre>
 */
public final class ImportJobLimits {
  /** The jobs waiting at once by default. */
  public static final int DEFAULT_MAX_WAITING = 16;
  /** The waiting jobs of one identified caller by default: a quarter of the queue. */
  public static final int DEFAULT_MAX_WAITING_PER_CALLER = 4;
  /** The finished jobs kept by default. */
  public static final int DEFAULT_KEPT = 100;
  /** The most jobs that may wait: each holds a spooled body of up to {@code maxImportBytes} on disk. */
  public static final int MAX_WAITING = 10_000;
  /** The most finished jobs that may be kept: each holds its report (up to {@code maxImportReport} entries). */
  public static final int MAX_KEPT = 100_000;
  private static final ImportJobLimits DEFAULTS = builder().build();

  private final int maxWaiting;
  private final int maxWaitingPerCaller;
  private final int maxAnonymousWaiting;
  private final int kept;

  private ImportJobLimits(Builder builder) {
    this.maxWaiting = builder.maxWaiting;
    this.maxWaitingPerCaller = Math.min(builder.maxWaitingPerCaller, builder.maxWaiting);
    this.maxAnonymousWaiting = Math.min(builder.maxAnonymousWaiting, builder.maxWaiting);
    this.kept = builder.kept;
  }

  /** The defaults: 16 waiting, 4 of them per identified caller, 100 finished kept. */
  public static ImportJobLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxWaiting() {
    return maxWaiting;
  }

  /** At most {@link #maxWaiting()}. */
  public int maxWaitingPerCaller() {
    return maxWaitingPerCaller;
  }

  /**
   * The waiting jobs of callers without credentials together in an application that authenticates; at most
   * {@link #maxWaiting()}. Unless set: half of it with an authenticator, all of it without.
   */
  public int maxAnonymousWaiting(boolean authenticates) {
    if (maxAnonymousWaiting > 0) {
      return maxAnonymousWaiting;
    }
    return authenticates ? Math.max(1, maxWaiting / 2) : maxWaiting;
  }

  public int kept() {
    return kept;
  }

  @Override
  public String toString() {
    return "ImportJobLimits[maxWaiting=" + maxWaiting + ", maxWaitingPerCaller=" + maxWaitingPerCaller
        + ", maxAnonymousWaiting=" + (maxAnonymousWaiting > 0 ? String.valueOf(maxAnonymousWaiting) : "default")
        + ", kept=" + kept + "]";
  }

  /** Collects the bounds; each is checked as it is set. */
  public static final class Builder {
    private int maxWaiting = DEFAULT_MAX_WAITING;
    private int maxWaitingPerCaller = DEFAULT_MAX_WAITING_PER_CALLER;
    private int maxAnonymousWaiting;   // 0: half of maxWaiting with an authenticator, all of it without
    private int kept = DEFAULT_KEPT;

    private Builder() {}

    /** The jobs that may wait for the running one, all callers together. */
    public Builder maxWaiting(int jobs) {
      this.maxWaiting = within("maxWaiting", jobs, MAX_WAITING, "the import jobs that may wait at once, each with its"
          + " body spooled on disk");
      return this;
    }

    /** The jobs one identified caller may have waiting (cut to {@code maxWaiting}). */
    public Builder maxWaitingPerCaller(int jobs) {
      this.maxWaitingPerCaller = within("maxWaitingPerCaller", jobs, MAX_WAITING, "the import jobs one identified"
          + " caller may have waiting at once");
      return this;
    }

    /** The jobs callers without credentials may have waiting, all of them together (cut to {@code maxWaiting}). */
    public Builder maxAnonymousWaiting(int jobs) {
      this.maxAnonymousWaiting = within("maxAnonymousWaiting", jobs, MAX_WAITING, "the import jobs callers without"
          + " credentials may have waiting at once, all together");
      return this;
    }

    /** The finished jobs kept in memory, all callers together. */
    public Builder kept(int jobs) {
      this.kept = within("kept", jobs, MAX_KEPT, "the finished import jobs kept in memory, each with its report");
      return this;
    }

    public ImportJobLimits build() {
      return new ImportJobLimits(this);
    }

    private static int within(String name, int value, int most, String meaning) {
      if (value < 1 || value > most) {
        throw new ConfigurationException("ImportJobLimits.builder()." + name + "(" + value + "): must be at least 1"
            + " and at most " + most + " (" + meaning + ")");
      }
      return value;
    }
  }
}
