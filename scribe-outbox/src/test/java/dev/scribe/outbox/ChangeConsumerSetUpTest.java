package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.core.ConfigurationException;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starting a consumer the broker refuses says why, and is refused: no retry fixes it. */
@Tag("broker")
class ChangeConsumerSetUpTest {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  @Test
  void aQueueDeclaredElsewhereWithOtherArgumentsIsRefusedWithTheBrokersReason() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String exchange = "scribe.test.consumer." + suffix;
    String queue = "scribe.test.consumer.q." + suffix;
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      // made by hand without the dead-letter exchange the consumer declares it with
      channel.queueDeclare(queue, true, false, false, null);
      try {
        assertThatThrownBy(() -> ChangeConsumer.builder(BROKER, exchange, queue)
            .listener(new Object() {
              @Subscribe public void on(ChangeMessage change) { }
            })
            .start())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("consumer " + queue)
            .hasMessageContaining("x-dead-letter-exchange");
      } finally {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(queue + ".dlx");
        channel.exchangeDelete(exchange);
      }
    }
  }

  @Test
  void aQueueOfTheLongestNameTheBuilderTakesIsConsumed() throws Exception {
    // its consumer tag, scribe-consumer-<queue>, was longer than the broker's 255 bytes: start() threw the AMQP
    // client's bare IllegalArgumentException ("Short string too long")
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String exchange = "scribe.test.consumer." + suffix;
    String queue = ("scribe.test.consumer.q." + suffix + ".").concat("q".repeat(250)).substring(0, 250);
    try {
      try (ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue)
          .listener(new Object() {
            @Subscribe public void on(ChangeMessage change) { }
          })
          .start()) {
        org.assertj.core.api.Assertions.assertThat(consumer.connected()).isTrue();
      }
    } finally {
      try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(queue + ".dlx");
        channel.exchangeDelete(exchange);
      }
    }
  }

  @Test
  void aPasswordTheBrokerRefusesIsAConfigurationErrorAtStartNotARetry() {
    URI wrongPassword = URI.create("amqp://guest:not-the-password@127.0.0.1:5672");
    assertThatThrownBy(() -> ChangeConsumer.builder(wrongPassword, "scribe.test.consumer.refused", "scribe.test.refused")
        .listener(new Object() {
          @Subscribe public void on(ChangeMessage change) { }
        })
        .start())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("consumer scribe.test.refused cannot connect to the broker at 127.0.0.1:5672")
        .hasMessageContaining("ACCESS_REFUSED");
  }
}
