package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server builder's durations are refused beyond what Jetty's timers hold, where they are given. */
class ServerBuilderBoundsTest {
  private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);

  @Test
  void anIdleTimeoutBeyondTwentyFourDaysIsRefusedNamingItsBounds() {
    // it overflowed Duration.toMillis() with an ArithmeticException at start(), naming no setting
    assertThatThrownBy(() -> ScribeServer.builder().idleTimeout(HUGE)).isInstanceOf(ConfigurationException.class)
        .hasMessage("idleTimeout must be at least 100 ms and at most 2147483647 ms (about 24 days), not " + HUGE);
    assertThatThrownBy(() -> ScribeServer.builder().idleTimeout(Duration.ofMillis(Integer.MAX_VALUE + 1L)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 2147483647 ms");
    ScribeServer.builder().idleTimeout(Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void aStopTimeoutBeyondTwentyFourDaysIsRefusedNamingItsBounds() {
    assertThatThrownBy(() -> ScribeServer.builder().stopTimeout(HUGE)).isInstanceOf(ConfigurationException.class)
        .hasMessage("stopTimeout must be at least 0 ms and at most 2147483647 ms (about 24 days), not " + HUGE);
    assertThatThrownBy(() -> ScribeServer.builder().stopTimeout(null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stopTimeout");
    ScribeServer.builder().stopTimeout(Duration.ZERO).stopTimeout(Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void moreThreadsKeptReadyThanAMachineStartsIsRefusedWhereItIsGiven() {
    // Jetty starts them all at start(): Integer.MAX_VALUE failed there with a bare IllegalArgumentException from its
    // job queue, and a hundred thousand would start a hundred thousand threads
    assertThatThrownBy(() -> ScribeServer.builder().minThreads(Integer.MAX_VALUE)).isInstanceOf(ConfigurationException.class)
        .hasMessage("minThreads must be at least 1 and at most 10000, not 2147483647; it is how many threads are started"
            + " at start() and kept ready (8 by default), each with a stack of its own");
    assertThatThrownBy(() -> ScribeServer.builder().minThreads(10_001)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("minThreads must be at least 1 and at most 10000, not 10001");
    assertThatThrownBy(() -> ScribeServer.builder().minThreads(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("minThreads must be at least 1 and at most 10000, not 0");
    ScribeServer.builder().minThreads(10_000).maxThreads(Integer.MAX_VALUE);
  }
}
