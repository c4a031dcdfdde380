package dev.scribe.core.internal.dispatch;

import dev.scribe.core.EventHandler;
import dev.scribe.core.internal.CoreAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What firing one event of one manager runs, precomputed when the subscriptions last changed: the
 * handlers in dispatch order, their callables in a flat array, and whether any of them has a path
 * filter (when none has, dispatch never reads the path).
 */
public final class EventPlan {
  private static final CoreAccess CORE = CoreAccess.get();

  /** The plan of every event without handlers; compared by identity on the hot path. */
  public static final EventPlan EMPTY = new EventPlan(new RegisteredHandler[0]);

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

  /**
   * The plan of every event of a tier of {@code eventCount} events, by event index, from the handlers of an
   * owner and its tier-wide parent: sorted into {@link RegisteredHandler#DISPATCH_ORDER}, and a handler
   * attached twice (same object, same member, same event) kept once at its first place, for the paths of both.
   */
  public static EventPlan[] plans(List<RegisteredHandler> handlers, int eventCount) {
    List<RegisteredHandler> all = new ArrayList<>(handlers);
    all.sort(RegisteredHandler.DISPATCH_ORDER);
    List<List<RegisteredHandler>> byEvent = new ArrayList<>();
    for (int i = 0; i < eventCount; i++) {
      byEvent.add(new ArrayList<>());
    }
    Map<RegisteredHandler.Identity, Integer> positions = new HashMap<>();
    for (RegisteredHandler handler : all) {
      List<RegisteredHandler> list = byEvent.get(CORE.index(handler.event));
      Integer kept = positions.get(handler.identity);
      if (kept == null) {
        positions.put(handler.identity, list.size());
        list.add(handler);
      } else {
        list.set(kept, list.get(kept).absorb(handler));
      }
    }
    EventPlan[] result = new EventPlan[byEvent.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = of(byEvent.get(i).toArray(new RegisteredHandler[0]));
    }
    return result;
  }

  /** The handlers in dispatch order (the plan's own array: do not change it). */
  public RegisteredHandler[] handlers() {
    return handlers;
  }
}
