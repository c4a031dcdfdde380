package dev.scribe.controller;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.TraceScope;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import java.util.ArrayList;
import java.util.Set;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of one controller: checks and decodes the request, then, in one unit of work,
 * fires {@code onInit} and {@code onPre<Action>}, calls the repository with what the handlers left in
 * the args, renders the result, fires {@code onPost<Action>} and builds the response. Failures are
 * answered by {@link ErrorResponder}.
 */
final class ActionRunner<E, ID> {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  private final Controller<E, ID> controller;
  private final Repository<E, ID> repository;
  private final DataStore store;
  private final EntityView<E> view;
  private final ErrorResponder errors;

  ActionRunner(Controller<E, ID> controller) {
    this.controller = controller;
    this.repository = controller.repository();
    this.store = repository.store();
    this.view = new EntityView<>(repository.model());
    this.errors = new ErrorResponder(controller);
  }

  /** How many times an update without {@code If-Match} that lost a race runs again before it answers 409. */
  static final int DEFAULT_UPDATE_RETRIES = 5;

  Controller<E, ID> controller() {
    return controller;
  }

  ErrorResponder errors() {
    return errors;
  }

  EntityView<E> view() {
    return view;
  }

  ActionResponse run(Action action, ActionRequest request, boolean countOnly, JsonCodec json) {
    String resource = request.resource() != null ? request.resource() : repository.name();
    String path = resource + "." + action.id;
    Options options = controller.config().resolve(path);
    try (TraceScope scope = store.scribe().openTrace()) {
      ActionCall[] attempt = new ActionCall[1];
      try {
        // Each run starts from the request, so handlers see the args as they were before the first run.
        return store.retrying(retries(action, request, options), () -> {
          attempt[0] = newCall(action, resource, path, request, options, countOnly, scope);
          return execute(attempt[0], json);
        });
      } catch (RuntimeException e) {
        return errors.respond(attempt[0] != null ? attempt[0] : newCall(action, resource, path, request, options, countOnly, scope), e);
      }
    }
  }

  /** Updates without {@code If-Match} run again after a lost race (option {@code updateRetries}); nothing else does. */
  private static int retries(Action action, ActionRequest request, Options options) {
    if (action != Action.UPDATE || request.header("If-Match") != null) {
      return 0;
    }
    return Math.max(0, options.integer("updateRetries", DEFAULT_UPDATE_RETRIES));
  }

  private ActionCall newCall(Action action, String resource, String path, ActionRequest request, Options options,
      boolean countOnly, TraceScope scope) {
    EventArgs args = EventArgs.builder().self(controller).path(path).action(action.id).controller(controller)
        .put(EventArgs.CONFIG, options)
        .put(EventArgs.CONTROLLER_OPTIONS, options)
        .put(EventArgs.FRONT_END_OPTIONS, new LinkedHashMap<String, Object>())
        .put(EventArgs.OVERRIDES, new LinkedHashMap<String, Object>())
        .put(EventArgs.USER, request.user())
        .build();
    if (scope.trace() != null) {
      args.put(EventArgs.TRACE, scope.trace());
    }
    ActionCall call = new ActionCall(action, resource, path, request, options, args, countOnly);
    call.visible = controller.visibility().scope(controller, options, path, request.user());
    return call;
  }

  private ActionResponse execute(ActionCall call, JsonCodec json) {
    AccessCheck.check(controller, call.options, call.args);
    if (!controller.enabled(call.resource, call.action)) {
      throw HttpVeto.methodNotAllowed(call.action.id + " is disabled on " + call.path + " (option '"
          + call.action.enablingOption() + "' is false)", controller.allowedMethods(call.resource, call.request.id() != null));
    }
    FrontEndOptions.parse(call.request.query(), view, call).copyInto(call.frontEndOptions());
    if (call.request.id() != null) {
      call.args.put(EventArgs.ID, repository.convertId(call.request.id()));
    }
    Parent parent = Parent.resolve(call.request, view, store);
    switch (call.action) {
      case INDEX:
        return index(call, parent);
      case STORE:
        return store(call, parent, decode(call, json));
      case SHOW:
        return show(call, parent);
      case UPDATE:
        if (call.request.id() != null) {
          return updateOne(call, parent, decode(call, json));
        }
        Object changes = decode(call, json);
        return BulkActions.applies(call, changes instanceof Map)
            ? new BulkActions<>(this, repository).update(call, parent, changes) : updateBatch(call, parent, changes);
      case DESTROY:
        if (call.request.id() != null) {
          return destroyOne(call, parent);
        }
        Object ids = decode(call, json);
        return BulkActions.applies(call, ids == null)
            ? new BulkActions<>(this, repository).destroy(call, parent) : destroyBatch(call, parent, ids);
      default:
        throw new IllegalStateException("unknown action " + call.action);
    }
  }

  // ---- index ----

  private ActionResponse index(ActionCall call, Parent parent) {
    Map<String, Object> query = new LinkedHashMap<>();
    call.request.query().forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
    call.args.put(EventArgs.QUERY, query);
    return store.inTransaction(() -> {
      begin(call, parent);
      Query parsed = QueryParser.parse(call, view, repository.name());
      if (parent != null) {
        parsed.where(parent.attribute(), Operator.EQ, parent.id());
      }
      CallOptions options = callOptions(call, false, null);
      if (call.countOnly) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", repository.count(parsed, options));
        return finish(call, 200, result);
      }
      Page<E> page = repository.list(parsed, options);
      call.args.put(EventArgs.RESULTS, new ArrayList<Object>(page.items()));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("items", view.renderAll(page.items(), call));
      result.put("page", page.page());
      result.put("size", page.size());
      result.put("total", page.total());
      return finish(call, 200, result);
    });
  }

  // ---- store ----

  private ActionResponse store(ActionCall call, Parent parent, Object body) {
    boolean batch = body instanceof List;
    if (batch) {
      List<Map<String, Object>> records = BodyShapes.objects(body, call);
      if (parent != null) {
        for (Map<String, Object> record : records) {
          parent.assignTo(record, view);
        }
      }
      refuseGuardedKeys(call, records, Set.of());
      call.args.put(EventArgs.PARAMS, records);
      ignoreErrorsFromQuery(call);
    } else {
      Map<String, Object> record = BodyShapes.object(body, call, "one record as a JSON object, or a batch as an array of objects");
      refuseGuardedKeys(call, record);
      if (parent != null) {
        parent.assignTo(record, view);
      }
      call.args.put(EventArgs.PARAMS, record);
    }
    call.args.put("batch", batch);
    return store.inTransaction(() -> {
      begin(call, parent);
      if (batch) {
        List<Map<String, Object>> records = paramsList(call);
        BatchResult<E> result = repository.createBatch(records, callOptions(call, true, null));
        return finishBatch(call, 201, result);
      }
      E created = repository.create(call.args.params(), callOptions(call, false, null));
      call.args.put(EventArgs.ENTITY, created);
      ActionResponse response = finish(call, 201, view.render(created, call));
      String location = itemUri(call, parent, view.id(created));
      Map<String, String> headers = new LinkedHashMap<>();
      String next = nextLocation(call, parent, "createNext", view.id(created), location);
      headers.put("Location", next);
      if (!next.equals(location)) {
        headers.put("Content-Location", location);
      }
      String etag = view.etag(created);
      if (etag != null) {
        headers.put("ETag", etag);
      }
      return response.withHeaders(headers);
    });
  }

  // ---- show ----

  private ActionResponse show(ActionCall call, Parent parent) {
    return store.inTransaction(() -> {
      begin(call, parent);
      E entity = load(call, parent);
      call.args.put(EventArgs.ENTITY, entity);
      return withEtag(finish(call, 200, view.render(entity, call)), entity);
    });
  }

  // ---- update ----

  private ActionResponse updateOne(ActionCall call, Parent parent, Object body) {
    Map<String, Object> params = BodyShapes.object(body, call, "a JSON object with the fields to change");
    refuseGuardedKeys(call, params);
    Parent.keepFromUrl(call, params, view, store);
    call.args.put(EventArgs.PARAMS, params);
    call.args.put("batch", false);
    Long expected = IfMatch.expectedVersion(call.request, view, call.path);
    return store.inTransaction(() -> {
      beginInit(call, parent);
      if (parent != null) {
        parent.check(call, repository.get(id(call)), view);
      }
      controller.events().fire(call.action.pre, call.args);
      E updated = repository.update(id(call), call.args.params(), callOptions(call, false, expected));
      call.args.put(EventArgs.ENTITY, updated);
      ActionResponse response = withEtag(finish(call, 200, view.render(updated, call)), updated);
      String next = nextLocation(call, parent, "updateNext", view.id(updated), null);
      return next == null ? response : response.withHeader("Location", next);
    });
  }

  private ActionResponse updateBatch(ActionCall call, Parent parent, Object body) {
    if (call.request.header("If-Match") != null) {
      throw new Veto(400, "If-Match applies to one record; send it with PATCH on the record's own URL, not with a batch");
    }
    List<Map<String, Object>> records = BodyShapes.objectsWithIds(body, call, view.idName());
    Set<String> addressing = new HashSet<>();
    addressing.add(view.idName());
    if (repository.model().version() != null) {
      addressing.add(repository.model().version().name());
    }
    refuseGuardedKeys(call, records, addressing);
    for (Map<String, Object> record : records) {
      Parent.keepFromUrl(call, record, view, store);
    }
    call.args.put(EventArgs.PARAMS, records);
    call.args.put("batch", true);
    ignoreErrorsFromQuery(call);
    return store.inTransaction(() -> {
      beginInit(call, parent);
      if (parent != null) {
        for (Map<String, Object> record : records) {
          parent.check(call, repository.get(repository.convertId(String.valueOf(record.get(view.idName())))), view);
        }
      }
      controller.events().fire(call.action.pre, call.args);
      BatchResult<E> result = repository.updateBatch(paramsList(call), callOptions(call, true, null));
      return finishBatch(call, 200, result);
    });
  }

  // ---- destroy ----

  private ActionResponse destroyOne(ActionCall call, Parent parent) {
    call.args.put(EventArgs.PARAMS, new LinkedHashMap<String, Object>());
    call.args.put("batch", false);
    Long expected = IfMatch.expectedVersion(call.request, view, call.path);
    return store.inTransaction(() -> {
      beginInit(call, parent);
      if (parent != null) {
        parent.check(call, repository.get(id(call)), view);
      }
      controller.events().fire(call.action.pre, call.args);
      repository.delete(id(call), callOptions(call, false, expected));
      ActionResponse response = finish(call, 204, null);
      String next = nextLocation(call, parent, "deleteNext", id(call), null);
      return next == null ? response : response.withHeader("Location", next);
    });
  }

  private ActionResponse destroyBatch(ActionCall call, Parent parent, Object body) {
    if (call.request.header("If-Match") != null) {
      throw new Veto(400, "If-Match applies to one record; send it with DELETE on the record's own URL, not with a batch");
    }
    List<Object> rawIds = BodyShapes.ids(body, call);
    List<ID> ids = convertIds(rawIds);
    call.args.put(EventArgs.PARAMS, rawIds);
    call.args.put("batch", true);
    ignoreErrorsFromQuery(call);
    return store.inTransaction(() -> {
      beginInit(call, parent);
      if (parent != null) {
        for (ID id : ids) {
          parent.check(call, repository.get(id), view);
        }
      }
      controller.events().fire(call.action.pre, call.args);
      BatchResult<E> result = repository.deleteBatch(convertIds(paramsRawList(call)), callOptions(call, true, null));
      if (result.hasFailures()) {
        if (!ignoreErrors(call)) {
          throw result.failureVeto();
        }
        Map<String, Object> failures = new LinkedHashMap<>();
        failures.put("records", Problems.records(result.failures()));
        return finish(call, 200, failures);
      }
      return finish(call, 204, null);
    });
  }

  private List<ID> convertIds(List<Object> rawIds) {
    List<ID> ids = new ArrayList<>();
    for (Object raw : rawIds) {
      ids.add(repository.convertId(String.valueOf(raw)));
    }
    return ids;
  }

  // ---- shared steps ----

  /** onInit, the parent's existence, onPre. */
  private void begin(ActionCall call, Parent parent) {
    beginInit(call, parent);
    controller.events().fire(call.action.pre, call.args);
  }

  void beginInit(ActionCall call, Parent parent) {
    store.currentUnitOfWork().ifPresent(unit -> unit.setUser(call.request.user()));
    EventManager events = controller.events();
    events.fire(ControllerTier.ON_INIT, call.args);
    if (parent != null) {
      parent.requireExists();
    }
  }

  private E load(ActionCall call, Parent parent) {
    E entity = repository.get(id(call), callOptions(call, false, null));
    if (parent != null) {
      parent.check(call, entity, view);
    }
    return entity;
  }

  @SuppressWarnings("unchecked")
  private ID id(ActionCall call) {
    Object id = call.args.id();
    if (id == null) {
      throw new IllegalStateException("a handler removed 'id' from the args of " + call.path);
    }
    return (ID) id;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> paramsList(ActionCall call) {
    Object params = call.args.get(EventArgs.PARAMS);
    if (!(params instanceof List)) {
      throw new IllegalStateException("a handler replaced the batch params of " + call.path + " with "
          + (params == null ? "null" : params.getClass().getName()) + "; a batch's params must stay a List of maps");
    }
    return (List<Map<String, Object>>) params;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> paramsRawList(ActionCall call) {
    Object params = call.args.get(EventArgs.PARAMS);
    if (!(params instanceof List)) {
      throw new IllegalStateException("a handler replaced the ids of " + call.path + " with "
          + (params == null ? "null" : params.getClass().getName()) + "; a batch destroy's params must stay a List of ids");
    }
    return (List<Object>) params;
  }

  /** {@code ?ignoreErrors=true|false} on a batch becomes an option override. */
  static void ignoreErrorsFromQuery(ActionCall call) {
    Object ignore = call.request.query().get("ignoreErrors");
    if (ignore != null) {
      call.overrides().put("ignoreErrors", BodyShapes.bool("ignoreErrors", ignore));
    }
  }

  private boolean ignoreErrors(ActionCall call) {
    Object override = call.overrides().get("ignoreErrors");
    if (override != null) {
      return BodyShapes.bool("ignoreErrors", override);
    }
    return call.options.bool("ignoreErrors", false);
  }

  /**
   * Mass assignment is checked on what the client sent, before any handler runs, so that handlers may
   * set guarded attributes (a slug derived in onPreStore); the repository is then told the params are trusted.
   */
  void refuseGuardedKeys(ActionCall call, Map<String, Object> record) {
    Veto refused = ClientRecords.problems(repository.model(), record, call.visible().hidden(repository.model()),
        rejectsUnknown(call), call.request.rawBody() != null);
    if (refused != null) {
      throw refused;
    }
  }

  /**
   * {@link #refuseGuardedKeys(ActionCall, Map)} for each record of a batch, reported together; {@code addressing}
   * keys (id, version) are allowed.
   */
  private void refuseGuardedKeys(ActionCall call, List<Map<String, Object>> records, Set<String> addressing) {
    Veto refused = ClientRecords.problems(repository.model(), records, addressing,
        call.visible().hidden(repository.model()), rejectsUnknown(call), call.request.rawBody() != null);
    if (refused != null) {
      throw refused;
    }
  }

  private static boolean rejectsUnknown(ActionCall call) {
    return call.options.bool("rejectUnknownFields", true);
  }

  CallOptions callOptions(ActionCall call, boolean batch, Long expectedVersion) {
    CallOptions.Builder builder = CallOptions.builder()
        .path(call.path)
        .trustedParams(true)
        .frontEndOptions(call.frontEndOptions())
        .optionOverrides(repositoryOverrides(call))
        .user(call.request.user());
    if (batch) {
      builder.ignoreErrors(ignoreErrors(call));
    }
    if (call.request.replace()) {
      builder.replace(true);
    }
    if (expectedVersion != null) {
      builder.expectedVersion(expectedVersion);
    }
    return builder.build();
  }

  private static Map<String, Object> repositoryOverrides(ActionCall call) {
    Map<String, Object> overrides = new LinkedHashMap<>(call.overrides());
    if (call.options.has("rejectUnknownFields") && !overrides.containsKey("rejectUnknownFields")) {
      overrides.put("rejectUnknownFields", call.options.bool("rejectUnknownFields", true));
    }
    return overrides;
  }

  private ActionResponse finishBatch(ActionCall call, int status, BatchResult<E> result) {
    if (result.hasFailures() && (!ignoreErrors(call) || result.items().isEmpty())) {
      throw result.failureVeto();
    }
    call.args.put(EventArgs.RESULTS, new ArrayList<Object>(result.items()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", view.renderAll(result.items(), call));
    if (result.hasFailures()) {
      body.put("records", Problems.records(result.failures()));
    }
    return finish(call, status, body);
  }

  /** Sets the result, fires onPost, and builds the response from what the handlers left. */
  ActionResponse finish(ActionCall call, int status, Object result) {
    call.args.result(result);
    controller.events().fire(call.action.post, call.args);
    return respond(call, status);
  }

  /** The response from the args' result and directive, once the post event has run. */
  ActionResponse respond(ActionCall call, int status) {
    Object body = call.args.result();
    Object directive = call.args.get(EventArgs.DIRECTIVE);
    if (directive instanceof Map && !((Map<?, ?>) directive).isEmpty()) {
      if (body == null) {
        body = new LinkedHashMap<>((Map<?, ?>) directive);
      } else if (body instanceof Map) {
        Map<Object, Object> merged = new LinkedHashMap<>((Map<?, ?>) body);
        merged.putAll((Map<?, ?>) directive);
        body = merged;
      } else {
        LOG.warn("{}: the directive {} was not merged because the result is a {}, not an object", call.path,
            directive, body.getClass().getSimpleName());
      }
    }
    int finalStatus = status == 204 && body != null ? 200 : status;
    return ActionResponse.of(finalStatus, body);
  }

  private ActionResponse withEtag(ActionResponse response, E entity) {
    String etag = view.etag(entity);
    return etag == null ? response : response.withHeader("ETag", etag);
  }

  private String collectionUri(ActionCall call, Parent parent) {
    if (call.request.collectionUri() != null) {
      return call.request.collectionUri();
    }
    return derivedCollectionPath(call, parent);
  }

  /** The collection's path from the resource path, without the application's mount prefix. */
  private static String derivedCollectionPath(ActionCall call, Parent parent) {
    String[] segments = call.resource.split("\\.");
    StringBuilder uri = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      uri.append('/').append(segments[i]);
      if (parent != null && i == segments.length - 2) {
        uri.append('/').append(parent.rawId());
      }
    }
    return uri.toString();
  }

  /** The {@code Location} after a write by the option {@code option} ({@link NextUrls}); {@code ownUri} when it is false. */
  private String nextLocation(ActionCall call, Parent parent, String option, Object id, String ownUri) {
    String path = call.request.collectionUri();
    String derived = derivedCollectionPath(call, parent);
    return NextUrls.location(call.options, option, id, path != null ? path : derived, derived, ownUri);
  }

  private String itemUri(ActionCall call, Parent parent, Object id) {
    return collectionUri(call, parent) + "/" + id;
  }

  private static Object decode(ActionCall call, JsonCodec json) {
    RequestBody raw = call.request.rawBody();
    Object body = raw != null ? raw.decode(json) : BodyShapes.mutableCopy(call.request.body());
    FieldPolicy.checkWrites(call.options, call.args, body);
    return body;
  }
}
