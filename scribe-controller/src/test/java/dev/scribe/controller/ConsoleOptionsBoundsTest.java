package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The console's capacity is refused where it is given when it is no number of requests a ring can hold. */
class ConsoleOptionsBoundsTest {
  @Test
  void aCapacityBeyondAHundredThousandRequestsIsRefusedNamingItsBounds() {
    // the ring was allocated whole when the application was built: capacity(Integer.MAX_VALUE) was an
    // OutOfMemoryError ("Requested array size exceeds VM limit") naming no setting
    assertThatThrownBy(() -> ConsoleOptions.enabled().capacity(Integer.MAX_VALUE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("the console capacity must be at least 1 and at most 100000 requests, not 2147483647");
    assertThatThrownBy(() -> ConsoleOptions.enabled().capacity(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at most 100000");
    assertThat(ConsoleOptions.enabled().capacity(100_000).capacity()).isEqualTo(100_000);
  }
}
