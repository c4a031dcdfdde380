package dev.scribe.bench.outbox;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;

/** The RabbitMQ broker the outbox benchmarks publish to (127.0.0.1:5672, guest/guest), and their clean-up on it. */
public final class Broker {
  public static final URI ADDRESS = URI.create("amqp://guest:guest@127.0.0.1:5672");

  private Broker() {}

  /** Deletes {@code exchange} and, when given, the work {@code queue} with its dead-letter queue and exchange. */
  public static void deleteExchange(String exchange, String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(ADDRESS);
    try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
      if (queue != null) {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(queue + ".dlx");
      }
      channel.exchangeDelete(exchange);
    }
  }
}
