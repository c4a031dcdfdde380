package dev.scribe.core;

import dev.scribe.core.internal.bindings.AwaitedBindings;
import dev.scribe.core.internal.bindings.Bindings;
import dev.scribe.core.internal.dispatch.Dispatcher;
import dev.scribe.core.internal.scan.ConventionScanner;
import dev.scribe.core.internal.scan.EditDistance;
import dev.scribe.core.internal.scan.MethodBinder;
import dev.scribe.core.internal.dispatch.WeakList;
import dev.scribe.core.internal.trace.TraceScopes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Scribe application: its event managers, named handlers, binding files and dispatch settings.
 * No state is static, so several applications live side by side in one JVM.
 *
 * <pre>{@code
 * Scribe scribe = Scribe.builder()
 *     .handler("trimTitle", args -> args.params().computeIfPresent("title", (k, v) -> v.toString().strip()))
 *     .bindings(Path.of("bindings.json"))
 *     .build();
 * EventManager events = scribe.register(MyTier.TIER, myOwner);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Scribe {
  private static final Logger LOG = LoggerFactory.getLogger(Scribe.class);

  private final Map<String, Tier> tiers;
  private final Map<Tier, EventManager> tierManagers = new ConcurrentHashMap<>();
  private final WeakList<EventManager> owners = new WeakList<>();
  private final Map<String, EventHandler> namedHandlers;
  private final Consumer<String> warnings;
  private final Dispatcher dispatcher;
  private final MethodBinder binder = new MethodBinder();
  private final boolean tracing;
  private final int maxDepth;
  private final AtomicLong sequence = new AtomicLong();
  /** The bindings of the files that wait for an owner to declare their events (a controller's custom actions'). */
  private volatile AwaitedBindings awaitedBindings = new AwaitedBindings(List.of());

  private Scribe(Builder builder) {
    this.tiers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.tiers));
    this.namedHandlers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.namedHandlers));
    this.warnings = builder.warnings;
    this.tracing = builder.tracing;
    this.maxDepth = builder.maxDepth;
    this.dispatcher = new Dispatcher(maxDepth);
  }

  /** A Scribe with default settings and no bindings. */
  public static Scribe create() {
    return builder().build();
  }

  /** Starts configuring a Scribe. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tier-wide manager of {@code tier}: what is attached here runs for every owner of the tier. */
  public EventManager tier(Tier tier) {
    if (tier == null) {
      throw new UsageException("the tier is null; pass a Tier constant such as RepositoryTier.TIER (this application knows "
          + tiers.keySet() + ")");
    }
    return tierManagers.computeIfAbsent(tier, t -> EventManager.tierWide(this, t));
  }

  /**
   * Creates the manager of an owner instance (a controller, a repository) and subscribes the
   * convention-named methods declared on its class and its superclasses up to, not including,
   * {@code frameworkBase}, and the default methods of the interfaces they implement. Handlers run on {@code owner}.
   */
  public EventManager register(Tier tier, Object owner, Class<?> frameworkBase) {
    requireOwner(tier, owner);
    return register(tier, owner, frameworkBase, ConventionScanner.simpleName(owner.getClass()));
  }

  /**
   * {@link #register(Tier, Object, Class)} under an explicit owner name, shown by introspection and
   * trace: for owners whose class alone does not say which one they are (a framework class used as is,
   * an anonymous class), e.g. {@code Controller<Subtask>}.
   */
  public EventManager register(Tier tier, Object owner, Class<?> frameworkBase, String ownerName) {
    return register(tier, owner, frameworkBase, ownerName, java.util.Set.of());
  }

  /**
   * {@link #register(Tier, Object, Class, String)} for an owner whose methods named in
   * {@code handledElsewhere} are handlers of another manager (a controller's custom-action events), so
   * they are not reported as near misses of this tier's events.
   */
  public EventManager register(Tier tier, Object owner, Class<?> frameworkBase, String ownerName,
      java.util.Set<String> handledElsewhere) {
    requireOwner(tier, owner);
    if (ownerName == null || ownerName.isBlank()) {
      throw new UsageException("register(" + tier + ", " + ConventionScanner.simpleName(owner.getClass()) + ", ..., "
          + (ownerName == null ? "null" : "\"" + ownerName + "\"") + "): pass the owner's name that introspection and"
          + " trace show, e.g. \"Controller<Subtask>\", or register(tier, owner, frameworkBase) to name it by its class");
    }
    EventManager manager = EventManager.owned(this, tier(tier), ownerName);
    manager.attachOwn(owner, owner.getClass(), frameworkBase, false, handledElsewhere);
    remember(manager);
    if (tiers.get(tier.name()) != tier) {
      // a catalogue of the owner's own (a controller's custom actions): the binding files' handlers waiting for it
      awaitedBindings.declared(tier, (event, binding) ->
          manager.attachNamed(event, binding.handlerName(), binding.handler(), binding.pathGlob(), 0));
    }
    return manager;
  }

  /** {@link #register(Tier, Object, Class)} scanning the owner's whole class hierarchy. */
  public EventManager register(Tier tier, Object owner) {
    return register(tier, owner, Object.class);
  }

  /**
   * Creates the manager of a class whose events are about its instances (an entity class): its
   * convention-named methods are subscribed and run on the event's {@code self}.
   */
  public EventManager registerType(Tier tier, Class<?> type, Class<?> frameworkBase) {
    if (type == null) {
      throw new UsageException("registerType(" + tier + ", type, ...) got a null type; pass the class whose instances the "
          + "events are about, e.g. Task.class");
    }
    EventManager manager = EventManager.owned(this, tier(tier), ConventionScanner.simpleName(type));
    manager.attachOwn(null, type, frameworkBase, true);
    remember(manager);
    return manager;
  }

  /**
   * Every owner manager registered so far and still in use, in registration order (tier-wide managers
   * excluded). A manager nobody references any more is forgotten, so registering short-lived owners
   * does not accumulate.
   */
  public List<EventManager> managers() {
    return owners.live();
  }

  private static void requireOwner(Tier tier, Object owner) {
    if (owner == null) {
      throw new UsageException("register(" + tier + ", owner) got a null owner; pass the instance whose handlers to register"
          + " (a controller, a repository), or registerType(" + tier + ", SomeClass.class, ...) for a class");
    }
  }

  AwaitedBindings awaitedBindings() {
    return awaitedBindings;
  }

  private void remember(EventManager manager) {
    owners.add(manager);
  }

  /** The tiers this application knows: those given to the builder and those found on the class path. */
  public Map<String, Tier> tiers() {
    return tiers;
  }

  /** The names of the registered named handlers. */
  public List<String> namedHandlers() {
    return List.copyOf(namedHandlers.keySet());
  }

  /** True when handler runs are recorded into traces. */
  public boolean tracing() {
    return tracing;
  }

  /** How deep events may nest inside handlers before {@link DispatchDepthException}. */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * Opens a trace scope for a unit of work on this thread. When tracing is disabled the scope records
   * nothing and {@link TraceScope#trace()} is null.
   */
  public TraceScope openTrace() {
    if (!tracing) {
      return TraceScopes.NONE;
    }
    return TraceScopes.open(dispatcher.state());
  }

  /** The trace open on this thread, or null. */
  public Trace currentTrace() {
    return tracing ? dispatcher.state().trace() : null;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  MethodBinder binder() {
    return binder;
  }

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  EventHandler namedHandler(String name) {
    return namedHandlers.get(name);
  }

  /** Why {@code name} cannot be bound, and how to fix it. */
  String noSuchHandler(String name) {
    String closest = EditDistance.closest(name, namedHandlers.keySet());
    String suggestion = closest == null ? "" : " (did you mean " + closest + "?)";
    return "no handler named '" + name + "' is registered" + suggestion + "; register it with Scribe.builder().handler(\""
        + name + "\", ...) or fix the name (registered: " + namedHandlers.keySet() + ")";
  }

  void warn(String message) {
    warnings.accept(message);
  }

  /** Collects the settings, named handlers and binding files of a {@link Scribe}. */
  public static final class Builder {
    private final Map<String, Tier> tiers = new LinkedHashMap<>();
    private final Map<String, EventHandler> namedHandlers = new LinkedHashMap<>();
    private final List<Object> bindingSources = new ArrayList<>();
    private Consumer<String> warnings = LOG::warn;
    private boolean tracing;
    private int maxDepth = 32;
    /**
     * The deepest nesting allowed: a handler re-firing its own event overflowed a thread's default stack (1 MiB) after
     * 627 levels, so a deeper limit was never reached, and the loop ended in a StackOverflowError without its chain.
     */
    private static final int DEEPEST = 256;
    private boolean discoverTiers = true;

    private Builder() {}

    /** Makes a tier known, so that binding files may name its events. */
    public Builder tier(Tier tier) {
      if (tier == null) {
        throw new UsageException("Scribe.builder().tier(null): pass the Tier to make known, e.g. RepositoryTier.TIER");
      }
      Tier existing = tiers.putIfAbsent(tier.name(), tier);
      if (existing != null && existing != tier) {
        throw new ConfigurationException("two different tiers are named '" + tier.name() + "'; tier names must be unique");
      }
      return this;
    }

    /** Whether tiers are also discovered through {@link TierProvider} services; on by default. */
    public Builder discoverTiers(boolean discover) {
      this.discoverTiers = discover;
      return this;
    }

    /** Registers a handler under a name for binding files. */
    public Builder handler(String name, EventHandler handler) {
      if (name == null || name.isBlank()) {
        throw new UsageException("Scribe.builder().handler(" + (name == null ? "null" : "\"" + name + "\"") + ", ...):"
            + " pass the name binding files use for the handler, e.g. handler(\"trimTitle\", args -> ...)");
      }
      if (handler == null) {
        throw new UsageException("Scribe.builder().handler(\"" + name + "\", null): pass the handler to run under that"
            + " name, e.g. handler(\"" + name + "\", args -> ...)");
      }
      if (namedHandlers.putIfAbsent(name, handler) != null) {
        throw new ConfigurationException("a handler named '" + name + "' is already registered; handler names must be unique");
      }
      return this;
    }

    /**
     * Adds a binding file (JSON, or YAML when it ends in .yaml/.yml), read and checked by {@link #build()}:
     * context-path glob to event to an ordered list of handler names, attached to the tier-wide manager
     * of the event's tier. An event name that several tiers share is written {@code tier.event}.
     *
     * <pre>
     * { "tasks.**": { "preCreate": ["trimTitle", "stampOwner"] }, "admin.**": { "onPostIndex": ["countAdminViews"] } }
     * </pre>
     */
    public Builder bindings(Path file) {
      if (file == null) {
        throw new UsageException("Scribe.builder().bindings(null): pass the path of a JSON or YAML binding file,"
            + " e.g. Path.of(\"bindings.json\")");
      }
      bindingSources.add(file);
      return this;
    }

    /** Adds a binding file from the class path, read and checked by {@link #build()}. */
    public Builder bindingsResource(String resource) {
      if (resource == null || resource.isBlank() || resource.equals("/")) {
        // a blank name is the class path's root, read as a file: a JSON error about a directory listing
        throw new UsageException("Scribe.builder().bindingsResource(" + (resource == null ? "null" : "\"" + resource + "\"")
            + "): pass the class-path name of a binding file, e.g. \"bindings.json\"");
      }
      bindingSources.add(resource);
      return this;
    }

    /** Records every handler run while a {@link TraceScope} is open. Off by default. */
    public Builder trace(boolean enabled) {
      this.tracing = enabled;
      return this;
    }

    /** How deep events may nest inside handlers (default 32, at most {@value #DEEPEST}). */
    public Builder maxDepth(int depth) {
      if (depth < 1 || depth > DEEPEST) {
        throw new ConfigurationException("maxDepth must be at least 1 and at most " + DEEPEST + ", not " + depth
            + "; deeper, a thread's stack overflows before the guard can stop a handler that triggers its own event"
            + " (32 by default)");
      }
      this.maxDepth = depth;
      return this;
    }

    /** Where registration warnings go; SLF4J at WARN by default. */
    public Builder warnings(Consumer<String> sink) {
      if (sink == null) {
        throw new UsageException("Scribe.builder().warnings(null): pass where registration warnings go, e.g."
            + " warnings(message -> {}) to drop them; SLF4J at WARN is the default");
      }
      this.warnings = sink;
      return this;
    }

    /**
     * Builds the application: discovers tiers, reads every binding file and attaches its handlers.
     * An unreadable file, an unknown event or an unknown handler name is a {@link ConfigurationException}
     * naming the file, the path and the name.
     */
    public Scribe build() {
      if (discoverTiers) {
        for (TierProvider provider : ServiceLoader.load(TierProvider.class, Scribe.class.getClassLoader())) {
          Tier found = provider.tier();
          Tier given = tiers.get(found.name());
          if (given != null && given != found) {
            throw new ConfigurationException("the tier '" + found.name() + "' given to tier(...) has the name of the tier "
                + provider.getClass().getName() + " provides on the classpath; tier names must be unique: name yours"
                + " differently, or build with discoverTiers(false) to leave the classpath's tiers out");
          }
          tier(found);
        }
      }
      Scribe scribe = new Scribe(this);
      List<Bindings.Resolved> awaited = new java.util.ArrayList<>();
      for (Object source : bindingSources) {
        List<Bindings.Binding> read = source instanceof Path ? Bindings.read((Path) source)
            : Bindings.readResource((String) source);
        // checked as a whole by resolve, then attached in file order
        for (Bindings.Resolved binding : Bindings.resolve(read, scribe.tiers, scribe.namedHandlers, scribe::noSuchHandler)) {
          Event event = binding.event();
          if (event == null) {
            awaited.add(binding); // an event an owner declares itself: attached when one does
            continue;
          }
          scribe.tier(event.tier()).attachNamed(event, binding.handlerName(), binding.handler(), binding.pathGlob(), 0);
        }
      }
      scribe.awaitedBindings = new AwaitedBindings(awaited);
      return scribe;
    }
  }
}
