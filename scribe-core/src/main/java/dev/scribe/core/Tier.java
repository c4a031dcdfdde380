package dev.scribe.core;

import dev.scribe.core.internal.scan.EditDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tier's event catalogue: the event names that managers of this tier accept, and the method-name
 * prefixes that make a method look like a handler (for "did you mean" warnings).
 *
 * <p>Immutable and thread-safe. Each tier module defines one constant:
 * <pre>{@code
 * public static final Tier TIER = Tier.builder("repository")
 *     .events("preStart", "preCreate", "validateCreate", ...)
 *     .handlerPrefixes("pre", "post", "validate", "verify", "processResults")
 *     .build();
 * }</pre>
 */
public final class Tier {
  private final String name;
  private final List<Event> events;
  private final Map<String, Event> byName;
  private final List<String> handlerPrefixes;
  /** The names of the events an owner of the tier declares itself, or null when owners declare none. */
  private final java.util.regex.Pattern ownerEvents;

  private Tier(String name, List<String> eventNames, List<String> handlerPrefixes, java.util.regex.Pattern ownerEvents) {
    this.name = name;
    this.ownerEvents = ownerEvents;
    List<Event> list = new ArrayList<>();
    Map<String, Event> map = new LinkedHashMap<>();
    for (String eventName : eventNames) {
      if (map.containsKey(eventName)) {
        throw new ConfigurationException("tier " + name + " lists event " + eventName + " twice; list each event once");
      }
      Event event = new Event(this, eventName, list.size());
      list.add(event);
      map.put(eventName, event);
    }
    this.events = Collections.unmodifiableList(list);
    this.byName = Collections.unmodifiableMap(map);
    this.handlerPrefixes = List.copyOf(handlerPrefixes);
  }

  /** Starts a tier definition. */
  public static Builder builder(String name) {
    if (name == null || name.isBlank()) {
      throw new UsageException("Tier.builder(" + (name == null ? "null" : "\"" + name + "\"") + "): pass the tier's"
          + " name, which binding files, traces and introspection show, e.g. Tier.builder(\"billing\")");
    }
    if (!writable(name)) {
      throw new UsageException("Tier.builder(\"" + name + "\"): a tier's name has no dot or whitespace: binding files,"
          + " traces and recorders name an event tier.event (billing.preCharge); e.g. Tier.builder(\"billing\")");
    }
    return new Builder(name);
  }

  /** True when {@code name} has no dot and no whitespace, so that {@code tier.event} names one event of one tier. */
  private static boolean writable(String name) {
    return name.chars().noneMatch(c -> c == '.' || Character.isWhitespace(c));
  }

  /** The tier's name: {@code controller}, {@code repository}, {@code entity}. */
  public String name() {
    return name;
  }

  /** Every event of the catalogue, in catalogue order. */
  public List<Event> events() {
    return events;
  }

  /** The event names, in catalogue order. */
  public List<String> eventNames() {
    return List.copyOf(byName.keySet());
  }

  /** The event of that name, if the catalogue has it. */
  public Optional<Event> find(String eventName) {
    return Optional.ofNullable(byName.get(eventName));
  }

  /**
   * The event of that name; a {@link ConfigurationException} with the closest name when there is none, a
   * {@link UsageException} when the name is null.
   */
  public Event event(String eventName) {
    Event event = byName.get(eventName);
    if (event == null) {
      throw unknownEvent(eventName);
    }
    return event;
  }

  /** Why {@code event(eventName)} found nothing; kept out of the lookup, which firing by name runs every time. */
  private ScribeException unknownEvent(String eventName) {
    if (eventName == null) {
      return new UsageException("the event name is null; name one of the " + name + " tier's events " + byName.keySet());
    }
    return new ConfigurationException(noSuchEvent(eventName));
  }

  String noSuchEvent(String eventName) {
    return "'" + eventName + "' is not an event of the " + name + " tier" + suggestion(eventName)
        + "; its events are " + byName.keySet();
  }

  /** " (did you mean X?)" or the empty string. */
  String suggestion(String eventName) {
    String closest = closest(eventName);
    return closest == null ? "" : " (did you mean " + closest + "?)";
  }

  /**
   * True when {@code eventName} is shaped like an event an owner of this tier declares itself (a controller's
   * custom action's {@code onPreComplete}): a binding file may name it before any owner declared it.
   */
  public boolean ownerMayDeclare(String eventName) {
    return ownerEvents != null && eventName != null && ownerEvents.matcher(eventName).matches();
  }

  /** True when {@code methodName} starts with one of the tier's handler prefixes followed by a capital letter. */
  boolean looksLikeHandler(String methodName) {
    for (String prefix : handlerPrefixes) {
      if (methodName.length() > prefix.length() && methodName.startsWith(prefix)
          && Character.isUpperCase(methodName.charAt(prefix.length()))) {
        return true;
      }
    }
    return false;
  }

  /** The event whose name is nearest by edit distance, or null when none is near enough to be a typo. */
  String closest(String candidate) {
    return EditDistance.closest(candidate, byName.keySet());
  }


  @Override
  public String toString() {
    return name;
  }

  /** Collects a tier's name, events and handler prefixes. */
  public static final class Builder {
    private final String name;
    private final List<String> events = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private java.util.regex.Pattern ownerEvents;

    private Builder(String name) {
      this.name = name;
    }

    /** Appends events to the catalogue. */
    public Builder events(String... names) {
      return events(names == null ? null : Arrays.asList(names));
    }

    /** Appends events to the catalogue. */
    public Builder events(List<String> names) {
      if (names == null) {
        throw new UsageException("tier " + name + ": events(null): pass the names of the tier's events, e.g."
            + " events(\"preCharge\", \"postCharge\")");
      }
      if (names.stream().anyMatch(event -> event == null || event.isBlank())) {
        throw new UsageException("tier " + name + ": events(" + names + ") holds a null or blank name; name each"
            + " event, e.g. \"preCharge\"");
      }
      for (String event : names) {
        if (!writable(event)) {
          throw new UsageException("tier " + name + ": events(" + names + ") holds '" + event + "', which has a dot or"
              + " whitespace; an event is named like the method that handles it, e.g. \"postCharge\"");
        }
      }
      events.addAll(names);
      return this;
    }

    /** Method-name prefixes that mark a method as meant to be a handler ({@code on}, {@code pre}, ...). */
    public Builder handlerPrefixes(String... names) {
      if (names == null) {
        throw new UsageException("tier " + name + ": handlerPrefixes(null): pass the prefixes that mark a method as a"
            + " handler, e.g. handlerPrefixes(\"pre\", \"post\")");
      }
      if (Arrays.stream(names).anyMatch(prefix -> prefix == null || prefix.isBlank())) {
        throw new UsageException("tier " + name + ": handlerPrefixes(" + Arrays.toString(names) + ") holds a null or"
            + " blank prefix; pass the prefixes that mark a method as a handler, e.g. handlerPrefixes(\"pre\", \"post\")");
      }
      prefixes.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * The shape (a regular expression) of the events an owner of the tier declares itself, besides the catalogue:
     * a binding file may name such an event, and it is bound when an owner declares it (see
     * {@link Tier#ownerMayDeclare}).
     */
    public Builder ownerEvents(String regex) {
      if (regex == null || regex.isBlank()) {
        throw new UsageException("tier " + name + ": ownerEvents(" + regex + "): pass the regular expression the names of"
            + " the events owners declare match, e.g. ownerEvents(\"on(Pre|Post)[A-Z][A-Za-z0-9]*\")");
      }
      try {
        ownerEvents = java.util.regex.Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new UsageException("tier " + name + ": ownerEvents(\"" + regex + "\") is not a regular expression ("
            + e.getDescription() + " at index " + e.getIndex() + "); pass the one the names of the events owners"
            + " declare match, e.g. ownerEvents(\"on(Pre|Post)[A-Z][A-Za-z0-9]*\")", e);
      }
      return this;
    }

    /** The tier; a {@link ConfigurationException} when an event is listed twice. */
    public Tier build() {
      return new Tier(name, events, prefixes, ownerEvents);
    }
  }
}
