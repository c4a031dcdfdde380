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
import dev.scribe.outbox.internal.wire.ChangeFeedServlet;
import dev.scribe.outbox.internal.wire.Rabbit;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of the changes of every instance: an exclusive queue bound to the outbox's topic
 * exchange, fanned out to subscribers such as the {@link #servlet} that serves {@code GET /_scribe/changes}.
 * A subscriber too slow to keep up loses its subscription (its stream ends; the client reconnects). When the
 * broker goes away, or cannot be reached at start, the feed connects in the background ({@link #connected()}).
 *
 * <pre>{@code
 * ChangeFeed feed = ChangeFeed.start(URI.create("amqp://guest:guest@127.0.0.1:5672"), "scribe.changes");
 * ScribeServer.builder().application("/*", app).servlet("/_scribe/changes", feed.servlet(FieldPolicy.none())).start();
 * }</pre>
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  /**
   * The changes a subscriber may fall behind before it is dropped (a burst of a bulk update is thousands). A
   * servlet's streams share one subscription; each stream has a buffer of its own ({@link FeedLimits#bufferBytes()}).
   */
  public static final int BUFFER = 20_000;
  /**
   * The streams one servlet of the feed serves at once, unless its {@link FeedLimits} say otherwise. A stream
   * holds no request thread while it waits; it holds a connection, memory for what its client has not taken yet,
   * and its share of the checks of each change.
   */
  public static final int MAX_STREAMS = FeedLimits.DEFAULT_MAX_STREAMS;
  /** Put into a closed subscription's queue, so that a poll waiting on it returns at once. */
  private static final ChangeMessage END = new ChangeMessage(null, -1, null, null, null, null, null, null, null, null, "");

  /** The first pause before connecting again, doubled after each failed attempt up to {@link #RECONNECT_MAX_MILLIS}. */
  private static final long RECONNECT_FIRST_MILLIS = 1_000;
  private static final long RECONNECT_MAX_MILLIS = 5_000;

  private final ConnectionFactory factory;
  private final String exchange;
  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private final Thread reconnector;
  private volatile boolean open = true;
  private volatile Connection connection;

  private ChangeFeed(ConnectionFactory factory, String exchange) {
    this.factory = factory;
    this.exchange = exchange;
    this.reconnector = new Thread(this::keepConnected, "scribe-change-feed");
    reconnector.setDaemon(true);
  }

  /**
   * Connects to the broker at {@code uri} and starts receiving the changes published to {@code exchange}. A broker
   * that cannot be reached does not stop the start: the feed starts disconnected, says so in one warning naming the
   * broker, connects in the background (after 1 s, then up to every 5 s) and receives changes from then on;
   * {@link #connected()} tells which.
   *
   * @throws ConfigurationException when the broker refuses the feed at start: its credentials (ACCESS_REFUSED), its
   *     virtual host or the exchange's declaration (an exchange of another type), which no retry fixes
   * @throws dev.scribe.core.UsageException when {@code uri} is null or {@code exchange} null or blank
   */
  public static ChangeFeed start(URI uri, String exchange) {
    ConnectionFactory factory = Rabbit.factory(uri, "ChangeFeed.start(%s, exchange)");
    Rabbit.name(exchange, "ChangeFeed.start(uri, %s)", "topic exchange the outbox publishes to, e.g. \"scribe.changes\"");
    ChangeFeed feed = new ChangeFeed(factory, exchange);
    try {
      feed.connect();
    } catch (IOException | TimeoutException e) {
      if (Rabbit.brokerRefused(e)) {
        throw new ConfigurationException("the change feed cannot listen to the exchange '" + exchange + "' of the"
            + " broker at " + Rabbit.address(factory) + ": " + Rabbit.reason(e));
      }
      // Writes go through the outbox table and do not need the broker: an instance restarted during a broker
      // outage serves them, and its feed follows once the broker is back.
      LOG.warn("change feed: the broker at {} cannot be reached ({}); the feed starts without it and retries in the"
          + " background, its streams receive changes once it is connected", Rabbit.address(factory),
          Rabbit.reason(e));
    }
    feed.reconnector.start();
    return feed;
  }

  /**
   * A new subscription that receives every change from now on; close it when done. A {@link UsageException} once the
   * feed is closed.
   */
  public Subscription subscribe() {
    requireOpen();
    Subscription subscription = new Subscription();
    subscriptions.add(subscription);
    return subscription;
  }

  /** The Server-Sent Events servlet of this feed, leaving out the fields {@code policy} hides. */
  public HttpServlet servlet(FieldPolicy policy) {
    return servlet(policy, FeedLimits.defaults());
  }

  /**
   * The Server-Sent Events servlet of this feed, each stream showing what {@code access} lets its caller see,
   * e.g. a {@link ScopedFeedAccess}, within {@link FeedLimits#defaults()}.
   */
  public HttpServlet servlet(FeedAccess access) {
    return servlet(access, FeedLimits.defaults());
  }

  /**
   * {@link #servlet(FeedAccess)} serving at most {@code maxStreams} streams at once: one more is answered
   * 503 with {@code Retry-After}. The other limits are the defaults.
   */
  public HttpServlet servlet(FeedAccess access, int maxStreams) {
    if (maxStreams < 1) {
      throw new ConfigurationException("ChangeFeed.servlet(access, " + maxStreams + "): maxStreams must be at least 1;"
          + " ChangeFeed.MAX_STREAMS (" + MAX_STREAMS + ") by default");
    }
    return servlet(access, FeedLimits.builder().maxStreams(maxStreams).build());
  }

  /**
   * {@link #servlet(FeedAccess)} within {@code limits}: how many streams in all and per caller, and how far a
   * stream's client may fall behind before it is dropped.
   */
  public HttpServlet servlet(FeedAccess access, FeedLimits limits) {
    if (access == null) {
      throw new UsageException("ChangeFeed.servlet(null" + (limits == FeedLimits.defaults() ? "" : ", " + limits)
          + "): pass who sees what, e.g. ScopedFeedAccess.builder(store)...build(), or FieldPolicy.none() to show"
          + " every change to everyone");
    }
    if (limits == null) {
      throw new UsageException("ChangeFeed.servlet(access, null): pass the limits, e.g. FeedLimits.defaults() or"
          + " FeedLimits.builder().maxStreams(1_000).build()");
    }
    requireOpen();
    // a ScopedFeedAccess names every signed-in caller, so its anonymous streams are bounded apart from theirs: one
    // client opening anonymous streams in a loop took every slot from them. Another access may name no caller at
    // all (a FieldPolicy), where every stream is anonymous and the bound applies only when it was set.
    int anonymous = limits.anonymousStreamsSet() || access instanceof ScopedFeedAccess ? limits.maxAnonymousStreams()
        : limits.maxStreams();
    return new ChangeFeedServlet(this, access, limits, anonymous);
  }

  boolean isOpen() {
    return open;
  }

  /** A closed feed's subscription was handed out, received nothing, and had each poll wait its whole timeout. */
  private void requireOpen() {
    if (!open) {
      throw new UsageException(CLOSED);
    }
  }

  /** What a closed feed answers to a subscription or a servlet. */
  private static final String CLOSED = "this ChangeFeed is closed: it receives no more changes, so it has no"
      + " subscription or stream to give; start another with ChangeFeed.start(uri, exchange)";

  /**
   * True while the feed is connected to the broker and receiving changes; false while it is not, at start or
   * after losing its connection, and after {@link #close()}.
   */
  public boolean connected() {
    Connection current = connection;
    return open && current != null && current.isOpen();
  }

  private void connect() throws IOException, TimeoutException {
    Connection opened = factory.newConnection("scribe-change-feed");
    try {
      listen(opened);
    } catch (IOException | RuntimeException e) {
      // The broker refused a declaration (an exchange of another type, say): the connection would stay open,
      // a thread of its own, at every start and at every reconnection attempt of the feed.
      opened.abort(1_000);
      throw e;
    }
    connection = opened;
  }

  private void listen(Connection opened) throws IOException {
    Channel channel = opened.createChannel();
    channel.exchangeDeclare(exchange, "topic", true);
    String queue = channel.queueDeclare("", false, true, true, null).getQueue();
    channel.queueBind(queue, exchange, "#");
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        Object seq = properties.getHeaders() == null ? null : properties.getHeaders().get(RabbitPublisher.SEQ_HEADER);
        try {
          ChangeMessage message = ChangeMessage.parse(new String(body, StandardCharsets.UTF_8),
              seq instanceof Number ? ((Number) seq).longValue() : -1);
          subscriptions.forEach(subscription -> subscription.offer(message));
        } catch (RuntimeException e) {
          LOG.warn("change feed: skipping a message on {} that is not an outbox event: {}", envelope.getRoutingKey(),
              e.getMessage());
        }
      }
    });
  }

  private void keepConnected() {
    long pause = RECONNECT_FIRST_MILLIS;
    boolean everConnected = connection != null;
    boolean warned = false;
    while (open) {
      try {
        Thread.sleep(pause);
        Connection current = connection;
        if (current != null && current.isOpen()) {
          pause = RECONNECT_FIRST_MILLIS;
        } else if (open) {
          connect();
          pause = RECONNECT_FIRST_MILLIS;
          // The queue that fed the streams went with the connection (or, at a start without the broker, was not
          // there yet): what was published meanwhile is lost to them, so they end with 'dropped' (connect again
          // and reload) rather than go on with a silent gap.
          String why = everConnected ? BROKER_LOST : BROKER_ABSENT;
          subscriptions.forEach(subscription -> subscription.drop(why));
          LOG.info("change feed: {} the broker at {}; the open streams were told to reload",
              everConnected ? "reconnected to" : "connected to", Rabbit.address(factory));
          everConnected = true;
          warned = false;
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        pause = Math.min(pause * 2, RECONNECT_MAX_MILLIS);
        if (Rabbit.brokerRefused(e) && !warned) {
          // the broker answers but refuses the feed (its user's password changed, the exchange was redeclared as
          // another type): retrying goes on, but this is for someone to fix, not a passing outage
          warned = true;
          LOG.warn("change feed: the broker at {} refuses the feed: {}; retrying every {} s",
              Rabbit.address(factory), Rabbit.reason(e), RECONNECT_MAX_MILLIS / 1_000);
        } else {
          LOG.debug("change feed: the broker is still unreachable: {}", e.toString());
        }
      }
    }
  }

  /** Ends every subscription and disconnects. */
  @Override
  public void close() {
    open = false;
    reconnector.interrupt();
    subscriptions.forEach(Subscription::close);
    try {
      Connection current = connection;
      if (current != null && current.isOpen()) {
        current.close(2_000);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("change feed: closing the connection failed: {}", e.toString());
    }
  }

  private static final String FELL_BEHIND = "this stream fell " + BUFFER + " changes behind and was closed; changes"
      + " were missed: connect again and reload what you show";
  private static final String BROKER_ABSENT = "the change feed was not connected to the broker when this stream"
      + " opened and has connected now; changes made meanwhile were missed: connect again and reload what you show";
  private static final String BROKER_LOST = "the change feed lost its connection to the broker and this stream was"
      + " closed; changes made meanwhile were missed: connect again and reload what you show";

  /** The changes one subscriber has not taken yet. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<ChangeMessage> queue = new LinkedBlockingQueue<>(BUFFER);
    private volatile boolean closed;
    private volatile String dropped;

    private Subscription() {}

    void offer(ChangeMessage message) {
      if (!queue.offer(message)) {
        LOG.warn("change feed: a subscriber fell {} changes behind and is dropped", BUFFER);
        drop(FELL_BEHIND);
      }
    }

    void drop(String why) {
      dropped = why;
      close();
    }

    /** The next change, waiting up to {@code timeoutMillis}; null when none came or the subscription ended. */
    public ChangeMessage poll(long timeoutMillis) throws InterruptedException {
      ChangeMessage next = closed ? null : queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      return next == END ? null : next;
    }

    /**
     * True when the subscription ended with changes missed: it fell {@link #BUFFER} changes behind, or the
     * feed's connection to the broker was lost and made again.
     */
    public boolean dropped() {
      return dropped != null;
    }

    /** Why the subscription was dropped, for its client; null when it was not. */
    public String droppedBecause() {
      return dropped;
    }

    /** True until closed, dropped for falling behind, or the feed closed. */
    public boolean isOpen() {
      return !closed && open;
    }

    /** Ends the subscription and wakes a {@link #poll} waiting on it. */
    @Override
    public void close() {
      closed = true;
      subscriptions.remove(this);
      queue.clear();
      queue.offer(END);
    }
  }
}
