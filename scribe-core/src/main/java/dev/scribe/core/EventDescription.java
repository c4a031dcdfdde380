package dev.scribe.core;

import java.util.List;

/** One event of a manager with its handlers in dispatch order. */
public record EventDescription(String tier, String event, List<HandlerInfo> handlers) {
  public EventDescription {
    handlers = List.copyOf(handlers);
  }
}
