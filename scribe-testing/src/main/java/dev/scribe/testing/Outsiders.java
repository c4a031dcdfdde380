package dev.scribe.testing;

import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import dev.scribe.core.HandlerInfo;
import dev.scribe.core.HandlerSource;
import dev.scribe.core.Scribe;
import java.util.ArrayList;
import java.util.List;

/**
 * The handlers an {@link EventRecorder} cannot vouch for: those that run before its first handler of an event
 * (a veto from one leaves the firing unrecorded, and its changes show in the snapshot) or after its last one
 * (a veto from one leaves the firing recorded as completed). The kernel offers no hook around a whole
 * dispatch, so the recorder sees only what runs between its own two handlers.
 */
final class Outsiders {
  private Outsiders() {
  }

  /**
   * Why the recorder cannot vouch for {@code event} as fired by {@code manager} and, when {@code manager} is
   * a tier-wide manager of {@code scribe}, by every owner of that tier; null when every handler runs between
   * the recorder's own.
   */
  static String find(Scribe scribe, EventManager manager, Event event) {
    List<EventManager> firing = new ArrayList<>();
    firing.add(manager);
    if (scribe != null && manager.parent() == null) {
      scribe.managers().stream().filter(owner -> owner.tier() == manager.tier()).forEach(firing::add);
    }
    for (EventManager each : firing) {
      String why = find(each.handlers(event.name()), event);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** Why a handler of {@code handlers} (in dispatch order) runs outside the recorder's, or null. */
  private static String find(List<HandlerInfo> handlers, Event event) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < handlers.size(); i++) {
      if (isRecorder(handlers.get(i))) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    for (int i = 0; first >= 0 && i < handlers.size(); i++) {
      HandlerInfo handler = handlers.get(i);
      if ((i < first || i > last) && !isRecorder(handler)) {
        return explain(handler, event, i < first);
      }
    }
    return null;
  }

  private static boolean isRecorder(HandlerInfo handler) {
    return handler.source() == HandlerSource.LAMBDA && EventRecorder.isRecorders(handler.name());
  }

  private static String explain(HandlerInfo handler, Event event, boolean before) {
    return "the recorder cannot tell how " + event.tier().name() + "." + event.name() + " went: handler " + handler
        + (before ? " runs before the recorder's first handler, so a veto from it would leave the event unrecorded"
            + " and its changes would show in the snapshot"
            : " runs after the recorder's last handler, so a veto from it would leave the event recorded as completed")
        + "; give " + handler.name() + " a priority from Integer.MIN_VALUE + 2 to Integer.MAX_VALUE - 1 (the recorder's"
        + " own handlers run at Integer.MAX_VALUE and Integer.MIN_VALUE + 1)";
  }
}
