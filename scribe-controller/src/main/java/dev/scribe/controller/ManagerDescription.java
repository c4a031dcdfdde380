package dev.scribe.controller;

import dev.scribe.core.EventDescription;
import java.util.List;

/**
 * One event manager as introspection shows it: its tier, its owner ({@code TaskController},
 * {@code TaskRepository}, {@code Task}, or {@code tier} for the tier-wide manager) and every event of
 * the tier with its handlers in dispatch order.
 */
public record ManagerDescription(String tier, String owner, List<EventDescription> events) {
  public ManagerDescription {
    events = List.copyOf(events);
  }
}
