package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.core.Scribe;
import dev.scribe.outbox.internal.wire.Rabbit;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.testing.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that closes the consumer's de-duplication store before the consumer (a shutdown in the other
 * order) loses no message to the dead-letter queue: what arrives meanwhile goes back to the work queue.
 */
@Tag("broker")
class ChangeConsumerStoreClosedTest {
  static final URI BROKER = ConsumerQueue.BROKER;

  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("storeclosed");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  @Test
  void aMessageArrivingAfterTheStoreClosedGoesBackToTheQueueNotToTheDeadLetterQueue() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue).maxAttempts(2)
          .redeliveryDelay(Duration.ofMillis(1))
          .deduplicateIn(store)
          .listener(new Object() {
            @Subscribe public void on(ChangeMessage change) {
              calls.incrementAndGet();
            }
          })
          .start();
      try {
        publish(channel);
        awaitCalls(calls, 1);
        store.close();

        publish(channel);
        Thread.sleep(2_000);

        assertThat(channel.messageCount(consumer.deadLetterQueue())).isZero();
      } finally {
        consumer.close();
      }
      assertThat(channel.messageCount(queue)).isEqualTo(1);
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  private void publish(Channel channel) throws Exception {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"aggregateType\":\"Task\",\"aggregateId\":\"1\",\"type\":\"created\","
        + "\"old\":null,\"new\":{\"title\":\"t\"},\"user\":null,\"traceId\":null,\"time\":\"2026-12-04T17:00:00Z\"}";
    channel.basicPublish(exchange, "Task.created", new AMQP.BasicProperties.Builder().messageId(id).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitCalls(AtomicInteger calls, int expected) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (calls.get() < expected && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(calls.get()).isEqualTo(expected);
  }
}
