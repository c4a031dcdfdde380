package dev.scribe.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A publisher that keeps what it was given, can be switched off like a broker, and refuses chosen aggregates. */
final class RecordingPublisher implements EventPublisher {
  private final List<OutboxEvent> published = new ArrayList<>();
  final Set<String> refusedAggregates = ConcurrentHashMap.newKeySet();
  /** Refuses the events whose payload contains one of these, so that a test can refuse a row before it exists. */
  final Set<String> refusedPayloads = ConcurrentHashMap.newKeySet();
  /** Throws (as a publisher with a bug would) on any call given an event whose payload contains one of these. */
  final Set<String> throwingPayloads = ConcurrentHashMap.newKeySet();
  volatile boolean down;
  volatile int calls;

  @Override
  public synchronized Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException {
    calls++;
    if (down) {
      throw new BrokerUnavailableException("the test broker is down", null);
    }
    for (OutboxEvent event : events) {
      if (throwingPayloads.stream().anyMatch(marker -> event.payload().contains(marker))) {
        throw new IllegalStateException("cannot serialise " + event.aggregateId());
      }
    }
    Map<UUID, String> failures = new LinkedHashMap<>();
    for (OutboxEvent event : events) {
      if (refusedAggregates.contains(event.aggregateId())
          || refusedPayloads.stream().anyMatch(marker -> event.payload().contains(marker))) {
        failures.put(event.id(), "refused " + event.aggregateId());
      } else {
        published.add(event);
      }
    }
    return failures;
  }

  synchronized List<OutboxEvent> published() {
    return new ArrayList<>(published);
  }

  @Override
  public void close() {}
}
