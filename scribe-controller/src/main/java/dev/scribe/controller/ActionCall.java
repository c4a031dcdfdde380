package dev.scribe.controller;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.ScribeException;
import java.util.Map;

/** The state of one action call: what was asked, under which path and options, and its event args. */
final class ActionCall {
  final Action action;
  final String resource;
  final String path;
  final ActionRequest request;
  final Options options;
  final EventArgs args;
  final boolean countOnly;
  /** What this call's answers may show; set before the action runs. */
  FieldVisibility.Scope visible;

  ActionCall(Action action, String resource, String path, ActionRequest request, Options options, EventArgs args,
      boolean countOnly) {
    this.action = action;
    this.resource = resource;
    this.path = path;
    this.request = request;
    this.options = options;
    this.args = args;
    this.countOnly = countOnly;
  }

  /** What this call's answers may show. */
  FieldVisibility.Scope visible() {
    if (visible == null) {
      throw new ScribeException("the field visibility of " + path + " was not set");
    }
    return visible;
  }

  /** The front-end options map of the args (mutable, shared with handlers). */
  @SuppressWarnings("unchecked")
  Map<String, Object> frontEndOptions() {
    Object value = args.get(EventArgs.FRONT_END_OPTIONS);
    if (!(value instanceof Map)) {
      throw new ArgsContractException(EventArgs.FRONT_END_OPTIONS, "a handler replaced 'frontEndOptions' of " + path + " with "
          + (value == null ? "null" : value.getClass().getName()) + "; it must stay a Map");
    }
    return (Map<String, Object>) value;
  }

  /** The option overrides handed to the repository (mutable, shared with handlers). */
  @SuppressWarnings("unchecked")
  Map<String, Object> overrides() {
    Object value = args.get(EventArgs.OVERRIDES);
    if (!(value instanceof Map)) {
      throw new ArgsContractException(EventArgs.OVERRIDES, "a handler replaced 'overrides' of " + path + " with "
          + (value == null ? "null" : value.getClass().getName()) + "; it must stay a Map");
    }
    return (Map<String, Object>) value;
  }
}
