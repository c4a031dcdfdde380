package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message on the consumer's queue that no listener can ever take — not an outbox payload, and without the
 * message id by which the consumer counts its failed attempts — ends in the dead-letter queue after
 * {@code maxAttempts}, as any other failing message, instead of being redelivered for ever.
 */
@Tag("broker")
class ChangeConsumerPoisonTest {
  static final URI BROKER = ConsumerQueue.BROKER;

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("poison");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  /**
   * The pause before a redelivery is {@code redeliveryDelay} times the attempts, at most 5 s: a delay too long for
   * milliseconds in a {@code long} ({@code ChronoUnit.FOREVER}), or whose product with the attempts overflowed,
   * failed the consumer's delivery with an {@code ArithmeticException} or a negative sleep, and the message was never
   * settled.
   */
  @Test
  void aRedeliveryDelayBeyondWhatMillisecondsHoldIsTheLongestPause() throws Exception {
    for (Duration delay : java.util.List.of(java.time.temporal.ChronoUnit.FOREVER.getDuration(),
        Duration.ofMillis(Long.MAX_VALUE / 2 + 1))) {
      try (ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue).maxAttempts(3)
              .redeliveryDelay(delay)
              .listener(new Object() {
                @Subscribe public void on(ChangeMessage change) {}
              })
              .start();
           Connection admin = Rabbit.factory(BROKER).newConnection();
           Channel channel = admin.createChannel()) {
        channel.basicPublish(exchange, "Task.created", new AMQP.BasicProperties.Builder().build(),
            "not an outbox payload".getBytes(StandardCharsets.UTF_8));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (channel.messageCount(consumer.deadLetterQueue()) == 0 && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertThat(channel.messageCount(consumer.deadLetterQueue())).as(delay.toString()).isEqualTo(1);
        channel.queuePurge(consumer.deadLetterQueue());
      }
    }
  }

  @Test
  void anUnreadableMessageWithoutAMessageIdIsDeadLetteredAfterMaxAttempts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue).maxAttempts(3)
            .redeliveryDelay(Duration.ofMillis(1))
            .listener(new Object() {
              @Subscribe public void on(ChangeMessage change) {
                calls.incrementAndGet();
              }
            })
            .start();
         Connection admin = Rabbit.factory(BROKER).newConnection();
         Channel channel = admin.createChannel()) {
      // published by something other than the outbox: no message id, a body that is not an outbox payload
      channel.basicPublish(exchange, "Task.created", new AMQP.BasicProperties.Builder().build(),
          "not an outbox payload".getBytes(StandardCharsets.UTF_8));
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (channel.messageCount(consumer.deadLetterQueue()) == 0 && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(channel.messageCount(consumer.deadLetterQueue())).isEqualTo(1);
      assertThat(new String(channel.basicGet(consumer.deadLetterQueue(), true).getBody(), StandardCharsets.UTF_8))
          .isEqualTo("not an outbox payload");
      assertThat(channel.messageCount(queue)).isZero();
      assertThat(calls.get()).isZero();
    }
  }
}
