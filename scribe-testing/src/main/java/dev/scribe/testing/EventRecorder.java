package dev.scribe.testing;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Tier;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceEntry;
import dev.scribe.core.UsageException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Records every event fired on the tiers or managers it is attached to, in firing order, with a snapshot of
 * its args and whether a handler stopped it; and asserts on what it recorded.
 *
 * <p>Contract: the recorder attaches two handlers per event, one at priority {@code Integer.MAX_VALUE} (it
 * takes the snapshot) and one at {@code Integer.MIN_VALUE + 1} (it marks the event completed). It changes
 * nothing in the args. It sees only what runs between them: when a handler of an event it records runs before
 * its first or after its last (at {@code Integer.MAX_VALUE}, {@code Integer.MIN_VALUE + 1} or
 * {@code Integer.MIN_VALUE}), every query and assertion about that event refuses with an
 * {@link IllegalStateException} naming that handler, rather than report a veto it could not see. Events fired on any thread are recorded (HTTP requests run on
 * Jetty's threads). When the application traces ({@code Scribe.builder().trace(true)}), a stopped event
 * also names the handler that vetoed or threw. {@link #close()} detaches it.
 *
 * <pre>{@code
 * EventRecorder events = EventRecorder.record(scribe, RepositoryTier.TIER);
 * notes.create(Map.of("title", "Buy milk"));
 * events.assertFiredInOrder("repository.preCreate", "repository.validateCreate", "repository.postCreateBatch");
 * events.assertVetoedBy("NoteRepository.verifyDelete");
 * }</pre>
 */
public final class EventRecorder implements AutoCloseable {
  /**
   * How the names of the recorder's own handlers start, left out of what it reports: each attachment's pair has
   * names of its own ({@code EventRecorder#3.first}, {@code EventRecorder#3.last}), as the kernel refuses two
   * handlers of one event under one name.
   */
  public static final String HANDLER_NAME = "EventRecorder";

  /** Numbers the recorders' attachments, so that no two recorders' handlers share a name. */
  private static final java.util.concurrent.atomic.AtomicLong ATTACHMENTS = new java.util.concurrent.atomic.AtomicLong();

  private static final int FIRST = Integer.MAX_VALUE;
  private static final int LAST = Integer.MIN_VALUE + 1;

  private final Scribe scribe;
  private final List<Firing> fired = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  /** Set by {@link #close}: a closed recorder attaches to no manager again. */
  private boolean closed;
  /** Each event the recorder is attached to, with the manager and label: what {@link Outsiders} checks. */
  private final List<Attached> attached = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The names a query or an assertion may use: each recorded event's name and {@code label.event}. */
  private final java.util.Set<String> known = new java.util.LinkedHashSet<>();

  private EventRecorder(Scribe scribe) {
    this.scribe = scribe;
  }

  /** True when {@code handler} names a handler of a recorder (this one or another). */
  static boolean isRecorders(String handler) {
    return handler.startsWith(HANDLER_NAME + "#");
  }

  /** A recorder of every event of {@code tiers} (every tier {@code scribe} knows when none is given), on every path. */
  public static EventRecorder record(Scribe scribe, Tier... tiers) {
    return recordPaths(scribe, null, tiers);
  }

  /** A recorder of the events of {@code tiers} (every tier when none is given) fired on paths matching {@code pathGlob}. */
  public static EventRecorder recordPaths(Scribe scribe, String pathGlob, Tier... tiers) {
    if (scribe == null) {
      throw new UsageException("EventRecorder.record(null, ...): pass the application's Scribe, e.g."
          + " EventRecorder.record(store.scribe())");
    }
    if (tiers == null || java.util.Arrays.asList(tiers).contains(null)) {
      throw new UsageException("EventRecorder.record(scribe, " + (tiers == null ? "null" : java.util.Arrays.toString(tiers))
          + "): a tier is null; pass the tiers to record, e.g. RepositoryTier.TIER, or none for every tier "
          + scribe.tiers().keySet());
    }
    if (pathGlob != null) {
      // checked before anything is attached: else the first handler's attachment refused it, its message naming an
      // event of some tier rather than this call
      try {
        dev.scribe.core.PathGlob.of(pathGlob);
      } catch (dev.scribe.core.ConfigurationException e) {
        throw new UsageException("EventRecorder.recordPaths(scribe, \"" + pathGlob + "\"): " + e.getMessage()
            + "; e.g. recordPaths(scribe, \"admin.**\")", e);
      }
    }
    EventRecorder recorder = new EventRecorder(scribe);
    // a tier named twice is recorded once: attached twice, its every event was recorded twice
    Collection<Tier> chosen = tiers.length == 0 ? scribe.tiers().values()
        : new java.util.LinkedHashSet<>(java.util.Arrays.asList(tiers));
    for (Tier tier : chosen) {
      recorder.attach(scribe.tier(tier), tier.name(), pathGlob);
    }
    return recorder;
  }

  /**
   * A recorder of one manager (a repository's, an entity class's), its events labelled {@code label}. It names
   * the handler that stopped an event when the event's args carry the open trace ({@link EventArgs#TRACE}), as
   * the repository, entity and controller tiers' do when the application traces.
   */
  public static EventRecorder record(EventManager manager, String label) {
    return new EventRecorder(null).and(manager, label);
  }

  /**
   * Also records the events of {@code manager}, labelled {@code label}; returns this recorder. A manager it records
   * already is recorded once: named again under its label it is left as it is, under another one it is a
   * {@link UsageException}.
   */
  public EventRecorder and(EventManager manager, String label) {
    if (manager == null) {
      throw new UsageException("EventRecorder.record(null, " + (label == null ? "null" : "\"" + label + "\"") + "): pass"
          + " the event manager to record, e.g. EventRecorder.record(notes.events(), \"notes\")");
    }
    if (label == null || label.isBlank()) {
      throw new UsageException("EventRecorder.record(" + manager + ", " + (label == null ? "null" : "\"" + label + "\"")
          + "): pass the label its events are named with, e.g. EventRecorder.record(notes.events(), \"notes\") names"
          + " them notes.preCreate");
    }
    synchronized (subscriptions) {
      if (closed) {
        throw new UsageException("this EventRecorder is closed: it records nothing more; start another with"
            + " EventRecorder.record(...)");
      }
      for (Attached each : attached) {
        if (each.manager() == manager) {
          // attached again, its every event was recorded twice; under a second label, once per label
          if (each.label().equals(label)) {
            return this;
          }
          throw new UsageException("this EventRecorder records " + manager + " as '" + each.label() + "' already;"
              + " record each manager once, under one label");
        }
      }
      attach(manager, label, null);
    }
    return this;
  }

  private void attach(EventManager manager, String label, String pathGlob) {
    String name = HANDLER_NAME + "#" + ATTACHMENTS.incrementAndGet();
    for (Event event : manager.tier().events()) {
      known.add(event.name());
      known.add(label + "." + event.name());
      HandlerSpec first = HandlerSpec.of(event.name()).name(name + ".first").priority(FIRST);
      HandlerSpec last = HandlerSpec.of(event.name()).name(name + ".last").priority(LAST);
      if (pathGlob != null) {
        first = first.path(pathGlob);
        last = last.path(pathGlob);
      }
      subscriptions.add(manager.on(first, args -> started(label, event, args)));
      subscriptions.add(manager.on(last, args -> completed(event, args)));
      attached.add(new Attached(manager, label, event));
    }
  }

  private record Attached(EventManager manager, String label, Event event) {
  }

  private void started(String label, Event event, EventArgs args) {
    // a recorder of one manager does not know its Scribe; the tiers hand the open trace on in the args
    Trace trace = scribe != null ? scribe.currentTrace()
        : args.get(EventArgs.TRACE) instanceof Trace open ? open : null;
    Firing entry = new Firing(label, event, args.path(), Firing.snapshot(args), args, trace);
    synchronized (fired) {
      fired.add(entry);
    }
  }

  private void completed(Event event, EventArgs args) {
    synchronized (fired) {
      for (int i = fired.size() - 1; i >= 0; i--) {
        Firing entry = fired.get(i);
        if (entry.live == args && entry.event == event && entry.thread == Thread.currentThread()) {
          entry.completed = true;
          entry.live = null;
          return;
        }
      }
    }
  }

  // ---- what was recorded ----

  /** Every recorded event in firing order. */
  public List<RecordedEvent> events() {
    requireSeen(null);
    return recorded();
  }

  private List<RecordedEvent> recorded() {
    List<Firing> copy;
    synchronized (fired) {
      copy = List.copyOf(fired);
    }
    Map<String, Integer> failuresSeen = new LinkedHashMap<>();
    List<RecordedEvent> events = new ArrayList<>(copy.size());
    for (Firing entry : copy) {
      String stoppedBy = null;
      String failure = null;
      if (!entry.completed && entry.trace != null) {
        String key = System.identityHashCode(entry.trace) + " " + entry.event.tier().name() + "." + entry.event.name()
            + " @" + entry.path;
        int seen = failuresSeen.merge(key, 1, Integer::sum);
        TraceEntry culprit = entry.failure(seen);
        if (culprit != null) {
          stoppedBy = culprit.handler();
          failure = culprit.outcome();
        }
      }
      events.add(new RecordedEvent(entry.label, entry.event.name(), entry.path, entry.args, entry.completed,
          stoppedBy, failure));
    }
    return events;
  }

  /** The names ({@code label.event}) of every recorded event, in firing order. */
  public List<String> names() {
    return events().stream().map(RecordedEvent::name).toList();
  }

  /** The recorded events named {@code event} (e.g. {@code preCreate}) or {@code label.event}, in firing order. */
  public List<RecordedEvent> events(String event) {
    requireKnown(event);
    requireSeen(event);
    return recorded().stream().filter(e -> matches(e, event)).toList();
  }

  /** The last recorded event named {@code event} or {@code label.event}; fails the test when none fired. */
  public RecordedEvent last(String event) {
    List<RecordedEvent> found = events(event);
    if (found.isEmpty()) {
      throw new AssertionFailedError(event + " did not fire; fired: " + recorded().stream().map(RecordedEvent::name).toList());
    }
    return found.get(found.size() - 1);
  }

  /** The events a handler stopped (vetoed or threw), in firing order. */
  public List<RecordedEvent> stopped() {
    return events().stream().filter(e -> !e.completed()).toList();
  }

  /** Forgets what was recorded so far; the recorder stays attached. */
  public void clear() {
    synchronized (fired) {
      fired.clear();
    }
  }

  // ---- assertions ----

  /**
   * Fails unless the events named fired in this relative order (others may fire in between); naming none is an
   * {@link IllegalArgumentException}, as it would pass whatever fired.
   */
  public EventRecorder assertFiredInOrder(String... expected) {
    if (expected == null || expected.length == 0) {
      throw new IllegalArgumentException("assertFiredInOrder(" + (expected == null ? "null" : "") + ") names no event,"
          + " so it would pass whatever fired; name the events in the order they must fire, e.g."
          + " assertFiredInOrder(\"preCreate\", \"postCreate\"), or use assertFiredExactly() for nothing at all");
    }
    for (String name : expected) {
      requireKnown(name);
      requireSeen(name);
    }
    List<RecordedEvent> events = recorded();
    List<String> names = events.stream().map(RecordedEvent::name).toList();
    int at = 0;
    for (RecordedEvent event : events) {
      if (at < expected.length && matches(event, expected[at])) {
        at++;
      }
    }
    if (at < expected.length) {
      throw new AssertionFailedError("expected " + List.of(expected) + " to fire in this order, but "
          + expected[at] + " did not fire after " + (at == 0 ? "the start" : expected[at - 1]) + "; fired: " + names,
          List.of(expected), names);
    }
    return this;
  }

  /** Fails unless exactly the events named fired, in this order; none named: unless nothing fired. */
  public EventRecorder assertFiredExactly(String... expected) {
    if (expected == null) {
      throw new IllegalArgumentException("assertFiredExactly(null): name the events that must fire, in order, or none"
          + " (assertFiredExactly()) for nothing at all");
    }
    for (String name : expected) {
      requireKnown(name);
    }
    List<RecordedEvent> events = events();
    List<String> names = events.stream().map(RecordedEvent::name).toList();
    boolean same = events.size() == expected.length;
    for (int i = 0; same && i < expected.length; i++) {
      same = matches(events.get(i), expected[i]);
    }
    if (!same) {
      throw new AssertionFailedError("expected exactly " + List.of(expected) + " to fire, in this order; fired: " + names,
          List.of(expected), names);
    }
    return this;
  }

  /** Fails when an event named {@code event} (or {@code label.event}) fired. */
  public EventRecorder assertNotFired(String event) {
    List<RecordedEvent> fired = events(event);
    if (!fired.isEmpty()) {
      throw new AssertionFailedError(event + " fired but should not have: " + fired);
    }
    return this;
  }

  /**
   * Fails unless a handler named {@code handler} stopped an event (a veto or an exception); the application
   * must trace. Handler names are those of the trace: {@code TaskRepository.verifyDelete} for a method, the
   * name given to {@code HandlerSpec.name} or to a named handler.
   */
  public EventRecorder assertVetoedBy(String handler) {
    if (handler == null) {
      throw new IllegalArgumentException("assertVetoedBy(null): name the handler as the trace does, e.g."
          + " assertVetoedBy(\"NoteRepository.verifyDelete\")");
    }
    List<RecordedEvent> stopped = stopped();
    if (stopped.stream().noneMatch(e -> handler.equals(e.stoppedBy()))) {
      boolean named = stopped.stream().anyMatch(e -> e.stoppedBy() != null);
      String hint = (scribe == null ? named || stopped.isEmpty() : scribe.tracing()) ? ""
          : " (the application does not trace, so stopped events do not name their handler: build it with "
              + "Scribe.builder().trace(true))";
      throw new AssertionFailedError(handler + " stopped no event; stopped: " + stopped + hint);
    }
    return this;
  }

  /** Fails when a handler stopped an event. */
  public EventRecorder assertNothingStopped() {
    List<RecordedEvent> stopped = stopped();
    if (!stopped.isEmpty()) {
      throw new AssertionFailedError("events were stopped: " + stopped);
    }
    return this;
  }

  /**
   * Refuses a name this recorder could never record — a misspelling ({@code preCreat}) or an event of a tier
   * it does not record — so that {@link #assertNotFired} and the queries cannot pass by naming nothing.
   */
  private void requireKnown(String name) {
    if (name == null) {
      throw new IllegalArgumentException("the event name is null; name an event (preCreate) or a label and an event"
          + " (repository.preCreate) of the tiers or managers this recorder records");
    }
    if (known.contains(name)) {
      return;
    }
    String closest = dev.scribe.core.internal.scan.EditDistance.closest(name, known);
    throw new IllegalArgumentException("no event this recorder records is named '" + name + "'"
        + (closest == null ? "" : " (did you mean " + closest + "?)") + "; name an event (preCreate) or a label and an"
        + " event (repository.preCreate) of the tiers or managers it records");
  }

  /** True when {@code expected} names {@code event}: {@code label.event}, or the event alone for any label. */
  private static boolean matches(RecordedEvent event, String expected) {
    return event.event().equals(expected) || event.name().equals(expected);
  }

  /**
   * Refuses to answer about the events named {@code name} (every event when null) when a handler of one runs
   * outside the recorder's own two, so that what it did not see is not reported as what happened.
   */
  private void requireSeen(String name) {
    for (Attached each : attached) {
      Event event = each.event();
      if (name == null || event.name().equals(name) || (each.label() + "." + event.name()).equals(name)) {
        String why = Outsiders.find(scribe, each.manager(), event);
        if (why != null) {
          throw new IllegalStateException(why);
        }
      }
    }
  }

  /** Detaches the recorder; what it recorded stays readable. */
  @Override
  public void close() {
    synchronized (subscriptions) {
      closed = true;
      subscriptions.forEach(Subscription::remove);
      subscriptions.clear();
      attached.clear();
    }
  }

  @Override
  public String toString() {
    return "EventRecorder" + recorded();
  }
}
