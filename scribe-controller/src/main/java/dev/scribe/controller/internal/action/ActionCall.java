package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.view.FieldVisibility;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.ScribeException;
import java.util.Map;

/** The state of one action call: what was asked, under which path and options, and its event args. */
public final class ActionCall {
  final Action action;
  public final String resource;
  public final String path;
  public final ActionRequest request;
  public final Options options;
  public final EventArgs args;
  final boolean countOnly;
  /** What this call's answers may show; set before the action runs. */
  FieldVisibility.Scope visible;
  /** The codec its answer is written with, to try the answer inside the unit of work; null when unknown. */
  JsonCodec json;

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

  /**
   * A call of {@code controller} named {@code actionName} at {@code path}, with its args (config, options,
   * empty front-end options, overrides and directive, the caller) and what its answers may show. {@code action} is null
   * for actions other than the five (export, import, custom actions).
   */
  public static ActionCall start(Controller<?, ?> controller, Action action, String actionName, String resource, String path,
      ActionRequest request, Options options, boolean countOnly) {
    EventArgs args = EventArgs.builder().self(controller).path(path).action(actionName).controller(controller)
        .put(EventArgs.CONFIG, options)
        .put(ControllerTier.CONTROLLER_OPTIONS, options)
        .put(EventArgs.FRONT_END_OPTIONS, new java.util.LinkedHashMap<String, Object>())
        .put(ControllerTier.OVERRIDES, new java.util.LinkedHashMap<String, Object>())
        // there from the start, as the catalogue lists it: a handler reading args.get("directive") finds the map
        .put(ControllerTier.DIRECTIVE, new java.util.LinkedHashMap<String, Object>())
        .put(EventArgs.USER, request.user())
        .build();
    ActionCall call = new ActionCall(action, resource, path, request, options, args, countOnly);
    call.visible = ControllerAccess.root().runtime(controller).visibility().scope(controller, options, path, request.user());
    return call;
  }

  /** What this call's answers may show. */
  public FieldVisibility.Scope visible() {
    if (visible == null) {
      throw new ScribeException("the field visibility of " + path + " was not set");
    }
    return visible;
  }

  /**
   * Makes {@code unit} work for this call's caller: its user (for the row scope), the attributes hidden
   * from them, which the messages of a write the database refuses do not name, and the action check of a
   * record a nested list moves to another parent or unlinks from its own: a change of that record, held to the
   * update of the routes serving it, as a nested object changing its fields is before the action runs (where
   * a bare id is a reference that may change nothing, so only the binding knows).
   */
  public void actIn(dev.scribe.repository.UnitOfWork unit, dev.scribe.repository.DataStore store) {
    unit.setUser(request.user());
    FieldVisibility.Scope scope = visible();
    dev.scribe.repository.internal.unit.UnitState state = dev.scribe.repository.internal.UnitAccess.state(unit);
    state.conceal(type -> scope.hidden(store.model(type)));
    state.guardRelinks((type, field) -> scope.nestedActionRefusal(store.model(type), "update", field));
    state.guardRemovals((type, field) -> scope.nestedActionRefusal(store.model(type), "destroy", field));
  }

  /** The front-end options map of the args (mutable, shared with handlers). */
  public Map<String, Object> frontEndOptions() {
    return map(EventArgs.FRONT_END_OPTIONS);
  }

  /** The option overrides handed to the repository (mutable, shared with handlers). */
  public Map<String, Object> overrides() {
    return map(ControllerTier.OVERRIDES);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(String key) {
    Object value = args.get(key);
    if (!(value instanceof Map)) {
      throw new ArgsContractException(key, "a handler replaced '" + key + "' of " + path + " with "
          + (value == null ? "null" : value.getClass().getName()) + "; it must stay a Map");
    }
    return (Map<String, Object>) value;
  }
}
