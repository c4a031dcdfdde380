package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ScribeException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The broker clients' entry points refuse a missing or unusable argument before they connect, with the
 * library's exception naming the argument and what to pass, not a bare NullPointerException from the AMQP
 * client or a failure at the first message. No broker is needed: nothing here connects.
 */
class BrokerClientArgumentsTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  @Test
  void aPublisherWithoutABrokerOrAnExchangeIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> RabbitPublisher.create((URI) null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("RabbitPublisher.create(null");
    assertThatThrownBy(() -> RabbitPublisher.create((com.rabbitmq.client.ConnectionFactory) null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("RabbitPublisher.create(null");
    assertThatThrownBy(() -> RabbitPublisher.create(BROKER, null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> RabbitPublisher.create(BROKER, " "))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
  }

  @Test
  void aChangeFeedWithoutABrokerOrAnExchangeIsRefusedBeforeItConnects() {
    assertThatThrownBy(() -> ChangeFeed.start(null, "scribe.changes"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("ChangeFeed.start(null");
    assertThatThrownBy(() -> ChangeFeed.start(BROKER, null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> ChangeFeed.start(BROKER, ""))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
  }
}
