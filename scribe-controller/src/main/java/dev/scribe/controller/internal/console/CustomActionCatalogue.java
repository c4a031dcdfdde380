package dev.scribe.controller.internal.console;

import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.ManagerDescription;
import dev.scribe.controller.http.Mount;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.app.ControllerEndpoint;
import dev.scribe.core.EventDescription;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the custom actions' events into the catalogue: each controller's {@code onPre<Name>} /
 * {@code onPost<Name>} follow its own controller events, under the same owner, so {@code /_scribe/events}
 * lists every event a controller fires in one place.
 */
public final class CustomActionCatalogue {
  private CustomActionCatalogue() {}

  public static List<ManagerDescription> merge(List<ManagerDescription> managers, List<Mount> mounts) {
    Map<Controller<?, ?>, Boolean> seen = new IdentityHashMap<>();
    List<Controller<?, ?>> withActions = new ArrayList<>();
    for (Mount mount : mounts) {
      Controller<?, ?> controller = ControllerEndpoint.controller(mount.endpoint());
      if (seen.put(controller, Boolean.TRUE) == null && !ControllerAccess.root().runtime(controller).describeActions().isEmpty()) {
        withActions.add(controller);
      }
    }
    if (withActions.isEmpty()) {
      return managers;
    }
    List<ManagerDescription> merged = new ArrayList<>();
    List<ManagerDescription> actionManagers = new ArrayList<>();
    for (Controller<?, ?> controller : withActions) {
      actionManagers.add(new ManagerDescription(ControllerTier.TIER.name(), ControllerAccess.root().ownerName(controller),
          ControllerAccess.root().runtime(controller).describeActions()));
    }
    for (ManagerDescription manager : managers) {
      ManagerDescription replacement = manager;
      if (manager.tier().equals(ControllerTier.TIER.name())) {
        for (int i = 0; i < actionManagers.size(); i++) {
          ManagerDescription actions = actionManagers.get(i);
          if (actions != null && actions.owner().equals(manager.owner())) {
            List<EventDescription> events = new ArrayList<>(manager.events());
            events.addAll(actions.events());
            replacement = new ManagerDescription(manager.tier(), manager.owner(), events);
            actionManagers.set(i, null);
            break;
          }
        }
      }
      merged.add(replacement);
    }
    return merged;
  }
}
