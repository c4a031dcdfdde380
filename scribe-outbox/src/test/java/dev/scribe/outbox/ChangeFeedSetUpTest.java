package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.ScribeException;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Setting up the change feed: a refused start leaves no connection behind, and a servlet's bound is checked. */
@Tag("broker")
class ChangeFeedSetUpTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  @Test
  void aStartTheBrokerRefusesClosesTheConnectionItOpened() throws Exception {
    String exchange = "scribe.test.setup." + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      channel.exchangeDeclare(exchange, "fanout", false, true, null);
      long before = amqpThreads();

      assertThatThrownBy(() -> ChangeFeed.start(BROKER, exchange)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("inequivalent arg 'type' for exchange '" + exchange);

      long deadline = System.currentTimeMillis() + 5_000;
      while (amqpThreads() > before && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(amqpThreads()).as("connection threads after the refused start").isEqualTo(before);
    }
  }

  @Test
  void aPasswordTheBrokerRefusesIsAConfigurationErrorAtStartNotARetry() {
    URI wrongPassword = URI.create("amqp://guest:not-the-password@127.0.0.1:5672");
    assertThatThrownBy(() -> ChangeFeed.start(wrongPassword, "scribe.test.setup.refused"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the change feed cannot listen to the exchange 'scribe.test.setup.refused' of the broker"
            + " at 127.0.0.1:5672")
        .hasMessageContaining("ACCESS_REFUSED");
  }

  @Test
  void aBrokerNothingAnswersForStartsTheFeedDisconnected() throws Exception {
    int nothingListens;
    try (java.net.ServerSocket reserved = new java.net.ServerSocket(0)) {
      nothingListens = reserved.getLocalPort();
    }
    try (ChangeFeed feed = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:" + nothingListens),
        "scribe.test.setup.away")) {
      assertThat(feed.connected()).isFalse();
      ChangeFeed.Subscription subscription = feed.subscribe();
      assertThat(subscription.isOpen()).isTrue();
      assertThat(subscription.poll(10)).isNull();
    }
  }

  @Test
  void aClosedFeedRefusesASubscriptionOrAServletSayingItIsClosed() throws Exception {
    // a subscription of a closed feed was handed out and never received anything, each poll waiting its whole timeout
    int nothingListens;
    try (java.net.ServerSocket reserved = new java.net.ServerSocket(0)) {
      nothingListens = reserved.getLocalPort();
    }
    ChangeFeed feed = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:" + nothingListens),
        "scribe.test.setup.closed");
    ChangeFeed.Subscription before = feed.subscribe();
    feed.close();
    feed.close();

    assertThat(before.isOpen()).isFalse();
    assertThat(before.poll(10_000)).isNull();
    String closed = "this ChangeFeed is closed: it receives no more changes, so it has no subscription or stream to"
        + " give; start another with ChangeFeed.start(uri, exchange)";
    assertThatThrownBy(feed::subscribe).isInstanceOf(dev.scribe.core.UsageException.class).hasMessage(closed);
    assertThatThrownBy(() -> feed.servlet(FieldPolicy.none())).isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage(closed);
  }

  @Test
  void aServletBoundBelowOneOrWithoutAccessIsAUsageErrorNamingIt() {
    String exchange = "scribe.test.setup." + UUID.randomUUID().toString().substring(0, 8);
    try (ChangeFeed feed = ChangeFeed.start(BROKER, exchange)) {
      assertThatThrownBy(() -> feed.servlet(FieldPolicy.none(), 0))
          .isInstanceOf(ScribeException.class).hasMessageContaining("maxStreams");
      assertThatThrownBy(() -> feed.servlet((FeedAccess) null))
          .isInstanceOf(ScribeException.class).hasMessageContaining("servlet(null");
      assertThatThrownBy(() -> feed.servlet((FieldPolicy) null))
          .isInstanceOf(ScribeException.class).hasMessageContaining("servlet(null");
    }
  }

  private static long amqpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("AMQP Connection")).count();
  }
}
