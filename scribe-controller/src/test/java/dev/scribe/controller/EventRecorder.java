package dev.scribe.controller;

import dev.scribe.core.Event;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Remembers, in order, every event of the given tiers that fired, as {@code tier.event}. */
final class EventRecorder implements AutoCloseable {
  private final List<String> fired = Collections.synchronizedList(new ArrayList<>());
  private final List<Subscription> subscriptions = new ArrayList<>();

  EventRecorder(Scribe scribe, Tier... tiers) {
    for (Tier tier : tiers) {
      for (Event event : tier.events()) {
        subscriptions.add(scribe.tier(tier).on(event.name(), args -> fired.add(tier.name() + "." + event.name())));
      }
    }
  }

  List<String> fired() {
    synchronized (fired) {
      return List.copyOf(fired);
    }
  }

  void clear() {
    fired.clear();
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::remove);
  }
}
