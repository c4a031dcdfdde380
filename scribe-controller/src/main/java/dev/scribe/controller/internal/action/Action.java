package dev.scribe.controller.internal.action;

import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.core.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The five controller actions, each with its pre and post event. */
public enum Action {
  INDEX("index", "Index"),
  STORE("store", "Store"),
  SHOW("show", "Show"),
  UPDATE("update", "Update"),
  DESTROY("destroy", "Destroy");

  public final String id;
  public final Event pre;
  final Event post;

  Action(String id, String eventSuffix) {
    this.id = id;
    this.pre = ControllerTier.TIER.event("onPre" + eventSuffix);
    this.post = ControllerTier.TIER.event("onPost" + eventSuffix);
  }

  /** The action of that id ({@code index}, {@code store}, ...). */
  public static Action byId(String id) {
    for (Action action : values()) {
      if (action.id.equals(id)) {
        return action;
      }
    }
    throw new AssertionError("no action '" + id + "'");
  }

  /** The option that disables this action, or null when it cannot be disabled. */
  public String enablingOption() {
    switch (this) {
      case STORE:
        return ControllerOptions.INSERTABLE.name();
      case UPDATE:
        return ControllerOptions.EDITABLE.name();
      case DESTROY:
        return ControllerOptions.DELETABLE.name();
      default:
        return null;
    }
  }

  /** The HTTP methods enabled on a collection URL or an item URL of {@code resource}, by the options of each action's path. */
  public static List<String> allowedMethods(Controller<?, ?> controller, String resource, boolean item) {
    List<String> allowed = new ArrayList<>();
    allowed.add("GET");
    allowed.add("HEAD");
    if (item) {
      if (enabled(controller, resource, UPDATE)) {
        allowed.add("PATCH");
        allowed.add("PUT");
      }
    } else {
      if (enabled(controller, resource, STORE)) {
        allowed.add("POST");
      }
      if (enabled(controller, resource, UPDATE)) {
        allowed.add("PATCH");
      }
    }
    if (enabled(controller, resource, DESTROY)) {
      allowed.add("DELETE");
    }
    return Collections.unmodifiableList(allowed);
  }

  public static boolean enabled(Controller<?, ?> controller, String resource, Action action) {
    String option = action.enablingOption();
    return option == null || controller.config().resolve(resource + "." + action.id).bool(option, true);
  }
}
