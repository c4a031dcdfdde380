package dev.scribe.repository;

import dev.scribe.core.ConfigurationException;
import java.time.Duration;

/**
 * The bounds of the store builder's durations. Each becomes a count of milliseconds the database or the pool
 * holds as an int (PostgreSQL's {@code lock_timeout}, H2's {@code LOCK_TIMEOUT}): a longer one overflowed
 * {@link Duration#toMillis()} or was refused by the database at the first unit of work, and a positive one under
 * a millisecond became 0, which PostgreSQL reads as no timeout at all.
 */
final class StoreDurations {
  static final Duration LONGEST = Duration.ofMillis(Integer.MAX_VALUE);

  private StoreDurations() {}

  static Duration between(String option, Duration value, Duration shortest) {
    if (value == null || value.compareTo(shortest) < 0 || value.compareTo(LONGEST) > 0) {
      throw new ConfigurationException(option + " must be at least " + describe(shortest) + " and at most "
          + LONGEST.toMillis() + " ms (about 24 days), not " + value);
    }
    return value;
  }

  private static String describe(Duration shortest) {
    return shortest.isZero() ? "0 ms" : shortest.toMillis() + " ms";
  }
}
