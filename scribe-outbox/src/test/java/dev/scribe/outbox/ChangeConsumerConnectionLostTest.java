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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer whose connection to the broker is lost does not run its listeners for the messages the client
 * library had already received: they cannot be acknowledged any more, so the broker delivers them again when
 * the consumer reconnects, and each would run twice (once behind a de-duplication, a failure counted for it).
 */
@Tag("broker")
class ChangeConsumerConnectionLostTest {
  static final URI BROKER = ConsumerQueue.BROKER;
  static final int MESSAGES = 40;

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("connlost");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  @Test
  void messagesReceivedBeforeTheConnectionWasLostRunOnceAfterItComesBack() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<String> order = new CopyOnWriteArrayList<>();
    try (TcpProxy proxy = new TcpProxy(5672)) {
      proxy.start();
      ChangeConsumer consumer = ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port()),
              exchange, queue)
          .redeliveryDelay(Duration.ofMillis(1))
          .listener(new Object() {
            @Subscribe public void on(ChangeMessage change) throws InterruptedException {
              runs.computeIfAbsent(change.id(), id -> new AtomicInteger()).incrementAndGet();
              order.add(change.id());
              Thread.sleep(50);  // slower than the broker sends, so the client holds messages not yet handled
            }
          })
          .start();
      try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
        for (int i = 0; i < MESSAGES; i++) {
          publish(channel);
        }
        awaitRuns(order, 3);

        proxy.stop();
        int atTheCut = order.size();
        Thread.sleep(1_500);
        int duringTheOutage = order.size() - atTheCut;

        proxy.start();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runs.size() < MESSAGES && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        Thread.sleep(500);
        consumer.close();

        assertThat(runs).hasSize(MESSAGES);
        // the one in the listener when the connection went is run again, as any unacknowledged message
        assertThat(duringTheOutage).as("listener runs while the consumer had no connection").isLessThanOrEqualTo(1);
        assertThat(runs.values().stream().filter(count -> count.get() > 1).count())
            .as("messages run twice").isLessThanOrEqualTo(1);
      } finally {
        consumer.close();
      }
    }
  }

  private void publish(Channel channel) throws Exception {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"aggregateType\":\"Task\",\"aggregateId\":\"1\",\"type\":\"created\","
        + "\"old\":null,\"new\":{\"title\":\"t\"},\"user\":null,\"traceId\":null,\"time\":\"2026-12-04T17:00:00Z\"}";
    channel.basicPublish(exchange, "Task.created", new AMQP.BasicProperties.Builder().messageId(id).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitRuns(List<String> order, int expected) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (order.size() < expected && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(order.size()).isGreaterThanOrEqualTo(expected);
  }
}
