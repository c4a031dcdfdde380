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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer whose de-duplication database cannot be reached for a while (a restart, a network failure)
 * loses no message to the dead-letter queue: the message is not at fault, and it is handled once the
 * database is back.
 */
@Tag("broker")
class ChangeConsumerDatabaseLostTest {
  static final URI BROKER = ConsumerQueue.BROKER;

  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("dblost");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  @Test
  void aMessageArrivingWhileTheDatabaseIsUnreachableWaitsForItInsteadOfGoingToTheDeadLetterQueue() throws Exception {
    String schema = POSTGRES.create("dedup");
    AtomicInteger calls = new AtomicInteger();
    try (TcpProxy database = new TcpProxy(5432);
         Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      database.start();
      DataStore store = DataStore.builder(Scribe.create())
          .jdbcUrl("jdbc:postgresql://127.0.0.1:" + database.port() + "/test?currentSchema=" + schema)
          .username("postgres").password("").property("hibernate.default_schema", schema)
          .poolSize(2).connectionWait(Duration.ofMillis(500)).schemaAction("create")
          .entities(Task.class, Subtask.class, Person.class).build();
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

        database.stop();
        publish(channel);
        Thread.sleep(4_000);  // two attempts of 500 ms each sent it to the dead-letter queue
        assertThat(channel.messageCount(consumer.deadLetterQueue())).as("dead-lettered").isZero();

        database.start();
        awaitCalls(calls, 2);
      } finally {
        consumer.close();
        store.close();
      }
      assertThat(channel.messageCount(queue)).isZero();
      assertThat(channel.messageCount(consumer.deadLetterQueue())).isZero();
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
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (calls.get() < expected && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(calls.get()).isEqualTo(expected);
  }
}
