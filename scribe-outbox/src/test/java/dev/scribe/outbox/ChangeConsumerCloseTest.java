package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code close()} lets the message whose listeners are running finish and acknowledges it, as the outbox's
 * {@code close()} lets the relay's round finish: closed mid-listener, the consumer left that message unacknowledged,
 * and the broker delivered it again to whoever consumed the queue next, its listeners' work already done.
 */
@Tag("broker")
class ChangeConsumerCloseTest {
  static final URI BROKER = ConsumerQueue.BROKER;

  @RegisterExtension
  final ConsumerQueue names = new ConsumerQueue("close");
  private final String exchange = names.exchange();
  private final String queue = names.queue();

  @Test
  void closeLetsTheMessageInFlightFinishAndAcknowledgesIt() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue)
        .listener(new Object() {
          @Subscribe public void on(ChangeMessage change) throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            finished.incrementAndGet();
          }
        })
        .start();
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      publish(channel);
      assertThat(entered.await(15, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> closing = CompletableFuture.runAsync(consumer::close);
      Thread.sleep(200); // close() is waiting for the listener
      assertThat(closing).as("close() returned while a listener ran").isNotDone();
      release.countDown();
      closing.get(10, TimeUnit.SECONDS);

      assertThat(finished.get()).isEqualTo(1);
      assertThat(channel.messageCount(queue)).as("messages back on the queue").isZero();
      assertThat(consumer.connected()).isFalse();
    }
  }

  @Test
  void aListenerThatClosesItsOwnConsumerDoesNotWaitForItself() throws Exception {
    AtomicReference<ChangeConsumer> self = new AtomicReference<>();
    AtomicBoolean closedFromListener = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    ChangeConsumer consumer = ChangeConsumer.builder(BROKER, exchange, queue)
        .listener(new Object() {
          @Subscribe public void on(ChangeMessage change) {
            while (self.get() == null) {
              Thread.onSpinWait();
            }
            self.get().close();
            closedFromListener.set(true);
            done.countDown();
          }
        })
        .start();
    self.set(consumer);
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      publish(channel);
      assertThat(done.await(15, TimeUnit.SECONDS)).as("close() from a listener returned").isTrue();
      assertThat(closedFromListener).isTrue();
      assertThat(consumer.connected()).isFalse();
    } finally {
      consumer.close();
    }
  }

  private void publish(Channel channel) throws Exception {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"aggregateType\":\"Task\",\"aggregateId\":\"1\",\"type\":\"created\","
        + "\"old\":null,\"new\":{\"title\":\"t\"},\"user\":null,\"traceId\":null,\"time\":\"2026-12-04T17:00:00Z\"}";
    channel.basicPublish(exchange, "Task.created", new AMQP.BasicProperties.Builder().messageId(id).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
