package dev.scribe.core;

import java.util.Comparator;

/** One attached handler with everything needed to order, filter, de-duplicate and describe it. */
final class RegisteredHandler {
  /** Priority descending, then own methods before everything else, then attach order. */
  static final Comparator<RegisteredHandler> DISPATCH_ORDER = Comparator
      .comparingInt((RegisteredHandler h) -> -h.priority)
      .thenComparingInt(h -> h.source == HandlerSource.OWN_METHOD ? 0 : 1)
      .thenComparingLong(h -> h.sequence);

  final Event event;
  final EventHandler handler;
  final String name;
  final HandlerSource source;
  final int priority;
  final PathGlob filter;
  final long sequence;
  final Identity identity;
  final String level;

  RegisteredHandler(Event event, EventHandler handler, String name, HandlerSource source, int priority,
      PathGlob filter, long sequence, Object target, String member, String level) {
    this.event = event;
    this.handler = handler;
    this.name = name;
    this.source = source;
    this.priority = priority;
    this.filter = filter;
    this.sequence = sequence;
    this.identity = new Identity(target, member, event);
    this.level = level;
  }

  HandlerInfo info() {
    return new HandlerInfo(name, source, priority, filter == null ? null : filter.pattern(), level);
  }

  /** The same object's same member for the same event: attached twice, it runs once. */
  static final class Identity {
    private final Object target;
    private final String member;
    private final Event event;

    Identity(Object target, String member, Event event) {
      this.target = target;
      this.member = member;
      this.event = event;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Identity)) {
        return false;
      }
      Identity other = (Identity) o;
      return other.target == target && other.event == event && other.member.equals(member);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(target) * 31 + member.hashCode() * 7 + event.index();
    }
  }
}
