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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message another publisher sent to the exchange with a message id longer than the processed-ids column is
 * handled once, as the outbox's are: its id went into a column of 64 characters, so every delivery failed, and the
 * message ended in the dead-letter queue without reaching a listener.
 */
@Tag("broker")
class ChangeConsumerLongMessageIdTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("longid");

  @Test
  void aMessageIdLongerThanTheColumnIsDeduplicatedByItsDigest() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    DataStore store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    try (Connection admin = Rabbit.factory(ConsumerQueue.BROKER).newConnection(); Channel channel = admin.createChannel();
         ChangeConsumer consumer = ChangeConsumer.builder(ConsumerQueue.BROKER, names.exchange(), names.queue())
             .maxAttempts(2).redeliveryDelay(Duration.ofMillis(1)).deduplicateIn(store)
             .listener(new Object() {
               @Subscribe public void on(ChangeMessage change) {
                 received.add(change.aggregateId());
               }
             })
             .start()) {
      String longId = "billing-export:" + "7".repeat(90);
      publish(channel, longId, "1");
      publish(channel, longId, "1");                         // the same message again: handled once
      publish(channel, longId.substring(0, longId.length() - 1) + "8", "2");   // another id, though alike
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (received.size() < 2 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      Thread.sleep(500);

      assertThat(received).containsExactly("1", "2");
      assertThat(channel.messageCount(consumer.deadLetterQueue())).isZero();
    } finally {
      store.close();
    }
  }

  private void publish(Channel channel, String messageId, String aggregateId) throws Exception {
    String body = "{\"id\":\"" + messageId + "\",\"aggregateType\":\"Task\",\"aggregateId\":\"" + aggregateId + "\","
        + "\"type\":\"created\",\"old\":null,\"new\":{\"title\":\"t\"},\"user\":null,\"traceId\":null,"
        + "\"time\":\"2026-12-04T17:00:00Z\"}";
    channel.basicPublish(names.exchange(), "Task.created", new AMQP.BasicProperties.Builder().messageId(messageId).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
