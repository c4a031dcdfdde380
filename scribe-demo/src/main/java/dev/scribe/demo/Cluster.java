package dev.scribe.demo;

import dev.scribe.demo.audit.CompletionNotifier;
import dev.scribe.outbox.ChangeConsumer;
import dev.scribe.outbox.ChangeFeed;
import dev.scribe.outbox.Outbox;
import dev.scribe.outbox.OutboxSettings;
import dev.scribe.outbox.RabbitPublisher;
import dev.scribe.repository.DataStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What {@code --broker} adds: the outbox and its relay, the change feed read from the broker, and the
 * consumer that turns completed tasks into notifications. All null without a broker.
 */
record Cluster(Outbox outbox, ChangeFeed feed, ChangeConsumer notifications) implements AutoCloseable {
  static final Cluster NONE = new Cluster(null, null, null);

  @Override
  public void close() {
    try {
      if (notifications != null) {
        notifications.close();
      }
      if (feed != null) {
        feed.close();
      }
    } finally {
      if (outbox != null) {
        outbox.close();
      }
    }
  }

  /**
   * The outbox with this instance's relay to {@code --broker}, the replay {@code --replay} asks for, the change
   * feed, and the notifications taken from a work queue that every instance on the exchange shares, so each
   * completion becomes one notification whichever instance committed it and whichever consumes it.
   */
  static Cluster start(DemoOptions options, DataStore store, Clock clock) {
    Outbox outbox = Outbox.install(store, OutboxSettings.builder()
        .publisher(RabbitPublisher.create(options.broker(), options.exchange()))
        // How long the rows a killed instance had claimed wait before another relay takes them.
        .lease(Duration.parse(System.getProperty(DemoApplication.OUTBOX_LEASE_PROPERTY, "PT30S")))
        .build());
    ChangeFeed feed = null;
    try {
      if (options.replay() != null) {
        int replayed = options.replaySince() == null ? outbox.replayDead() : outbox.replaySince(options.replaySince());
        System.out.println("Replaying " + replayed + " outbox events (--replay " + options.replay() + ")");
      }
      feed = ChangeFeed.start(options.broker(), options.exchange());
      ChangeConsumer notifications = ChangeConsumer.builder(options.broker(), options.exchange(),
              options.exchange() + ".notifications")
          .bind("Task.updated")
          .deduplicateIn(store)
          .listener(new CompletionNotifier.FromBroker(store, clock))
          .start();
      return new Cluster(outbox, feed, notifications);
    } catch (RuntimeException e) {
      new Cluster(outbox, feed, null).close();
      throw e;
    }
  }
}
