package dev.scribe.controller;

import dev.scribe.core.Event;

/** The five controller actions, each with its pre and post event. */
enum Action {
  INDEX("index", "Index"),
  STORE("store", "Store"),
  SHOW("show", "Show"),
  UPDATE("update", "Update"),
  DESTROY("destroy", "Destroy");

  final String id;
  final Event pre;
  final Event post;

  Action(String id, String eventSuffix) {
    this.id = id;
    this.pre = ControllerTier.TIER.event("onPre" + eventSuffix);
    this.post = ControllerTier.TIER.event("onPost" + eventSuffix);
  }

  /** The action of that id ({@code index}, {@code store}, ...). */
  static Action byId(String id) {
    for (Action action : values()) {
      if (action.id.equals(id)) {
        return action;
      }
    }
    throw new AssertionError("no action '" + id + "'");
  }

  /** The option that disables this action, or null when it cannot be disabled. */
  String enablingOption() {
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
}
