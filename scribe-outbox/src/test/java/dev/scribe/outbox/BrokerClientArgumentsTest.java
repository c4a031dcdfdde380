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

  @Test
  void aConsumerWithoutABrokerExchangeOrQueueIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> ChangeConsumer.builder(null, "scribe.changes", "billing"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("ChangeConsumer.builder(null");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, null, "billing"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("exchange");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, "scribe.changes", null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("queue");
    assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, "scribe.changes", " "))
        .isInstanceOf(ScribeException.class).hasMessageContaining("queue");
  }

  @Test
  void aConsumersSettingsAreCheckedWhenGivenNotAtItsFirstMessage() {
    ChangeConsumer.Builder builder = ChangeConsumer.builder(BROKER, "scribe.changes", "billing");
    assertThatThrownBy(() -> builder.bind(null)).isInstanceOf(ScribeException.class).hasMessageContaining("bind(null)");
    assertThatThrownBy(() -> builder.bind("")).isInstanceOf(ScribeException.class).hasMessageContaining("bind(\"\")");
    assertThatThrownBy(() -> builder.redeliveryDelay(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("redeliveryDelay");
    assertThatThrownBy(() -> builder.redeliveryDelay(Duration.ofMillis(-1)))
        .isInstanceOf(ScribeException.class).hasMessageContaining("redeliveryDelay");
    assertThatThrownBy(() -> builder.prefetch(-1)).isInstanceOf(ScribeException.class).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> builder.prefetch(70_000)).isInstanceOf(ScribeException.class).hasMessageContaining("prefetch");
    assertThatThrownBy(() -> builder.consumerName(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("consumerName");
    assertThatThrownBy(() -> builder.processedTable(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("processedTable");
    assertThatThrownBy(() -> builder.processedTable("done; DROP TABLE task"))
        .isInstanceOf(ScribeException.class).hasMessageContaining("processedTable");
    assertThatThrownBy(() -> builder.deduplicateIn((dev.scribe.repository.DataStore) null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("deduplicateIn(null)");
    assertThatThrownBy(() -> builder.deduplicateIn((javax.sql.DataSource) null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("deduplicateIn(null)");
  }
}
