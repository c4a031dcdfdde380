package dev.scribe.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.wire.Rabbit;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox events to a RabbitMQ topic exchange with the official Java client: routing key
 * {@code <aggregateType>.<type>} (e.g. {@code Task.updated}), persistent messages, the event id as message
 * id, publisher confirms. The exchange is declared (durable) on connect. When the broker cannot be reached
 * the relay backs off and this publisher reconnects on the next call.
 *
 * <pre>{@code
 * EventPublisher publisher = RabbitPublisher.create(URI.create("amqp://guest:guest@127.0.0.1:5672"), "scribe.changes");
 * }</pre>
 */
public final class RabbitPublisher implements EventPublisher {
  /** Message headers beside the body: the table-wide sequence and the aggregate of the event. */
  public static final String SEQ_HEADER = "scribe-seq";
  public static final String AGGREGATE_TYPE_HEADER = "scribe-aggregate-type";
  public static final String AGGREGATE_ID_HEADER = "scribe-aggregate-id";

  private final ConnectionFactory factory;
  private final String exchange;
  private final Duration confirmTimeout;
  private Connection connection;
  private Channel channel;

  private RabbitPublisher(ConnectionFactory factory, String exchange, Duration confirmTimeout) {
    this.factory = factory;
    this.exchange = exchange;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * A publisher to {@code exchange} on the broker at {@code uri} ({@code amqp://user:password@host:port/vhost}).
   *
   * @throws UsageException when {@code uri} is null or {@code exchange} null or blank
   */
  public static RabbitPublisher create(URI uri, String exchange) {
    ConnectionFactory factory = Rabbit.factory(uri, "RabbitPublisher.create(%s, exchange)");
    return create(factory, exchange);
  }

  /** A publisher to {@code exchange} through {@code factory}; automatic recovery is turned off (the relay retries). */
  public static RabbitPublisher create(ConnectionFactory factory, String exchange) {
    if (factory == null) {
      throw new UsageException("RabbitPublisher.create(null, exchange): pass the ConnectionFactory of the broker, or"
          + " its URI: RabbitPublisher.create(URI.create(\"amqp://guest:guest@127.0.0.1:5672\"), exchange)");
    }
    Rabbit.name(exchange, "RabbitPublisher.create(factory, %s)", "topic exchange to publish to, e.g. \"scribe.changes\"");
    factory.setAutomaticRecoveryEnabled(false);
    return new RabbitPublisher(factory, exchange, Duration.ofSeconds(10));
  }

  /** The exchange events are published to. */
  public String exchange() {
    return exchange;
  }

  @Override
  public synchronized Map<UUID, String> publish(List<OutboxEvent> events)
      throws BrokerUnavailableException, InterruptedException {
    Channel open = channel();
    try {
      for (OutboxEvent event : events) {
        send(open, event);
      }
      if (open.waitForConfirms(confirmTimeout.toMillis())) {
        return Map.of();
      }
    } catch (IOException | ShutdownSignalException e) {
      disconnectUnlessChannelOnly(e);
    } catch (TimeoutException e) {
      disconnect();
      throw new BrokerUnavailableException("the broker did not confirm " + events.size() + " messages within "
          + confirmTimeout.toMillis() + " ms", e);
    }
    return oneByOne(events);
  }

  /** After a refusal in a batch: publishes each event alone to find the ones the broker refuses. */
  private Map<UUID, String> oneByOne(List<OutboxEvent> events) throws BrokerUnavailableException, InterruptedException {
    Map<UUID, String> failures = new LinkedHashMap<>();
    for (OutboxEvent event : events) {
      Channel open = channel();
      try {
        send(open, event);
        if (!open.waitForConfirms(confirmTimeout.toMillis())) {
          failures.put(event.id(), "the broker refused the message (nack)");
        }
      } catch (IOException | ShutdownSignalException e) {
        disconnectUnlessChannelOnly(e);
        failures.put(event.id(), "the broker refused the message: " + Rabbit.reason(e));
      } catch (TimeoutException e) {
        disconnect();
        throw new BrokerUnavailableException("the broker did not confirm a message within "
            + confirmTimeout.toMillis() + " ms", e);
      }
    }
    return failures;
  }

  private void send(Channel open, OutboxEvent event) throws IOException {
    Map<String, Object> headers = new HashMap<>();
    headers.put(SEQ_HEADER, event.seq());
    headers.put(AGGREGATE_TYPE_HEADER, event.aggregateType());
    headers.put(AGGREGATE_ID_HEADER, event.aggregateId());
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .messageId(event.id().toString())
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .type(event.type())
        .appId("scribe")
        .correlationId(event.traceId())
        .timestamp(new Date())
        .headers(headers)
        .build();
    open.basicPublish(exchange, event.routingKey(), false, properties, event.payload().getBytes(StandardCharsets.UTF_8));
  }

  /** A connection-level failure means the broker is gone; a channel-level one, that it refused a message. */
  private void disconnectUnlessChannelOnly(Exception e) throws BrokerUnavailableException {
    ShutdownSignalException signal = e instanceof ShutdownSignalException ? (ShutdownSignalException) e
        : e.getCause() instanceof ShutdownSignalException ? (ShutdownSignalException) e.getCause()
        : null;
    if (signal != null && !signal.isHardError() && connection != null && connection.isOpen()) {
      closeChannel();
      return;
    }
    disconnect();
    throw new BrokerUnavailableException("lost the connection to the broker: " + Rabbit.reason(e), e);
  }

  private Channel channel() throws BrokerUnavailableException {
    try {
      if (connection == null || !connection.isOpen()) {
        disconnect();
        connection = factory.newConnection("scribe-outbox-relay");
      }
      if (channel == null || !channel.isOpen()) {
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.exchangeDeclare(exchange, "topic", true);
      }
      return channel;
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      disconnect();
      throw new BrokerUnavailableException("cannot connect to the broker at " + factory.getHost() + ":"
          + factory.getPort() + ": " + Rabbit.reason(e), e);
    }
  }

  private void closeChannel() {
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException ignored) {
      // the channel is gone either way
    }
    channel = null;
  }

  private void disconnect() {
    channel = null;
    try {
      if (connection != null && connection.isOpen()) {
        connection.abort(1_000);
      }
    } catch (RuntimeException ignored) {
      // the connection is gone either way
    }
    connection = null;
  }

  @Override
  public synchronized void close() {
    closeChannel();
    try {
      if (connection != null && connection.isOpen()) {
        connection.close(2_000);
      }
    } catch (IOException | RuntimeException ignored) {
      // closing a broken connection
    }
    connection = null;
  }
}
