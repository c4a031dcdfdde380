package dev.scribe.core;

/**
 * What firing one event of one manager runs, precomputed when the subscriptions last changed: the
 * handlers in dispatch order, their callables in a flat array, and whether any of them has a path
 * filter (when none has, dispatch never reads the path).
 */
final class EventPlan {
  /** The plan of every event without handlers; compared by identity on the hot path. */
  static final EventPlan EMPTY = new EventPlan(new RegisteredHandler[0]);

  final RegisteredHandler[] handlers;
  final EventHandler[] callees;
  final boolean filtered;

  private EventPlan(RegisteredHandler[] handlers) {
    this.handlers = handlers;
    this.callees = new EventHandler[handlers.length];
    boolean anyFilter = false;
    for (int i = 0; i < handlers.length; i++) {
      callees[i] = handlers[i].handler;
      anyFilter |= handlers[i].filters != null;
    }
    this.filtered = anyFilter;
  }

  static EventPlan of(RegisteredHandler[] handlers) {
    return handlers.length == 0 ? EMPTY : new EventPlan(handlers);
  }
}
