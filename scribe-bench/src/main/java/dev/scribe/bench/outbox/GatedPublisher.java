package dev.scribe.bench.outbox;

import dev.scribe.outbox.BrokerUnavailableException;
import dev.scribe.outbox.EventPublisher;
import dev.scribe.outbox.OutboxEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A publisher that holds the relay until the benchmark opens it, and counts what the broker confirmed. */
public final class GatedPublisher implements EventPublisher {
  private final EventPublisher broker;
  /** The events the broker confirmed. */
  public final AtomicInteger confirmed = new AtomicInteger();
  /** False holds the relay in {@link #publish}. */
  public volatile boolean open;

  public GatedPublisher(EventPublisher broker) {
    this.broker = broker;
  }

  @Override
  public Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException, InterruptedException {
    while (!open) {
      Thread.sleep(1);
    }
    Map<UUID, String> failures = broker.publish(events);
    confirmed.addAndGet(events.size() - failures.size());
    return failures;
  }

  @Override
  public void close() {
    broker.close();
  }
}
