package dev.scribe.core;

import dev.scribe.core.internal.dispatch.Attachments;
import dev.scribe.core.internal.dispatch.Dispatcher;
import dev.scribe.core.internal.dispatch.EventPlan;
import dev.scribe.core.internal.dispatch.RegisteredHandler;
import dev.scribe.core.internal.scan.ConventionScanner;
import dev.scribe.core.internal.scan.MethodBinder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The handlers of one owner (a controller, a repository, an entity class) or of a whole tier, and the
 * way to fire their events. Firing an owner's event runs the owner's handlers and its tier-wide
 * parent's, merged into one order:
 * <ol>
 *   <li>higher priority first (default 0);</li>
 *   <li>with equal priority, the owner class's own methods first;</li>
 *   <li>then everything attached (subscribers, named handlers, lambdas) in attach order, across both levels.</li>
 * </ol>
 * The same subscriber instance (or lambda, or named handler) attached to the owner and to the tier
 * runs once, at the place of its first attachment, for the paths of either.
 *
 * <p>Dispatch is synchronous on the caller's thread and re-entrant: an event fired from a handler runs
 * at once. Handler arrays are precomputed per event and rebuilt only after a subscription of this
 * manager or of its parent changes; firing an event without handlers allocates nothing.
 * Thread-safe: subscribe and fire from any thread.
 *
 * <pre>{@code
 * EventManager events = scribe.register(RepositoryTier.TIER, taskRepository, Repository.class);
 * Subscription audit = events.subscribe(new AuditSubscriber());
 * events.on("preCreate", args -> args.params().putIfAbsent("priority", 3));
 * events.fire("preCreate", args);
 * }</pre>
 */
public final class EventManager {
  private final Scribe scribe;
  private final Dispatcher dispatcher;
  private final Tier tier;
  private final EventManager parent;
  private final String owner;
  /** The handlers attached here and the plans compiled from them and the parent's. */
  private final Attachments attachments;

  private EventManager(Scribe scribe, Tier tier, EventManager parent, String owner) {
    this.scribe = scribe;
    this.dispatcher = scribe.dispatcher();
    this.tier = tier;
    this.parent = parent;
    this.owner = owner;
    this.attachments = new Attachments(tier.events().size(), parent == null ? null : parent.attachments);
  }

  /** The tier-wide manager of {@code tier}. */
  static EventManager tierWide(Scribe scribe, Tier tier) {
    return new EventManager(scribe, tier, null, "tier");
  }

  /** An owner's manager under {@code parent}, its tier-wide manager. */
  static EventManager owned(Scribe scribe, EventManager parent, String owner) {
    return new EventManager(scribe, parent.tier, parent, owner);
  }

  /** The tier whose events this manager fires. */
  public Tier tier() {
    return tier;
  }

  /** The owner's name ({@code TaskRepository}), or {@code "tier"} for a tier-wide manager. */
  public String owner() {
    return owner;
  }

  /** The tier-wide manager whose handlers also run, or null for a tier-wide manager. */
  public EventManager parent() {
    return parent;
  }

  /** Attaches a lambda to an event, priority 0, every path. */
  public Subscription on(String event, EventHandler handler) {
    return on(HandlerSpec.of(event), handler);
  }

  /** Attaches a lambda with a name, priority or path filter. */
  public Subscription on(HandlerSpec spec, EventHandler handler) {
    if (spec == null) {
      throw new UsageException("on(spec, handler) got a null spec; pass HandlerSpec.of(\"<event>\"), or call on(\"<event>\", handler)");
    }
    Event event = tier.event(spec.event());
    if (handler == null) {
      throw new UsageException("on(" + event.name() + ", handler) got a null handler; pass the code to run, e.g. on(\""
          + event.name() + "\", args -> ...)");
    }
    long sequence = scribe.nextSequence();
    String name = spec.name() != null ? spec.name() : lambdaName(handler, sequence);
    PathGlob filter = glob(spec.pathGlob(), "handler " + name + " of " + event);
    return attachments.attach(List.of(new RegisteredHandler(event, handler, name, HandlerSource.LAMBDA, spec.priority(), filter,
        sequence, handler, "handle", owner)));
  }

  /**
   * Attaches the handler registered under {@code spec.name()} with {@code Scribe.builder().handler(...)},
   * with the spec's priority and path filter: what a binding file does, in code.
   *
   * <pre>{@code
   * events.bind(HandlerSpec.of("preCreate").name("trimTitle").path("admin.**"));
   * }</pre>
   */
  public Subscription bind(HandlerSpec spec) {
    if (spec == null) {
      throw new UsageException("bind(spec) got a null spec; pass HandlerSpec.of(\"<event>\").name(\"<registered handler>\")");
    }
    if (spec.name() == null) {
      throw new ConfigurationException("bind(" + spec.event() + ") needs the name of a registered handler: "
          + "HandlerSpec.of(\"" + spec.event() + "\").name(\"...\")");
    }
    EventHandler handler = scribe.namedHandler(spec.name());
    if (handler == null) {
      throw new ConfigurationException(scribe.noSuchHandler(spec.name()));
    }
    return attachNamed(tier.event(spec.event()), spec.name(), handler, spec.pathGlob(), spec.priority());
  }

  /**
   * Attaches every handler method of {@code subscriber}: methods named like an event of this tier, and
   * methods annotated with {@link On}. A method with an event's name and the wrong signature is a
   * {@link ConfigurationException}; a near-miss name is logged as a warning.
   */
  public Subscription subscribe(Object subscriber) {
    return subscribe(subscriber, null);
  }

  /** Like {@link #subscribe(Object)}, restricted to the paths matching {@code pathGlob} unless a method's {@link On} says otherwise. */
  public Subscription subscribe(Object subscriber, String pathGlob) {
    if (subscriber == null) {
      throw new UsageException("subscribe(subscriber) got null; pass an object with methods named like " + tier.name()
          + " events or annotated with @On, or attach a lambda with on(\"<event>\", args -> ...)");
    }
    PathGlob defaultFilter = glob(pathGlob, "subscribing " + ConventionScanner.simpleName(subscriber.getClass()));
    List<ConventionScanner.Found> found = ConventionScanner.scan(subscriber.getClass(), Object.class, tier, scribe::warn);
    if (found.isEmpty()) {
      String nearMiss = ConventionScanner.nearMiss(subscriber.getClass(), Object.class, tier);
      throw new ConfigurationException(ConventionScanner.simpleName(subscriber.getClass())
          + " has no method named like a " + tier.name() + " event and none annotated with @On, so subscribing it does nothing; "
          + (nearMiss != null ? nearMiss : tier.name() + " events are " + tier.eventNames()));
    }
    List<RegisteredHandler> handlers = new ArrayList<>();
    for (ConventionScanner.Found f : found) {
      handlers.add(new RegisteredHandler(f.event(), scribe.binder().bind(subscriber, f.method()),
          MethodBinder.describe(f.method()), HandlerSource.SUBSCRIBER, f.priority(),
          f.filter() != null ? f.filter() : defaultFilter, scribe.nextSequence(), subscriber, f.method().getName(), owner));
    }
    return attachments.attach(handlers);
  }

  /** Attaches a registered named handler. */
  Subscription attachNamed(Event event, String name, EventHandler handler, String pathGlob, int priority) {
    PathGlob filter = glob(pathGlob, "handler " + name + " of " + event);
    return attachments.attach(List.of(new RegisteredHandler(event, handler, name, HandlerSource.NAMED, priority, filter,
        scribe.nextSequence(), handler, "named:" + name, owner)));
  }

  /** Attaches the owner's own methods; called once when the owner is registered. */
  void attachOwn(Object target, Class<?> type, Class<?> stopAt, boolean invokeOnSelf) {
    attachOwn(target, type, stopAt, invokeOnSelf, java.util.Set.of());
  }

  /** {@link #attachOwn(Object, Class, Class, boolean)}, without near-miss warnings for methods another tier's manager subscribes. */
  void attachOwn(Object target, Class<?> type, Class<?> stopAt, boolean invokeOnSelf, java.util.Set<String> handledElsewhere) {
    List<RegisteredHandler> handlers = new ArrayList<>();
    for (ConventionScanner.Found f : ConventionScanner.scan(type, stopAt, tier, scribe::warn, handledElsewhere)) {
      Method method = f.method();
      EventHandler handler = invokeOnSelf ? scribe.binder().bindToSelf(method) : scribe.binder().bind(target, method);
      handlers.add(new RegisteredHandler(f.event(), handler, MethodBinder.describe(method), HandlerSource.OWN_METHOD,
          f.priority(), f.filter(), scribe.nextSequence(), invokeOnSelf ? type : target, method.getName(), owner));
    }
    if (!handlers.isEmpty()) {
      attachments.attach(handlers);
    }
  }

  /** True when firing {@code event} would run at least one handler (before path filters). */
  public boolean hasHandlers(Event event) {
    return plan(event) != EventPlan.EMPTY;
  }

  /** True when firing the event of that name would run at least one handler (before path filters). */
  public boolean hasHandlers(String event) {
    return hasHandlers(tier.event(event));
  }

  /**
   * Runs the handlers of {@code event} in order and returns the same args, now holding whatever the
   * handlers put there. A {@link Veto} or any other exception from a handler stops the remaining
   * handlers and propagates unchanged. An event fired while {@code Scribe.maxDepth()} events are
   * already being dispatched on this thread is refused with a {@link DispatchDepthException}.
   */
  public EventArgs fire(Event event, EventArgs args) {
    if (args == null) {
      throw nullArgs(event);
    }
    EventPlan plan = plan(event);
    if (plan != EventPlan.EMPTY) {
      dispatcher.dispatch(event, plan, args, args.dispatchState);
    }
    return args;
  }

  /** {@link #fire(Event, EventArgs)} by event name; an unknown name is a {@link ConfigurationException}. */
  public EventArgs fire(String event, EventArgs args) {
    return fire(tier.event(event), args);
  }

  private static UsageException nullArgs(Event event) {
    return new UsageException("fire(" + event + ", args) got null args; pass the event's args, e.g. EventArgs.of(owner, "
        + "\"admin.tasks.store\") or EventArgs.create()");
  }

  /** The handlers of {@code event}, in dispatch order. */
  public List<HandlerInfo> handlers(String event) {
    return infos(plan(tier.event(event)));
  }

  /** Every event of the tier with its handlers in dispatch order (events without handlers included). */
  public List<EventDescription> describe() {
    List<EventDescription> descriptions = new ArrayList<>();
    for (Event event : tier.events()) {
      descriptions.add(new EventDescription(tier.name(), event.name(), infos(plan(event))));
    }
    return descriptions;
  }

  private static List<HandlerInfo> infos(EventPlan plan) {
    List<HandlerInfo> infos = new ArrayList<>();
    for (RegisteredHandler handler : plan.handlers()) {
      infos.add(handler.info());
    }
    return infos;
  }

  /** The current plan of {@code event}: one volatile read and an array load when nothing changed. */
  EventPlan plan(Event event) {
    if (event == null || event.tier() != tier) {
      throw notOfThisTier(event);
    }
    return attachments.plan(event.index());
  }

  private ScribeException notOfThisTier(Event event) {
    if (event == null) {
      return new UsageException("the event is null; pass an event of the " + tier.name() + " tier (its Tier's event(name))"
          + " or fire it by name: " + tier.eventNames());
    }
    return new ConfigurationException("event " + event + " belongs to the " + event.tier().name()
        + " tier; this manager (" + owner + ") fires " + tier.name() + " events");
  }

  /** The compiled glob, or null for none; an invalid glob is an error that names {@code whose} it is. */
  private static PathGlob glob(String pattern, String whose) {
    if (pattern == null) {
      return null;
    }
    try {
      return PathGlob.of(pattern);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(whose + ": " + e.getMessage(), e);
    }
  }

  private static String lambdaName(EventHandler handler, long sequence) {
    String className = handler.getClass().getName();
    int lambda = className.indexOf("$$Lambda");
    String enclosing = lambda > 0 ? className.substring(0, lambda) : className;
    return "lambda#" + sequence + "@" + enclosing.substring(enclosing.lastIndexOf('.') + 1);
  }

  @Override
  public String toString() {
    return "EventManager[" + tier.name() + ", " + owner + "]";
  }
}
