package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.TraceScope;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the actions of one controller: checks the request (access, the action enabled, front-end options,
 * id, parent), hands it to the action's {@link ActionStep}, which in one unit of work fires {@code onInit}
 * and {@code onPre<Action>}, calls the repository with what the handlers left in the args, renders the
 * result and fires {@code onPost<Action>}. Failures are answered by {@link ErrorResponder}.
 */
public final class ActionRunner<E, ID> {

  private final Controller<E, ID> controller;
  private final ActionSteps<E, ID> steps;
  private final Map<Action, ActionStep<E, ID>> actions = new EnumMap<>(Action.class);

  public ActionRunner(Controller<E, ID> controller) {
    this.controller = controller;
    this.steps = new ActionSteps<>(controller);
    actions.put(Action.INDEX, new IndexAction<>());
    actions.put(Action.STORE, new StoreAction<>());
    actions.put(Action.SHOW, new ShowAction<>());
    actions.put(Action.UPDATE, new UpdateAction<>());
    actions.put(Action.DESTROY, new DestroyAction<>());
  }

  public ErrorResponder errors() {
    return steps.errors;
  }

  public EntityView<E> view() {
    return steps.view;
  }

  public ActionSteps<E, ID> steps() {
    return steps;
  }

  public ActionResponse run(Action action, ActionRequest request, boolean countOnly, JsonCodec json) {
    String resource = request.resource() != null ? request.resource() : steps.repository.name();
    String path = resource + "." + action.id;
    Options options = controller.config().resolve(path);
    try (TraceScope scope = steps.store.scribe().openTrace()) {
      ActionCall[] attempt = new ActionCall[1];
      try {
        // Each run starts from the request, so handlers see the args as they were before the first run.
        Supplier<ActionResponse> runs = () -> steps.store.retrying(retries(action, request, options), () -> {
          attempt[0] = newCall(action, resource, path, request, options, countOnly, scope);
          attempt[0].json = json;
          return execute(attempt[0], json);
        });
        return action == Action.INDEX || action == Action.SHOW ? runs.get() : WriteSlots.holding(steps.store, path, runs);
      } catch (RuntimeException e) {
        ActionCall call = attempt[0] != null ? attempt[0] : newCall(action, resource, path, request, options, countOnly, scope);
        return steps.errors.respond(call, e);
      }
    }
  }

  /**
   * Updates and deletes without {@code If-Match} run again after a lost race (option {@code updateRetries}):
   * the client stated no version, so a concurrent write it never saw must not refuse it. Nothing else does.
   */
  private static int retries(Action action, ActionRequest request, Options options) {
    return action == Action.UPDATE || action == Action.DESTROY ? unconditionalRetries(request, options) : 0;
  }

  /** How often a write of one record runs again after a lost race: never when the request sent {@code If-Match}. */
  static int unconditionalRetries(ActionRequest request, Options options) {
    return request.header("If-Match") != null ? 0 : Math.max(0, ControllerOptions.UPDATE_RETRIES.in(options));
  }

  private static final java.util.List<String> RECORD_PARAMETERS = java.util.List.of("fields", "with");
  private static final java.util.List<String> STORE_PARAMETERS = java.util.List.of("fields", "with", "ignoreErrors");

  /**
   * A 400 for a query parameter a record's URL or a store does not read: {@code GET /tasks/4?title=x} answered
   * the task as if it filtered, and a misspelt {@code ?feilds=} went unnoticed. Filters and paging belong to
   * the collection's index, bulk calls and exports, which check their own. The file routes, under a record's
   * URL, read what it reads.
   */
  public static void refuseUnknownParameters(ActionCall call) {
    java.util.List<String> allowed;
    if (call.countOnly) {
      refuseNonFilters(call);
      return;
    }
    if (call.request.id() != null) {
      allowed = RECORD_PARAMETERS;
    } else if (call.action == Action.STORE) {
      allowed = STORE_PARAMETERS;
    } else {
      return;
    }
    for (String key : call.request.query().keySet()) {
      if (!allowed.contains(key)) {
        throw new dev.scribe.core.Veto(400, call.path + " takes the query parameters " + String.join(", ", allowed)
            + "; '" + key + "' is not one of them" + (call.request.id() != null
                ? " (filters and paging apply to the collection's index)" : ""));
      }
    }
  }

  /** Query keys of an index that are not filters: a count reads none of them. */
  private static final java.util.List<String> NOT_FILTERS = java.util.List.of("page", "size", "sort", "fields", "with");

  /**
   * A 400 for paging, sorting or a field list on the count route: {@code /tasks/count?page=2&sort=id} answered the
   * count of every match as if they had been read, and a client could believe it counted one page. Filters are its
   * own; {@code ignoreErrors} is refused with the other reads'.
   */
  private static void refuseNonFilters(ActionCall call) {
    for (String key : call.request.query().keySet()) {
      if (NOT_FILTERS.contains(key)) {
        throw dev.scribe.core.Veto.builder().status(400).message(call.path + " as a count takes filters only (such as status=OPEN"
            + " or priority[gte]=3); '" + key + "' does not apply to a count: leave it out, or use the collection's"
            + " index for a page of records").field(key, "does not apply to a count").build();
      }
    }
  }

  private ActionCall newCall(Action action, String resource, String path, ActionRequest request, Options options,
      boolean countOnly, TraceScope scope) {
    ActionCall call = ActionCall.start(controller, action, action.id, resource, path, request, options, countOnly);
    if (scope.trace() != null) {
      call.args.put(EventArgs.TRACE, scope.trace());
    }
    return call;
  }

  private ActionResponse execute(ActionCall call, JsonCodec json) {
    AccessCheck.check(controller, call.options, call.args);
    if (!Action.enabled(controller, call.resource, call.action)) {
      throw HttpVeto.methodNotAllowed(call.action.id + " is disabled on " + call.path + " (option '"
          + call.action.enablingOption() + "' is false)", Action.allowedMethods(controller, call.resource, call.request.id() != null));
    }
    refuseUnknownParameters(call);
    FrontEndOptions.parse(call.request.query(), steps.view, call).copyInto(call.frontEndOptions());
    if (call.request.id() != null) {
      call.args.put(EventArgs.ID, ActionSteps.urlId(steps.repository, call.request.id()));
    }
    Parent parent = Parent.resolve(call.request, steps.view, steps.store);
    return actions.get(call.action).run(steps, call, parent, json);
  }
}
