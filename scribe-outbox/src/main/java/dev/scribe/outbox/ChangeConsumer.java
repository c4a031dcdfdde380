package dev.scribe.outbox;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.consume.Deduplication;
import dev.scribe.outbox.internal.consume.JdbcDeduplication;
import dev.scribe.outbox.internal.consume.StoreDeduplication;
import dev.scribe.outbox.internal.consume.SubscribeMethod;
import dev.scribe.outbox.internal.wire.Rabbit;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.DatabaseUnavailableException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the changes on a durable RabbitMQ work queue to {@code @Subscribe} listener methods, each
 * message once: with {@link Builder#deduplicateIn(DataStore)} (or a {@link DataSource}) its id is recorded in
 * the consumer's own database in the same transaction as the listener's effect, so a redelivered or replayed
 * message is acknowledged without running again. A message whose listener throws is redelivered after a
 * pause; after {@link Builder#maxAttempts} failures it is rejected into the queue's dead-letter queue
 * ({@code <queue>.dead}). Messages are handled one at a time, in queue order. When the broker goes away the
 * consumer reconnects every second and resumes (a broker that cannot be reached at start is connected to in the
 * background, {@link #connected()}); what it had not acknowledged is delivered again (and
 * de-duplicated).
 *
 * <p>A listener method is annotated with Guava's {@code @Subscribe} and takes a {@link ChangeMessage}, or a
 * {@code ChangeMessage} and the {@link java.sql.Connection} of the message's transaction.
 *
 * <pre>{@code
 * ChangeConsumer consumer = ChangeConsumer.builder(URI.create("amqp://guest:guest@127.0.0.1:5672"), "scribe.changes", "billing")
 *     .bind("Task.*")
 *     .deduplicateIn(billingStore)
 *     .listener(new Object() {
 *       @Subscribe public void on(ChangeMessage change) { invoices.create(Map.of("task", change.aggregateId())); }
 *     })
 *     .start();
 * }</pre>
 */
public final class ChangeConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeConsumer.class);
  /** AMQP carries the prefetch count as an unsigned short; 0 would mean no limit at all. */
  private static final int MAX_PREFETCH = 65_535;
  /** Added to the queue's name for its dead-letter queue. */
  private static final String DEAD_SUFFIX = ".dead";

  private final Builder settings;
  private final List<SubscribeMethod> listeners;
  private final Deduplication deduplication;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  /** Held while connecting and while closing, so that a connection made in the background never outlives close(). */
  private final Object connecting = new Object();
  private volatile Connection connection;
  private volatile Channel channel;
  private volatile Thread connector;
  private volatile boolean closed;
  private volatile boolean storeClosedReported;
  /** Guards {@link #inFlight}; close() waits on it for the message in flight, and wakes a pause before a requeue. */
  private final Object deliveries = new Object();
  /** Messages whose listeners are running or that wait to be settled; guarded by {@link #deliveries}. */
  private int inFlight;
  /** Set on a thread while it delivers a message: a listener that closes its own consumer does not wait for itself. */
  private final ThreadLocal<Boolean> delivering = new ThreadLocal<>();

  private ChangeConsumer(Builder settings, List<SubscribeMethod> listeners, Deduplication deduplication) {
    this.settings = settings;
    this.listeners = listeners;
    this.deduplication = deduplication;
  }

  /** Starts configuring a consumer of {@code queue}, bound to the topic {@code exchange} on the broker at {@code uri}. */
  public static Builder builder(URI uri, String exchange, String queue) {
    ConnectionFactory factory = Rabbit.factory(uri, "ChangeConsumer.builder(%s, exchange, queue)");
    Rabbit.name(exchange, "ChangeConsumer.builder(uri, %s, queue)", "topic exchange the outbox publishes to, e.g."
        + " \"scribe.changes\"");
    Rabbit.name(queue, "ChangeConsumer.builder(uri, exchange, %s)", "durable work queue this consumer takes its"
        + " messages from, e.g. \"billing\"", Rabbit.SHORT_STRING_BYTES - DEAD_SUFFIX.length(),
        " (its dead-letter queue is <queue>" + DEAD_SUFFIX + ")");
    return new Builder(factory, exchange, queue);
  }

  /** The work queue. */
  public String queue() {
    return settings.queue;
  }

  /**
   * True while the consumer is connected to the broker and consuming its queue; false while it is not, at start
   * or after losing its connection, and after {@link #close()}.
   */
  public boolean connected() {
    Connection current = connection;
    return !closed && current != null && current.isOpen();
  }

  /**
   * {@code scribe-consumer-<name>}, cut to the broker's 255 bytes: a queue's name, the default, may take up to 250 of
   * them. The tag only has to differ from the other consumers' of this consumer's own channel, where it is alone.
   */
  static String consumerTag(String name) {
    String tag = "scribe-consumer-" + name;
    while (tag.getBytes(StandardCharsets.UTF_8).length > Rabbit.SHORT_STRING_BYTES) {
      tag = tag.substring(0, Character.isLowSurrogate(tag.charAt(tag.length() - 1)) ? tag.length() - 2 : tag.length() - 1);
    }
    return tag;
  }

  /** The queue rejected messages end in: {@code <queue>.dead}. */
  public String deadLetterQueue() {
    return settings.queue + DEAD_SUFFIX;
  }

  private void connect() throws IOException, TimeoutException {
    Connection opened = settings.factory.newConnection("scribe-consumer-" + settings.queue);
    try {
      declareAndConsume(opened);
    } catch (IOException | RuntimeException e) {
      // the broker refused a declaration: the connection would stay open, a thread of its own, at every attempt
      opened.abort(1_000);
      throw e;
    }
    connection = opened;
  }

  private void declareAndConsume(Connection opened) throws IOException {
    channel = opened.createChannel();
    String deadExchange = settings.queue + ".dlx";
    channel.exchangeDeclare(settings.exchange, "topic", true);
    channel.exchangeDeclare(deadExchange, "fanout", true);
    channel.queueDeclare(deadLetterQueue(), true, false, false, null);
    channel.queueBind(deadLetterQueue(), deadExchange, "");
    channel.queueDeclare(settings.queue, true, false, false, Map.of("x-dead-letter-exchange", deadExchange));
    for (String pattern : settings.bindings.isEmpty() ? List.of("#") : settings.bindings) {
      channel.queueBind(settings.queue, settings.exchange, pattern);
    }
    channel.basicQos(settings.prefetch);
    channel.basicConsume(settings.queue, false, consumerTag(settings.consumerName), new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
          throws IOException {
        deliver(envelope, properties, body);
      }
    });
  }

  /**
   * Connects in the background, after 1 s and then up to every 5 s, until connected or closed: the broker could
   * not be reached at start. Once connected, the client's own recovery takes over, as after any connection lost.
   */
  private void connectInBackground() {
    Thread thread = new Thread(() -> {
      long pause = 1_000;
      while (!closed) {
        try {
          Thread.sleep(pause);
          synchronized (connecting) {
            if (closed) {
              return;
            }
            connect();
          }
          LOG.info("consumer {}: connected to the broker at {}; consuming {}", settings.consumerName,
              Rabbit.address(settings.factory), settings.queue);
          return;
        } catch (InterruptedException e) {
          return;
        } catch (IOException | TimeoutException | RuntimeException e) {
          pause = Math.min(pause * 2, 5_000);
          LOG.debug("consumer {}: the broker is still unreachable: {}", settings.consumerName, e.toString());
        }
      }
    }, "scribe-consumer-" + settings.queue + "-connect");
    thread.setDaemon(true);
    connector = thread;
    thread.start();
  }

  private void deliver(Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
    synchronized (deliveries) {
      if (closed) {
        return;  // the broker requeues what this consumer did not acknowledge
      }
      inFlight++;
    }
    delivering.set(Boolean.TRUE);
    try {
      handle(envelope, properties, body);
    } finally {
      delivering.remove();
      synchronized (deliveries) {
        inFlight--;
        deliveries.notifyAll();
      }
    }
  }

  private void handle(Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
    if (!channel.isOpen()) {
      // The connection went after the client library had received this message: it can no longer be
      // acknowledged, and the broker delivers it again once the consumer has reconnected. Handled here as well,
      // it ran its listeners twice (without a de-duplication, their effect twice), and the refused
      // acknowledgement counted as a failure of the message, logged with a stack trace for each message the
      // library held.
      return;
    }
    String payload = new String(body, StandardCharsets.UTF_8);
    String id = properties.getMessageId();
    try {
      Object seqHeader = properties.getHeaders() == null ? null : properties.getHeaders().get(RabbitPublisher.SEQ_HEADER);
      ChangeMessage message = ChangeMessage.parse(payload, seqHeader instanceof Number ? ((Number) seqHeader).longValue() : -1);
      if (id == null) {
        id = message.id();
      }
      deduplication.once(settings.consumerName, recordedId(id), jdbc -> {
        for (SubscribeMethod listener : listeners) {
          listener.invoke(message, jdbc);
        }
      });
    } catch (Exception e) {
      if (closed || !channel.isOpen()) {
        return;  // see above: what the connection took with it comes back
      }
      if (settings.store != null && settings.store.sessionFactory().isClosed()) {
        // the application closed the store before this consumer (a shutdown in the other order): the message is
        // not at fault, and counting it as a failure sent good messages to the dead-letter queue. Left
        // unacknowledged, it goes back to the queue when the consumer closes.
        if (!storeClosedReported) {
          storeClosedReported = true;
          LOG.warn("consumer {}: its de-duplication store is closed; messages stay on {} until the consumer closes"
              + " (close the consumer before its store)", settings.consumerName, settings.queue);
        }
        return;
      }
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(cause);
      if (unavailable != null) {
        // The database (the de-duplication's, or one a listener writes to) is restarting, cut off or saturated:
        // the message is not at fault. Counted as a failure, every message that came during an outage longer
        // than maxAttempts deliveries went to the dead-letter queue, and the application never handled it.
        LOG.warn("consumer {}: message {} ({}) waits for the database, requeued without counting an attempt: {}",
            settings.consumerName, id, envelope.getRoutingKey(), unavailable.getMessage());
        pause(Math.min(unavailable.retryAfterSeconds() * 1_000, 5_000));
        settle(id, () -> channel.basicNack(envelope.getDeliveryTag(), false, true));
        return;
      }
      // A message without an id (not the outbox's: it could not be read, or names none) is counted by its
      // body; its delivery tag is new at every redelivery, so counting by it never reached maxAttempts and the
      // message came back for ever
      String key = id != null ? id : "unidentified " + envelope.getRoutingKey() + " " + bodyDigest(body);
      int attempts = failures.merge(key, 1, Integer::sum);
      if (attempts >= settings.maxAttempts) {
        failures.remove(key);
        LOG.error("consumer {}: message {} ({}) failed {} times and goes to {}: {}", settings.consumerName, key,
            envelope.getRoutingKey(), attempts, deadLetterQueue(), cause.toString(), cause);
        settle(key, () -> channel.basicReject(envelope.getDeliveryTag(), false));
        return;
      }
      LOG.warn("consumer {}: message {} ({}) failed (attempt {} of {}), redelivering: {}", settings.consumerName, key,
          envelope.getRoutingKey(), attempts, settings.maxAttempts, cause.toString());
      pause(redeliveryPause(settings.redeliveryDelay, attempts));
      settle(key, () -> channel.basicNack(envelope.getDeliveryTag(), false, true));
      return;
    }
    failures.remove(id);
    settle(id, () -> channel.basicAck(envelope.getDeliveryTag(), false));
  }

  /** Waits before a requeue, so that a message the consumer cannot handle yet does not come back at once. */
  /**
   * {@code delay} times {@code attempts}, at most 5 s, in milliseconds. Taken as it was, a delay too long for
   * milliseconds in a long ({@code ChronoUnit.FOREVER}) threw from {@code toMillis()}, and a product that overflowed
   * was a negative sleep: either failed the delivery, which was never settled.
   */
  static long redeliveryPause(Duration delay, int attempts) {
    long step = delay.compareTo(LONGEST_REDELIVERY_PAUSE) > 0 ? LONGEST_REDELIVERY_PAUSE.toMillis() : delay.toMillis();
    return Math.min(step * Math.max(attempts, 1), LONGEST_REDELIVERY_PAUSE.toMillis());
  }

  private static final Duration LONGEST_REDELIVERY_PAUSE = Duration.ofSeconds(5);

  /** Waits {@code millis}, or less when the consumer closes meanwhile: close() waits for this message. */
  private void pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (deliveries) {
      try {
        for (long left = millis; !closed && left > 0; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
          deliveries.wait(left);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits, at most {@link #LONGEST_CLOSE_WAIT}, until no message is in flight: its listeners finish and it is
   * settled before the connection closes. Not from a listener of this consumer, which would wait for itself.
   */
  private void awaitDeliveries() {
    if (delivering.get() != null) {
      return;
    }
    long until = System.nanoTime() + LONGEST_CLOSE_WAIT.toNanos();
    synchronized (deliveries) {
      try {
        long left;
        while (inFlight > 0 && (left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) > 0) {
          deliveries.wait(left);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      if (inFlight > 0) {
        LOG.warn("consumer {}: closed while a listener still ran after {} s; its message goes back to {}",
            settings.consumerName, LONGEST_CLOSE_WAIT.toSeconds(), settings.queue);
      }
    }
  }

  /** How long close() waits for the listeners of a message in flight. */
  private static final Duration LONGEST_CLOSE_WAIT = Duration.ofSeconds(10);

  /**
   * Acknowledges, requeues or rejects a delivery; a connection lost meanwhile is not a failure of the message,
   * whose listeners' effect (if they ran) is recorded: the broker delivers it again after the reconnection and
   * the de-duplication acknowledges it then.
   */
  private void settle(String id, Settlement settlement) throws IOException {
    try {
      settlement.run();
    } catch (ShutdownSignalException e) {
      LOG.debug("consumer {}: the connection to the broker closed before message {} was settled; it is delivered"
          + " again after the reconnection: {}", settings.consumerName, id, e.toString());
    }
  }

  /** One of the channel's acknowledge, requeue or reject calls. */
  @FunctionalInterface
  private interface Settlement {
    void run() throws IOException;
  }

  /** A short fingerprint of a message body, to recognise a redelivered message that carries no id. */
  /**
   * The id as the processed-ids column records it: itself up to {@value Deduplication#MESSAGE_ID_CHARS} characters
   * (an outbox event's UUID), else {@code sha256:} and the base64url digest of it. Another publisher's longer message id
   * went into the column as it was, so every delivery of such a message failed and it ended in the dead-letter queue.
   */
  static String recordedId(String id) {
    if (id.length() <= Deduplication.MESSAGE_ID_CHARS) {
      return id;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String bodyDigest(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Stops consuming: the message whose listeners are running finishes and is settled (close() waits for it, at most
   * 10 s; called from a listener, it does not wait), then the connection closes and the messages this consumer held
   * without handling them go back to the queue.
   */
  @Override
  public void close() {
    synchronized (deliveries) {
      closed = true;
      deliveries.notifyAll(); // a pause before a requeue ends at once
    }
    awaitDeliveries();
    Thread background = connector;
    if (background != null) {
      background.interrupt();
    }
    synchronized (connecting) {
      try {
        Connection current = connection;
        if (current != null && current.isOpen()) {
          current.close(2_000);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("consumer {}: closing the connection failed: {}", settings.consumerName, e.toString());
      }
    }
    if (deduplication instanceof JdbcDeduplication) {
      ((JdbcDeduplication) deduplication).close();
    }
  }

  /** Collects the queue, bindings, listeners and de-duplication of a {@link ChangeConsumer}. */
  public static final class Builder {
    private final ConnectionFactory factory;
    private final String exchange;
    private final String queue;
    private final List<String> bindings = new ArrayList<>();
    private final List<Object> targets = new ArrayList<>();
    private String consumerName;
    private int maxAttempts = 5;
    private int prefetch = 50;
    private Duration redeliveryDelay = Duration.ofMillis(100);
    private Deduplication deduplication = Deduplication.NONE;
    private String table = "scribe_processed_messages";
    private DataStore store;
    private DataSource dataSource;

    private Builder(ConnectionFactory factory, String exchange, String queue) {
      // A consumer outlives a broker restart: the client reconnects, declares the queues again and resumes.
      factory.setAutomaticRecoveryEnabled(true);
      factory.setTopologyRecoveryEnabled(true);
      factory.setNetworkRecoveryInterval(1_000);
      this.factory = factory;
      this.exchange = exchange;
      this.queue = queue;
      this.consumerName = queue;
    }

    /** A routing-key pattern of the topic exchange, e.g. {@code Task.*} or {@code *.deleted}; {@code #} when none is given. */
    public Builder bind(String pattern) {
      if (pattern == null || pattern.isBlank()) {
        throw new UsageException("bind(" + (pattern == null ? "null" : "\"" + pattern + "\"") + ") for consumer "
            + queue + ": pass a routing-key pattern such as \"Task.*\", \"*.deleted\" or \"#\" (every change, the"
            + " binding when none is given)");
      }
      Rabbit.shortString(pattern, "bind(\"" + pattern + "\") for consumer " + queue, Rabbit.SHORT_STRING_BYTES, "");
      bindings.add(pattern);
      return this;
    }

    /**
     * An object with {@code @Subscribe} methods taking a {@link ChangeMessage} (and optionally a {@code
     * java.sql.Connection}); each object once (two objects of one class are two listeners).
     *
     * @throws UsageException when {@code target} is null or this object was given already
     */
    public Builder listener(Object target) {
      if (target == null) {
        throw new UsageException("listener(null) for consumer " + queue + ": pass an object with @Subscribe methods"
            + " taking a ChangeMessage");
      }
      // by identity, as Guava's bus registers an object once: given twice, each of its methods ran twice per
      // message in one transaction, every effect doubled behind the de-duplication that promises one
      if (targets.stream().anyMatch(known -> known == target)) {
        throw new UsageException("listener(" + target.getClass().getName() + "@"
            + Integer.toHexString(System.identityHashCode(target)) + ") for consumer " + queue + ": this object is"
            + " already a listener of the consumer, and its @Subscribe methods would run twice per message; give"
            + " each listener once");
      }
      targets.add(target);
      return this;
    }

    /** Records processed message ids in {@code store}'s database, in the unit of work the listeners run in. */
    public Builder deduplicateIn(DataStore dataStore) {
      if (dataStore == null) {
        throw new UsageException("deduplicateIn(null) for consumer " + queue + ": pass the DataStore (or DataSource)"
            + " whose database records the processed message ids, or leave it out for no de-duplication");
      }
      this.store = dataStore;
      this.dataSource = null;
      return this;
    }

    /** Records processed message ids in {@code source}'s database, in the transaction the listeners get. */
    public Builder deduplicateIn(DataSource source) {
      if (source == null) {
        throw new UsageException("deduplicateIn(null) for consumer " + queue + ": pass the DataSource (or DataStore)"
            + " whose database records the processed message ids, or leave it out for no de-duplication");
      }
      this.dataSource = source;
      this.store = null;
      return this;
    }

    /** The processed-messages table; {@code scribe_processed_messages} by default. */
    public Builder processedTable(String name) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
        throw new ConfigurationException("processedTable(" + (name == null ? "null" : "'" + name + "'") + ") for"
            + " consumer " + queue + " is not a plain SQL name; use letters, digits and underscores, optionally"
            + " schema.table");
      }
      this.table = name;
      return this;
    }

    /** The name processed ids are recorded under; the queue name by default. */
    public Builder consumerName(String name) {
      if (name == null || name.isBlank()) {
        throw new UsageException("consumerName(" + (name == null ? "null" : "\"" + name + "\"") + ") for consumer "
            + queue + ": pass the name its processed ids are recorded under, or leave it unset for the queue's name");
      }
      if (name.length() > Deduplication.CONSUMER_CHARS) {
        throw new ConfigurationException("consumerName(\"" + name + "\") for consumer " + queue + ": the name is "
            + name.length() + " characters long, and processed ids are recorded under at most "
            + Deduplication.CONSUMER_CHARS + "; pass a shorter one");
      }
      this.consumerName = name;
      return this;
    }

    /** Failed deliveries after which a message goes to the dead-letter queue; 5 by default. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new ConfigurationException("maxAttempts of consumer " + queue + " must be at least 1, not " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * The pause before a failed message is redelivered, times its failed attempts, at most 5 s; 100 ms by default.
     */
    public Builder redeliveryDelay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new ConfigurationException("redeliveryDelay of consumer " + queue + " must be zero or a positive"
            + " duration, not " + delay + "; e.g. Duration.ofMillis(100), the default");
      }
      this.redeliveryDelay = delay;
      return this;
    }

    /** Unacknowledged messages the broker sends ahead, from 1 to 65,535; 50 by default. */
    public Builder prefetch(int messages) {
      if (messages < 1 || messages > MAX_PREFETCH) {
        throw new ConfigurationException("prefetch of consumer " + queue + " must be from 1 to " + MAX_PREFETCH
            + " (the broker's limit), not " + messages + "; 50 by default");
      }
      this.prefetch = messages;
      return this;
    }

    /**
     * Checks the listeners, creates the processed-messages table, declares the queue, its bindings and its
     * dead-letter queue, and starts consuming.
     *
     * A broker that cannot be reached does not stop the start: the consumer starts without it, says so in one
     * warning naming the broker, connects in the background (after 1 s, then up to every 5 s) and consumes from
     * then on; {@link ChangeConsumer#connected()} tells which.
     *
     * @throws ConfigurationException when a listener has no usable {@code @Subscribe} method, or the broker
     *     refuses the consumer: its credentials (ACCESS_REFUSED), its virtual host, or a declaration (a queue
     *     declared elsewhere with other arguments), which no retry fixes
     */
    public ChangeConsumer start() {
      List<SubscribeMethod> listeners = SubscribeMethod.of(targets);
      if (listeners.isEmpty()) {
        throw new ConfigurationException("consumer " + queue + " has no listener; add one with listener(...)");
      }
      if (store != null && store.sessionFactory().isClosed()) {
        // Hibernate's own answer is an UnknownServiceException about a ConnectionProvider
        throw new UsageException("consumer " + queue + " de-duplicates in a DataStore that is closed; pass an open one"
            + " to deduplicateIn(...), and close the consumer before its store");
      }
      Deduplication chosen = store != null ? new StoreDeduplication(store, table)
          : dataSource != null ? new JdbcDeduplication(dataSource, table) : deduplication;
      if (chosen != Deduplication.NONE && consumerName.length() > Deduplication.CONSUMER_CHARS) {
        // only the queue's name, the default, can be this long here: consumerName(...) refuses a longer one
        throw new ConfigurationException("consumer " + queue + " records its processed ids under its queue's name, which"
            + " is " + consumerName.length() + " characters long, and the column holds at most "
            + Deduplication.CONSUMER_CHARS + "; give it consumerName(...) of at most " + Deduplication.CONSUMER_CHARS);
      }
      for (SubscribeMethod listener : listeners) {
        if (listener.wantsConnection() && chosen == Deduplication.NONE) {
          throw new ConfigurationException(listener.name() + " takes the java.sql.Connection of the de-duplication,"
              + " but consumer " + queue + " has none; add deduplicateIn(...), or drop the Connection parameter");
        }
      }
      chosen.createTable();
      ChangeConsumer consumer = new ChangeConsumer(this, listeners, chosen);
      try {
        consumer.connect();
      } catch (IOException | TimeoutException e) {
        if (Rabbit.brokerRefused(e)) {
          consumer.close();
          throw new ConfigurationException("consumer " + queue + " cannot connect to the broker at "
              + Rabbit.address(factory) + " or set up its exchange " + exchange + " and queues there: "
              + Rabbit.reason(e));
        }
        // the messages wait on the broker's durable queue, and the application's writes do not need it: an
        // instance restarted during a broker outage starts, and its consumer follows once the broker is back
        LOG.warn("consumer {}: the broker at {} cannot be reached ({}); the consumer starts without it and retries in"
            + " the background, consuming {} once it is connected", consumerName, Rabbit.address(factory),
            Rabbit.reason(e), queue);
        consumer.connectInBackground();
      }
      return consumer;
    }
  }
}
