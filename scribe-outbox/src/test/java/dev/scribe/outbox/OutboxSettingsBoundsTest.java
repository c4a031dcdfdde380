package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The outbox's durations are refused where they are given when the relay could not use them. */
class OutboxSettingsBoundsTest {
  private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);

  @Test
  void aDurationBeyondTenYearsIsRefusedNamingTheSettingAndItsBounds() {
    // the relay overflowed toMillis()/toNanos() of such a lease, poll interval or retention as it started or ran
    assertThatThrownBy(() -> OutboxSettings.builder().lease(HUGE)).isInstanceOf(ConfigurationException.class)
        .hasMessage("outbox lease must be at least 1 ms and at most 3650 days, not " + HUGE);
    assertThatThrownBy(() -> OutboxSettings.builder().pollInterval(HUGE)).hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> OutboxSettings.builder().retention(Duration.ofDays(3651)))
        .hasMessageContaining("at most 3650 days");
    assertThatThrownBy(() -> OutboxSettings.builder().retry(Duration.ofMillis(200), HUGE))
        .hasMessageContaining("retry max");
    assertThatThrownBy(() -> OutboxSettings.builder().linger(HUGE)).isInstanceOf(ConfigurationException.class)
        .hasMessage("outbox linger must be zero or a positive duration of at most 3650 days, not " + HUGE);
    OutboxSettings.builder().lease(Duration.ofDays(3650)).retention(Duration.ofDays(3650)).linger(Duration.ZERO);
  }

  @Test
  void anInstanceIdLongerThanTheLeaseColumnIsRefusedWhereItIsGiven() {
    // the relay writes it into lease_owner, a column of 255 characters: every round that leased its rows failed
    String id = "relay-" + "x".repeat(250);
    assertThatThrownBy(() -> OutboxSettings.builder().instanceId(id)).isInstanceOf(ConfigurationException.class)
        .hasMessage("OutboxSettings.builder().instanceId(\"" + id + "\"): the name is 256 characters long, and the"
            + " lease_owner column holds at most 255; pass a shorter name, e.g. the host name");
    OutboxSettings.builder().instanceId("r".repeat(255));
  }

  @Test
  void aLeaseUnderAMillisecondIsRefused() {
    // it became 0 ms: rows claimed with no lease at all, and PostgreSQL's idle-in-transaction timeout switched off
    assertThatThrownBy(() -> OutboxSettings.builder().lease(Duration.ofNanos(999_999)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 1 ms");
  }
}
