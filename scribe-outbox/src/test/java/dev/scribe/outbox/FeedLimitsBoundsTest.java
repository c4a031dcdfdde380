package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change feed bound below 1 is refused as every other option is, with a {@code ConfigurationException} naming it:
 * it was a {@code UsageException}, so a start-up that caught configuration errors let this one through.
 */
class FeedLimitsBoundsTest {
  @Test
  void aBoundBelowOneIsAConfigurationExceptionNamingIt() {
    assertThatThrownBy(() -> FeedLimits.builder().maxStreams(0)).isInstanceOf(ConfigurationException.class)
        .hasMessage("FeedLimits.builder().maxStreams(0): must be at least 1 (ChangeFeed's servlet serves that many"
            + " streams at once)");
    assertThatThrownBy(() -> FeedLimits.builder().maxStreamsPerCaller(-1)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxStreamsPerCaller(-1)");
    assertThatThrownBy(() -> FeedLimits.builder().bufferBytes(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bufferBytes(0)");
    assertThatThrownBy(() -> FeedLimits.builder().retryAfterSeconds(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("retryAfterSeconds(0)");
    assertThatThrownBy(() -> FeedLimits.builder().maxAnonymousStreams(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxAnonymousStreams(0)");
    FeedLimits ones = FeedLimits.builder().maxStreams(1).maxStreamsPerCaller(1).maxAnonymousStreams(1).bufferBytes(1)
        .retryAfterSeconds(1).build();
    assertThat(List.of(ones.maxStreams(), ones.maxStreamsPerCaller(), ones.maxAnonymousStreams(), ones.bufferBytes(),
        ones.retryAfterSeconds())).containsOnly(1);
  }
}
