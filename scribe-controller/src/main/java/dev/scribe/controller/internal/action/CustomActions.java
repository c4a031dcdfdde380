package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionHandler;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ActionScope;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.ControllerEvents;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.IfMatch;
import dev.scribe.controller.internal.request.IfNoneMatch;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.view.Embeds;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventDescription;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.ScribeException;
import dev.scribe.core.Tier;
import dev.scribe.core.TraceScope;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.Repository;
import dev.scribe.repository.VersionConflictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The custom actions of one controller: their declarations, their event catalogue (a tier of their
 * own, {@code onPre<Name>} and {@code onPost<Name>} for each, whose manager subscribes the controller's
 * methods of those names) and the way one runs: in one unit of work, {@code onInit}, for an item action
 * the record (404 when missing or under another parent), {@code onPre<Name>}, the handler, the result
 * rendered, {@code onPost<Name>}; any failure is answered like the other actions' through {@code onError},
 * with {@code action} set to the action's name.
 */
public final class CustomActions<E, ID> {
  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
  /** Segments that other routes use under a resource. */
  private static final Set<String> RESERVED = Set.of("count", "import", "export", "files", "index", "store", "show",
      "update", "destroy", "start", "init", "error", "upload", "download", "deleteFile", "listFiles", "authorize");

  private final Controller<E, ID> controller;
  private final Map<String, Declared> declared = new LinkedHashMap<>();
  private volatile EventManager events;

  public CustomActions(Controller<E, ID> controller) {
    this.controller = controller;
  }

  /** One declared action. */
  public record Declared(String name, ActionScope scope, ActionHandler handler, String pre, String post) {}

  public synchronized void declare(String name, ActionScope scope, ActionHandler handler) {
    String owner = controller.toString();
    if (events != null) {
      throw new ConfigurationException("action '" + name + "' is declared on " + owner + " after its events were"
          + " first used; declare every action in the controller's constructor");
    }
    if (name == null || !NAME.matcher(name).matches() || RESERVED.contains(name)) {
      throw new ConfigurationException("'" + name + "' cannot name an action of " + owner + "; use a lower-camel-case"
          + " word of letters and digits (such as complete or markDone), not one of " + RESERVED);
    }
    if (scope == null) {
      throw new UsageException(owner + ": action(\"" + name + "\", null, ...): pass the scope, ActionScope.ITEM (POST"
          + " /<resource>/{id}/" + name + ") or ActionScope.COLLECTION (POST /<resource>/" + name + ")");
    }
    if (handler == null) {
      throw new UsageException(owner + ": action(\"" + name + "\", " + scope + ", null): pass the handler that runs the"
          + " action, e.g. args -> ...");
    }
    if (declared.containsKey(name)) {
      throw new ConfigurationException("action '" + name + "' is declared twice on " + owner + "; declare it once");
    }
    String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    declared.put(name, new Declared(name, scope, handler, "onPre" + suffix, "onPost" + suffix));
  }

  /** The names of the actions' events, declared so far. */
  public synchronized Set<String> eventNames() {
    Set<String> names = new java.util.LinkedHashSet<>(); // in declaration order, as warnings list them
    for (Declared action : declared.values()) {
      names.add(action.pre());
      names.add(action.post());
    }
    return names;
  }

  boolean isEmpty() {
    return declared.isEmpty();
  }

  /** The action of that name and scope, or null. */
  public Declared find(String name, ActionScope scope) {
    Declared action = declared.get(name);
    return action != null && action.scope() == scope ? action : null;
  }

  public List<Declared> all() {
    return List.copyOf(declared.values());
  }

  /** The actions' event manager; created on first use, which closes the list of actions. */
  public EventManager events() {
    EventManager manager = events;
    if (manager == null) {
      synchronized (this) {
        manager = events;
        if (manager == null) {
          List<String> names = new ArrayList<>();
          for (Declared action : declared.values()) {
            names.add(action.pre());
            names.add(action.post());
          }
          // Named "controller" so that the catalogue lists these events with the controller's own; no handler
          // prefixes, because every other method of the controller would otherwise look like a near miss.
          Tier tier = Tier.builder(ControllerTier.TIER.name()).events(names).build();
          manager = controller.repository().store().scribe().register(tier, controller, Controller.class,
              ControllerAccess.root().ownerName(controller));
          events = manager;
        }
      }
    }
    return manager;
  }

  /** The actions' events with their handlers, as the catalogue shows them. */
  public List<EventDescription> describe() {
    return declared.isEmpty() ? List.of() : events().describe();
  }

  public ActionResponse run(Declared action, ActionRequest request, JsonCodec json, ActionRunner<E, ID> runner) {
    Repository<E, ID> repository = controller.repository();
    String resource = request.resource() != null ? request.resource() : repository.name();
    String path = resource + "." + action.name();
    Options options = controller.config().resolve(path);
    try (TraceScope scope = repository.store().scribe().openTrace()) {
      ActionCall[] attempt = new ActionCall[1];
      try {
        // An action on a record without If-Match runs again after a lost race, as an update does: the client
        // stated no version, so a concurrent write it never saw must not refuse it. Each run starts afresh.
        int retries = action.scope() == ActionScope.ITEM ? ActionRunner.unconditionalRetries(request, options) : 0;
        java.util.function.Supplier<ActionResponse> runs = () -> repository.store().retrying(retries, () -> {
          attempt[0] = ActionCall.start(controller, null, action.name(), resource, path, request, options, false);
          attempt[0].json = json;
          if (scope.trace() != null) {
            attempt[0].args.put(EventArgs.TRACE, scope.trace());
          }
          return execute(action, attempt[0], json, runner);
        });
        // an action on a record changes it (complete, archive); one on the collection may only read (find)
        return action.scope() == ActionScope.ITEM ? WriteSlots.holding(repository.store(), path, runs) : runs.get();
      } catch (RuntimeException e) {
        ActionCall call = attempt[0] != null ? attempt[0]
            : ActionCall.start(controller, null, action.name(), resource, path, request, options, false);
        return runner.errors().respond(call, e);
      }
    }
  }

  private ActionResponse execute(Declared action, ActionCall call, JsonCodec json, ActionRunner<E, ID> runner) {
    Repository<E, ID> repository = controller.repository();
    AccessCheck.check(controller, call.options, call.args);
    EntityView<E> view = runner.view();
    FrontEndOptions.parse(call.request.query(), view, call).copyInto(call.frontEndOptions());
    RequestBody raw = ControllerAccess.root().rawBody(call.request);
    Object body = raw != null ? raw.decode(json, "a JSON object, or no body") : BodyShapes.mutableCopy(call.request.body());
    Map<String, Object> params = body == null ? new LinkedHashMap<>()
        : BodyShapes.object(body, call, "a JSON object (or no body)");
    call.args.put(EventArgs.PARAMS, params);
    Map<String, Object> query = new LinkedHashMap<>();
    call.request.query().forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
    call.args.put(EventArgs.QUERY, query);
    if (action.scope() == ActionScope.ITEM) {
      if (call.request.id() == null) {
        throw new Veto(404, call.path + " is an action on one record; call it as POST .../{id}/" + action.name());
      }
      call.args.put(EventArgs.ID, ActionSteps.urlId(repository, call.request.id()));
    } else {
      refuseConditions(call);
    }
    Parent parent = Parent.resolve(call.request, view, repository.store());
    return repository.store().inTransaction(() -> {
      repository.store().currentUnitOfWork().ifPresent(unit -> call.actIn(unit, repository.store()));
      controller.events().fire(ControllerEvents.ON_INIT, call.args);
      if (parent != null) {
        parent.requireExists(call.args);
      }
      if (action.scope() == ActionScope.ITEM) {
        checkIfMatch(call, view, repository, Parent.loadItem(call, parent, repository, view));
      }
      EventManager actionEvents = events();
      actionEvents.fire(action.pre(), call.args);
      Object answered = answer(action, call);
      // an Optional (a repository's find) is what it holds: empty, it answers as null does
      Object held = answered instanceof Optional<?> optional ? optional.orElse(null) : answered;
      Object result = AnsweredSequence.listed(held); // a stream, iterator or iterable answers as a list does
      call.args.result(render(result, view, call, repository));
      actionEvents.fire(action.post(), call.args);
      ActionResponse response = runner.steps().respond(call, result == null ? 204 : 200);
      // an action answering its record gives its version, as show and update do
      return repository.model().type().isInstance(result) && response.status() == 200
          ? runner.steps().withEtag(response, repository.model().type().cast(result)) : response;
    });
  }

  /**
   * A collection action has no record whose tag a condition could name, so the condition can neither hold nor fail:
   * a 400 before anything runs, as on a create. It was passed over, and the action ran as if it had not been sent.
   */
  private static void refuseConditions(ActionCall call) {
    for (String header : List.of("If-Match", "If-None-Match")) {
      if (call.request.header(header) != null) {
        throw new Veto(400, header + " names a version of one record, and " + call.path + " is an action on the"
            + " collection, which has no tag to compare; send it without " + header);
      }
    }
  }

  /**
   * What the action's handler answers. A checked exception it throws without declaring it (a Kotlin handler, a
   * sneaky throw) is wrapped, so that the unit of work and {@code onError} handle it as any other failure; it passed
   * them by, and out of {@code perform}.
   */
  private static Object answer(Declared action, ActionCall call) {
    try {
      return action.handler().handle(call.args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new ScribeException("the action " + action.name() + " (" + call.path + ") threw " + checked
          + ", a checked exception, which ActionHandler.handle does not declare; it is the cause of this ScribeException",
          checked);
    }
  }

  /**
   * An item action sent with {@code If-Match} runs only on the version it names: a stale one is a 412, as
   * for an update (a malformed header a 400); one sent with {@code If-None-Match} only when the record's tag is
   * none it names.
   */
  private static <E> void checkIfMatch(ActionCall call, EntityView<E> view, Repository<E, ?> repository, E entity) {
    IfNoneMatch.check(call, view, () -> entity);
    Long expected = IfMatch.expectedVersion(call.request, view, call.path);
    if (expected == null) {
      return;
    }
    Object actual = repository.model().versionOf(entity);
    if (!(actual instanceof Number) || ((Number) actual).longValue() != expected) {
      throw new VersionConflictException(repository.model().displayName(), call.args.id(), expected, actual);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E> Object render(Object result, EntityView<E> view, ActionCall frontEndOptions,
      Repository<E, ?> repository) {
    Class<E> type = repository.model().type();
    if (result instanceof Collection && !((Collection<?>) result).isEmpty()
        && ((Collection<?>) result).stream().allMatch(type::isInstance)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", renderItems((Collection<?>) result, view, frontEndOptions, type));
      return body;
    }
    return RecordValues.rendered(result, view, frontEndOptions, repository);
  }

  @SuppressWarnings("unchecked")
  private static <E> List<Object> renderItems(Collection<?> items, EntityView<E> view, ActionCall options,
      Class<E> type) {
    List<E> entities = new ArrayList<>();
    for (Object item : items) {
      if (type.isInstance(item)) {
        entities.add((E) item);
      }
    }
    Embeds embeds = view.embeds(entities, options);
    List<Object> rendered = new ArrayList<>();
    for (Object item : items) {
      rendered.add(type.isInstance(item) ? view.render((E) item, options, embeds) : item);
    }
    return rendered;
  }
}
