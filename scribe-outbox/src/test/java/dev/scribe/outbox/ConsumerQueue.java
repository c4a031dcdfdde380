package dev.scribe.outbox;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A topic exchange and a consumer's work queue named for one test, deleted after it with the dead-letter exchange
 * and queue a {@link ChangeConsumer} declares beside them, so that runs on a shared broker leave nothing behind.
 */
final class ConsumerQueue implements AfterEachCallback {
  static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  private final String exchange;
  private final String queue;

  /** Names with {@code topic} and a random part: {@code scribe.test.<topic>.<random>}, {@code scribe.test.<topic>.q.<random>}. */
  ConsumerQueue(String topic) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.exchange = "scribe.test." + topic + "." + unique;
    this.queue = "scribe.test." + topic + ".q." + unique;
  }

  String exchange() {
    return exchange;
  }

  String queue() {
    return queue;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try (Connection admin = Rabbit.factory(BROKER).newConnection(); Channel channel = admin.createChannel()) {
      channel.queueDelete(queue);
      channel.queueDelete(queue + ".dead");
      channel.exchangeDelete(queue + ".dlx");
      channel.exchangeDelete(exchange);
    }
  }
}
