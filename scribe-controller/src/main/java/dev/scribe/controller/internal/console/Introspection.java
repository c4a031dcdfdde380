package dev.scribe.controller.internal.console;

import dev.scribe.controller.ManagerDescription;
import dev.scribe.core.EventDescription;
import dev.scribe.core.EventManager;
import dev.scribe.core.HandlerInfo;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes every event manager of an application, tier by tier in request order (controller,
 * repository, entity, then any other tier): first the tier-wide manager, then each owner's, each with
 * every event of the tier and its handlers in dispatch order.
 */
public final class Introspection {
  private static final List<String> TIER_ORDER = List.of("controller", "repository", "entity");

  private Introspection() {}

  public static List<ManagerDescription> describe(Scribe scribe) {
    List<Tier> tiers = new ArrayList<>(scribe.tiers().values());
    tiers.sort(Comparator.comparingInt(Introspection::rank));
    List<EventManager> owners = scribe.managers();
    List<ManagerDescription> descriptions = new ArrayList<>();
    for (Tier tier : tiers) {
      EventManager tierWide = scribe.tier(tier);
      descriptions.add(new ManagerDescription(tier.name(), tierWide.owner(), tierWide.describe()));
      for (EventManager manager : owners) {
        if (manager.tier() == tier) {
          descriptions.add(new ManagerDescription(tier.name(), manager.owner(), manager.describe()));
        }
      }
    }
    return descriptions;
  }

  /** The JSON shape of {@code GET /_scribe/events}. */
  public static Map<String, Object> toJson(List<ManagerDescription> managers) {
    List<Object> list = new ArrayList<>();
    for (ManagerDescription manager : managers) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("tier", manager.tier());
      entry.put("owner", manager.owner());
      List<Object> events = new ArrayList<>();
      for (EventDescription event : manager.events()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", event.event());
        List<Object> handlers = new ArrayList<>();
        for (HandlerInfo handler : event.handlers()) {
          Map<String, Object> h = new LinkedHashMap<>();
          h.put("name", handler.name());
          h.put("source", handler.source().name());
          h.put("priority", handler.priority());
          h.put("pathFilter", handler.pathFilter());
          h.put("level", handler.level());
          handlers.add(h);
        }
        e.put("handlers", handlers);
        events.add(e);
      }
      entry.put("events", events);
      list.add(entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("managers", list);
    return body;
  }

  private static int rank(Tier tier) {
    int index = TIER_ORDER.indexOf(tier.name());
    return index < 0 ? TIER_ORDER.size() : index;
  }
}
