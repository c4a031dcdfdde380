package dev.scribe.controller.internal.action;

import dev.scribe.core.internal.Words;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.internal.ControllerEvents;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.ClientRecords;
import dev.scribe.controller.internal.request.NextUrls;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.internal.view.FieldPolicies;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.internal.CallOptionsAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps the actions of one controller share: the start of the unit of work ({@code onInit}, the
 * parent's existence, {@code onPre<Action>}), the mass-assignment check, the repository's call options,
 * and the end ({@code onPost<Action>} and the response built from what the handlers left).
 */
public final class ActionSteps<E, ID> {
  // The logger keeps the name it had before the class moved, so that logging configurations still reach it.
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.ActionRunner");

  final Controller<E, ID> controller;
  final Repository<E, ID> repository;
  final DataStore store;
  final EntityView<E> view;
  final ErrorResponder errors;

  ActionSteps(Controller<E, ID> controller) {
    this.controller = controller;
    this.repository = controller.repository();
    this.store = repository.store();
    this.view = new EntityView<>(repository.model(), store);
    this.errors = new ErrorResponder(controller);
  }

  /** onInit, the parent's existence, onPre. */
  void begin(ActionCall call, Parent parent) {
    beginInit(call, parent);
    firePre(call);
  }

  public void beginInit(ActionCall call, Parent parent) {
    store.currentUnitOfWork().ifPresent(unit -> call.actIn(unit, store));
    controller.events().fire(ControllerEvents.ON_INIT, call.args);
    if (parent != null) {
      parent.requireExists(call.args);
    }
  }

  /** onInit, the record under the URL's parent (404 under another), onPre: the start of a one-record write. */
  void beginOne(ActionCall call, Parent parent) {
    beginInit(call, parent);
    if (parent != null) {
      parent.check(call, repository.get(id(call)), view);
    }
    firePre(call);
  }

  /** onInit, each record under the URL's parent (404 under another), onPre: the start of a batch write. */
  void beginBatch(ActionCall call, Parent parent, Supplier<List<ID>> ids) {
    beginInit(call, parent);
    if (parent != null) {
      for (ID id : ids.get()) {
        parent.check(call, repository.get(id), view);
      }
    }
    firePre(call);
  }

  void firePre(ActionCall call) {
    controller.events().fire(call.action.pre, call.args);
  }

  /** The body of the call, decoded, with the write policy of the fields checked. */
  static Object decode(ActionCall call, JsonCodec json) {
    RequestBody raw = ControllerAccess.root().rawBody(call.request);
    Object body = raw != null ? raw.decode(json) : BodyShapes.mutableCopy(call.request.body());
    FieldPolicies.checkWrites(call.options, call.args, body);
    // records nested in the body are held to the policies of the controllers serving their entity
    Veto nested = ClientRecords.nested(((Controller<?, ?>) call.args.self()).repository().model(), body, call.visible(),
        RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(call.options));
    if (nested != null) {
      throw nested;
    }
    return body;
  }

  /**
   * The params of a single-record store or update, or of a bulk update, as the pre handlers left them; their
   * removal is the handlers' breach of the args contract, named as such, not the repository's "create(...) got
   * null" that blames the controller's own call.
   */
  Map<String, Object> params(ActionCall call) {
    Map<String, Object> params = call.args.params();
    if (params == null) {
      throw new ArgsContractException(EventArgs.PARAMS, "a handler removed 'params' from the args of " + call.path
          + " (or put null there); change the entries of the params map, or put another map there");
    }
    return params;
  }

  @SuppressWarnings("unchecked")
  ID id(ActionCall call) {
    Object id = call.args.id();
    if (id == null) {
      throw new ArgsContractException(EventArgs.ID, "a handler removed 'id' from the args of " + call.path);
    }
    return (ID) id;
  }

  List<ID> convertIds(List<Object> rawIds) {
    List<ID> ids = new ArrayList<>();
    for (int i = 0; i < rawIds.size(); i++) {
      Object raw = rawIds.get(i);
      ID id = raw instanceof Number && repository.idType() != String.class ? numberId("element " + i + " of the array: ",
          (Number) raw) : convertId(repository, String.valueOf(raw));
      String notCanonical = ValueConverter.notCanonical(id, raw);
      if (notCanonical != null) {
        throw new Veto(400, "element " + i + " of the array: id " + notCanonical + ", as in the record's URL");
      }
      ids.add(id);
    }
    return ids;
  }

  /**
   * A JSON number of a delete batch as the id it is, as a batch update's {@code id} reads it: {@code 7.0} is 7 (its
   * text "7.0" was no Long, while {@code 7e0}, whose text is "7", was), and {@code 7.5} is said to need a whole number.
   */
  @SuppressWarnings("unchecked")
  private ID numberId(String where, Number raw) {
    try {
      return (ID) ValueConverter.convert(raw, repository.idType());
    } catch (ValueConverter.ConversionException e) {
      throw Veto.builder().status(400).message(where + "id " + e.getMessage()).field("id", e.getMessage()).build();
    }
  }

  /** The {@code id} a record of a batch update carries, a JSON number read as the number it is (as {@link #convertIds}). */
  ID bodyId(Object raw) {
    return raw instanceof Number && repository.idType() != String.class ? numberId("", (Number) raw)
        : convertId(repository, String.valueOf(raw));
  }

  /** {@code raw} as an id of {@code repository}'s entity; a 400 veto naming the value when it is not one. */
  @SuppressWarnings("unchecked")
  public static <ID> ID convertId(Repository<?, ID> repository, String raw) {
    return (ID) ValueConverter.convertId(raw, repository.idType());
  }

  /**
   * {@code raw}, an id written in a URL, as an id of {@code repository}'s entity: a 400 when it is not one, and a
   * 404 when it is one written otherwise than in canonical form ({@code +4}, {@code 04}, {@code " 4"}), so that
   * a record has one URL. Text ids are taken as they are written.
   */
  public static <ID> ID urlId(Repository<?, ID> repository, String raw) {
    ID id = convertId(repository, raw);
    if (!(id instanceof String) && !ValueConverter.isCanonical(id, raw)) {
      throw new Veto(404, "no " + repository.model().displayName() + " '" + raw + "'; an id in a URL is written in"
          + " canonical form, here " + id + " (no plus sign, spaces or leading zeros)");
    }
    return id;
  }

  /**
   * Mass assignment is checked on what the client sent, before any handler runs, so that handlers may
   * set guarded attributes (a slug derived in onPreStore); the repository is then told the params are trusted.
   */
  void refuseGuardedKeys(ActionCall call, Map<String, Object> record) {
    Veto refused = ClientRecords.problems(repository.model(), record, call.visible().hidden(repository.model()),
        FieldPolicies.unwritable(call.options, call.request.user()), rejectsUnknown(call), ControllerAccess.root().rawBody(call.request) != null);
    if (refused != null) {
      throw refused;
    }
  }

  /**
   * {@link #refuseGuardedKeys(ActionCall, Map)} for each record of a batch, reported together; {@code addressing}
   * keys (id, version) are allowed.
   */
  void refuseGuardedKeys(ActionCall call, List<Map<String, Object>> records, Set<String> addressing) {
    Veto refused = ClientRecords.problems(repository.model(), records, addressing,
        call.visible().hidden(repository.model()), FieldPolicies.unwritable(call.options, call.request.user()),
        rejectsUnknown(call), ControllerAccess.root().rawBody(call.request) != null);
    if (refused != null) {
      throw refused;
    }
  }

  private static boolean rejectsUnknown(ActionCall call) {
    return RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(call.options);
  }

  CallOptions callOptions(ActionCall call, boolean batch, Long expectedVersion) {
    CallOptions.Builder builder = CallOptionsAccess.trustParams(CallOptions.builder())
        .path(call.path)
        .frontEndOptions(call.frontEndOptions())
        .optionOverrides(repositoryOverrides(call))
        .user(call.request.user());
    if (batch) {
      builder.ignoreErrors(BatchParams.ignoreErrors(call));
    }
    if (call.request.replace()) {
      builder.replace(true);
    }
    if (expectedVersion != null) {
      builder.expectedVersion(expectedVersion);
    }
    return builder.build();
  }

  private Map<String, Object> repositoryOverrides(ActionCall call) {
    Map<String, Object> overrides = new LinkedHashMap<>(call.overrides());
    String reject = RepositoryOptions.REJECT_UNKNOWN_FIELDS.name();
    if (call.options.has(reject) && !overrides.containsKey(reject)) {
      overrides.put(reject, RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(call.options));
    }
    Set<String> hidden = call.visible().hidden(repository.model());
    if (!hidden.isEmpty()) {
      // Messages the repository writes for this caller (the settable fields of a refusal) leave them out.
      overrides.put(RepositoryOptions.HIDDEN_FIELDS.name(), List.copyOf(hidden));
    }
    if (call.request.replace()) {
      // A PUT resets what its body leaves out, but never what this caller may not write (nor see: hidden)
      Set<String> kept = new java.util.LinkedHashSet<>(FieldPolicies.unwritable(call.options, call.request.user()));
      if (call.request.parentAttribute() != null) {
        // nor a nested record's parent, which the URL names: params an onPreUpdate handler put in place of the
        // body's, without the parent, took the record off it
        kept.add(call.request.parentAttribute());
      }
      if (!kept.isEmpty()) {
        overrides.put(RepositoryOptions.KEPT_ON_REPLACE.name(), List.copyOf(kept));
      }
    }
    return overrides;
  }

  ActionResponse finishBatch(ActionCall call, int status, BatchResult<E> result) {
    if (result.hasFailures() && (!BatchParams.ignoreErrors(call) || result.items().isEmpty())) {
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
  public ActionResponse respond(ActionCall call, int status) {
    Object body = call.args.result();
    Object directive = call.args.get(ControllerTier.DIRECTIVE);
    if (directive != null && !(directive instanceof Map)) {
      // passed over, it was a handler's instruction silently not followed
      throw new ArgsContractException(ControllerTier.DIRECTIVE, "a handler put " + Words.withArticle(directive.getClass().getName())
          + " under 'directive' of " + call.path + "; the directive is a map merged into the response body: add to it"
          + " with ControllerTier.directive(args).put(key, value)");
    }
    if (directive instanceof Map && !((Map<?, ?>) directive).isEmpty()) {
      directive = RecordValues.rendered(directive, view, call, repository); // records in it, rendered as records
      if (body == null) {
        body = new LinkedHashMap<>((Map<?, ?>) directive);
      } else {
        // a record (or a page) a handler put in place of the result is sent as an object: merged as the action's own
        Object object = body instanceof Map ? body : RecordValues.rendered(body, view, call, repository);
        if (!(object instanceof Map)) {
          // dropped, it was a handler's instruction silently not followed (a warning in the log only)
          throw new ArgsContractException(ControllerTier.DIRECTIVE, "a handler set the directive "
              + ((Map<?, ?>) directive).keySet() + " of " + call.path + ", but the result is "
              + Words.withArticle(body.getClass().getName()) + ", not an object, so the directive cannot be merged"
              + " into it; put the result under a key of a map (args.result(Map.of(\"items\", list))), or leave the"
              + " directive empty");
        }
        Map<Object, Object> merged = new LinkedHashMap<>((Map<?, ?>) object);
        merged.putAll((Map<?, ?>) directive);
        body = merged;
      }
    }
    // a 200 whose result a handler took away (null) has nothing to send: a 204, as when the action's own result is
    // null (a custom action answering null, a processResults handler leaving none); a 200 without a body was sent
    int finalStatus = status == 204 && body != null ? 200 : status == 200 && body == null ? 204 : status;
    ActionResponse response = ActionResponse.of(finalStatus, body);
    if (body == null || call.json == null) {
      return response;
    }
    // Written here, inside the unit of work: a body that cannot be written as JSON (a handler's result whose
    // getter throws) then fails the unit, reaches onError, and the client's 500 means that nothing was stored.
    // Written only once the unit had committed, it was a 500 for a write that had been made.
    // A record a handler left anywhere in the body is rendered as this call renders records, when Jackson meets it
    return ControllerAccess.root().withEncoded(response,
        call.json.write(body, record -> RecordValues.rendered(record, view, call, repository)));
  }

  ActionResponse withEtag(ActionResponse response, E entity) {
    if (response.status() == 204) {
      return response; // no representation of the record is sent, so no tag of one
    }
    String etag = view.etag(entity);
    return etag == null ? response : response.withHeader("ETag", etag);
  }

  /** The {@code Location} after a write by the option {@code option} ({@link NextUrls}); {@code ownUri} when it is false. */
  String nextLocation(ActionCall call, Parent parent, String option, Object id, String ownUri) {
    String path = call.request.collectionUri();
    String derived = derivedCollectionPath(call, parent);
    return NextUrls.location(call.options, option, id, path != null ? path : derived, derived, ownUri);
  }

  /** The response with {@code Location} set to the option's next URL, when there is one. */
  ActionResponse withNext(ActionResponse response, ActionCall call, Parent parent, String option, Object id) {
    String next = nextLocation(call, parent, option, id, null);
    return next == null ? response : response.withHeader("Location", next);
  }

  /** The collection's URL as the client addressed it, or derived from the resource path in process. */
  String collectionUri(ActionCall call, Parent parent) {
    return call.request.collectionUri() != null ? call.request.collectionUri() : derivedCollectionPath(call, parent);
  }

  public String itemUri(ActionCall call, Parent parent, Object id) {
    String collection = collectionUri(call, parent);
    return collection + "/" + NextUrls.segment(id);
  }

  /** The collection's path from the resource path, without the application's mount prefix. */
  private static String derivedCollectionPath(ActionCall call, Parent parent) {
    String[] segments = call.resource.split("\\.");
    StringBuilder uri = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      uri.append('/').append(segments[i]);
      if (parent != null && i == segments.length - 2) {
        uri.append('/').append(NextUrls.segment(parent.rawId()));
      }
    }
    return uri.toString();
  }
}
