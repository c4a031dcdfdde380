package dev.scribe.core.internal.dispatch;

import dev.scribe.core.Event;
import dev.scribe.core.EventHandler;
import dev.scribe.core.HandlerInfo;
import dev.scribe.core.HandlerSource;
import dev.scribe.core.PathGlob;
import dev.scribe.core.internal.CoreAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** One attached handler with everything needed to order, filter, de-duplicate and describe it. */
public final class RegisteredHandler {
  private static final CoreAccess CORE = CoreAccess.get();

  /** Priority descending, then own methods before everything else, then attach order. */
  static final Comparator<RegisteredHandler> DISPATCH_ORDER = ((Comparator<RegisteredHandler>)
      // compared, not negated: -Integer.MIN_VALUE is Integer.MIN_VALUE, which put the lowest priority first
      (a, b) -> Integer.compare(b.priority, a.priority))
      .thenComparingInt(h -> h.source == HandlerSource.OWN_METHOD ? 0 : 1)
      .thenComparingLong(h -> h.sequence);

  final Event event;
  final EventHandler handler;
  final String name;
  final HandlerSource source;
  final int priority;
  /** The path globs it runs for (any of them), or null for every path. */
  final PathGlob[] filters;
  final long sequence;
  final Identity identity;
  final String level;

  public RegisteredHandler(Event event, EventHandler handler, String name, HandlerSource source, int priority,
      PathGlob filter, long sequence, Object target, String member, String level) {
    this(event, handler, name, source, priority, filter == null ? null : new PathGlob[] {filter}, sequence,
        new Identity(target, member, event), level);
  }

  private RegisteredHandler(Event event, EventHandler handler, String name, HandlerSource source, int priority,
      PathGlob[] filters, long sequence, Identity identity, String level) {
    this.event = event;
    this.handler = handler;
    this.name = name;
    this.source = source;
    this.priority = priority;
    this.filters = filters;
    this.sequence = sequence;
    this.identity = identity;
    this.level = level;
  }

  /** True when the handler runs for {@code path}. */
  boolean runsFor(String path) {
    if (filters == null) {
      return true;
    }
    for (PathGlob filter : filters) {
      if (filter.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * This handler standing also for {@code duplicate}, the same member of the same object attached a
   * second time: it keeps its place and runs once, for the paths of either attachment.
   */
  RegisteredHandler absorb(RegisteredHandler duplicate) {
    if (filters == null) {
      return this;
    }
    if (duplicate.filters == null) {
      return new RegisteredHandler(event, handler, name, source, priority, null, sequence, identity, level);
    }
    List<PathGlob> union = new ArrayList<>(Arrays.asList(filters));
    for (PathGlob glob : duplicate.filters) {
      if (!union.contains(glob)) {
        union.add(glob);
      }
    }
    return new RegisteredHandler(event, handler, name, source, priority, union.toArray(new PathGlob[0]), sequence,
        identity, level);
  }

  /**
   * True when {@code other} is another handler of the same event under this one's name, both named by their
   * caller (a lambda given a name, a named handler): the name would stand for two handlers in the trace and in
   * {@code describe()}. Subscriber and own methods are named after their class and method, not chosen.
   */
  boolean nameTakenBy(RegisteredHandler other) {
    return chosenName() && other.chosenName() && event.equals(other.event) && name.equals(other.name)
        && !identity.equals(other.identity);
  }

  private boolean chosenName() {
    return source == HandlerSource.LAMBDA || source == HandlerSource.NAMED;
  }

  /** What and where it is, for a message: {@code store.preCreate on TaskStore (a lambda, priority 10, every path)}. */
  String whereAttached() {
    String filter = filterText();
    return event + " on " + level + " (" + (source == HandlerSource.NAMED ? "a named handler" : "a lambda")
        + ", priority " + priority + ", " + (filter == null ? "every path" : (filters.length > 1 ? "paths " : "path ")
        + filter) + ")";
  }

  public HandlerInfo info() {
    return new HandlerInfo(name, source, priority, filterText(), level);
  }

  private String filterText() {
    if (filters == null) {
      return null;
    }
    List<String> patterns = new ArrayList<>();
    for (PathGlob filter : filters) {
      patterns.add(filter.pattern());
    }
    return String.join(", ", patterns);
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
      return System.identityHashCode(target) * 31 + member.hashCode() * 7 + CORE.index(event);
    }
  }
}
