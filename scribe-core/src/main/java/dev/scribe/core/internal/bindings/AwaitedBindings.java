package dev.scribe.core.internal.bindings;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Event;
import dev.scribe.core.Tier;
import dev.scribe.core.internal.scan.EditDistance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bindings of a file that name events an owner declares itself (a controller's custom actions'
 * {@code onPreComplete}): a file is read when the {@code Scribe} is built, before any owner exists, so these wait
 * until an owner registers the events, and are then attached to that owner's manager for the file's paths. Once
 * the application is assembled, a binding no owner declared the event of is a configuration error, as a binding
 * to an unknown event of a tier is at build time.
 */
public final class AwaitedBindings {
  private final List<Bindings.Resolved> awaited;
  private final Set<Bindings.Resolved> bound = ConcurrentHashMap.newKeySet();
  /** Every event owners declared so far, for the suggestion of an unbound one. */
  private final Set<String> declared = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

  public AwaitedBindings(List<Bindings.Resolved> awaited) {
    this.awaited = List.copyOf(awaited);
  }

  /** Attaches a waiting binding to an owner's manager. */
  public interface Attach {
    void attach(Event event, Bindings.Resolved binding);
  }

  /**
   * An owner registered the events of {@code ownerTier} (a tier of its own, named like one the application knows):
   * the waiting bindings to those events are attached through {@code attach}, in file order.
   */
  public void declared(Tier ownerTier, Attach attach) {
    declared.addAll(ownerTier.eventNames());
    for (Bindings.Resolved binding : awaited) {
      if (!binding.ownerTier().name().equals(ownerTier.name())) {
        continue;
      }
      ownerTier.find(binding.ownerEvent()).ifPresent(event -> {
        attach.attach(event, binding);
        bound.add(binding);
      });
    }
  }

  /** A {@link ConfigurationException} naming the first waiting binding whose event no owner declared. */
  public void requireBound(String owners) {
    for (Bindings.Resolved binding : awaited) {
      if (bound.contains(binding)) {
        continue;
      }
      Set<String> events;
      synchronized (declared) {
        events = new LinkedHashSet<>(declared);
      }
      String closest = EditDistance.closest(binding.ownerEvent(), new ArrayList<>(events));
      throw new ConfigurationException("binding file " + binding.binding().source() + ", path '" + binding.pathGlob()
          + "': '" + binding.binding().event() + "' is not an event of any tier nor of " + owners
          + (closest == null ? "" : " (did you mean " + closest + "?)")
          + (events.isEmpty() ? "; they declare none" : "; their actions' events are " + events));
    }
  }
}
