package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.IfNoneMatch;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.request.QueryParser;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Update and destroy by query: {@code PATCH /tasks?completed=false} with a JSON object of changes, and
 * {@code DELETE /tasks?archived=true} without a body. They are the update and destroy actions (the same
 * {@code onPreUpdate} / {@code onPostUpdate}, {@code onPreDestroy} / {@code onPostDestroy}, with
 * {@code bulk} true, {@code query} the filters and {@code params} the changes), calling
 * {@link Repository#updateWhere} / {@link Repository#deleteWhere}, so every record goes through the
 * batch path with its own events. A PATCH with an array body and a DELETE with an array of ids stay
 * batches; a bulk call needs at least one filter, or {@code ?all=true} to mean every record.
 */
public final class BulkActions<E, ID> {
  /** Query keys that are not filters. */
  private static final Set<String> CONTROL = Set.of("page", "size", "sort", "fields", "with", "ignoreErrors", "all");

  private final ActionSteps<E, ID> steps;
  private final Repository<E, ID> repository;

  BulkActions(ActionSteps<E, ID> steps) {
    this.steps = steps;
    this.repository = steps.repository;
  }

  /** True when a collection PATCH or DELETE of this shape is a bulk call: filters (or {@code all=true}) and the bulk body. */
  static boolean applies(ActionCall call, boolean bulkShapedBody) {
    if (!bulkShapedBody) {
      return false;
    }
    if (Boolean.TRUE.equals(all(call))) {
      return true;
    }
    for (String key : call.request.query().keySet()) {
      if (!CONTROL.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A 400 for a batch (an array body) sent with filters, which would not narrow it: the caller meant
   * either the records the array names or the records the filters match, and guessing could change the
   * wrong ones. {@code batch}: how the array reads in the message; {@code bulk}: the bulk call by query the caller may have meant.
   */
  static void refuseFiltersOnBatch(ActionCall call, String batch, String bulk) {
    List<String> filters = new ArrayList<>();
    for (String key : call.request.query().keySet()) {
      if (!CONTROL.contains(key)) {
        filters.add(key);
      }
    }
    if (Boolean.TRUE.equals(all(call))) {
      filters.add("all=true");
    }
    if (!filters.isEmpty()) {
      throw Veto.builder().status(400).message(call.path + " got " + batch + " and the filter" + (filters.size() > 1 ? "s " : " ")
          + String.join(", ", filters) + "; filters do not narrow a batch: send the array without them, or " + bulk).build();
    }
  }

  ActionResponse update(ActionCall call, Parent parent, Object body) {
    Map<String, Object> changes = BodyShapes.object(body, call, "a JSON object with the fields to change");
    if (changes.isEmpty()) {
      throw new Veto(400, call.path + " by query got no changes; send a JSON object with the fields to change");
    }
    steps.refuseGuardedKeys(call, changes);
    // under a parent (PATCH /tasks/3/subtasks?...), the changes may not move the records to another one
    Parent.keepFromUrl(call, changes, steps.view, steps.store);
    prepare(call, changes);
    return repository.store().inTransaction(() -> {
      steps.beginInit(call, parent);
      steps.firePre(call);
      BatchResult<E> result = repository.updateWhere(query(call, parent), steps.params(call),
          steps.callOptions(call, true, null));
      return answer(call, result, "updated");
    });
  }

  ActionResponse destroy(ActionCall call, Parent parent) {
    prepare(call, new LinkedHashMap<>());
    return repository.store().inTransaction(() -> {
      steps.beginInit(call, parent);
      steps.firePre(call);
      BatchResult<E> result = repository.deleteWhere(query(call, parent), steps.callOptions(call, true, null));
      return answer(call, result, "deleted");
    });
  }

  /**
   * A 400 naming {@code page}, {@code size}, {@code sort}, {@code fields} or {@code with} (the answer is a count, not
   * records), or an {@code ignoreErrors} that is not true or false, on a
   * call shaped as a bulk one (a PATCH with an object, a DELETE without a body). Checked also when no filter came:
   * {@code PATCH /tasks?page=1} then got the batch's "expects a JSON array" instead of the word on {@code page}.
   */
  static void refuseControls(ActionCall call) {
    for (String paging : List.of("page", "size", "sort")) {
      if (call.request.query().containsKey(paging)) {
        // a client sending size=1 must not believe it changes one record
        throw new Veto(400, call.path + " by query changes every record its filters match; '" + paging
            + "' does not apply to it: leave it out, or narrow the filters");
      }
    }
    for (String shaping : List.of("fields", "with")) {
      if (call.request.query().containsKey(shaping)) {
        // the answer is a count: taken and ignored, they would promise records the client does not get
        throw new Veto(400, call.path + " by query answers the number of records it changed ({\""
            + (call.action.id.equals("update") ? "updated" : "deleted") + "\": n}), not the records; '" + shaping
            + "' does not apply to it: leave it out, and read the records with GET and the same filters");
      }
    }
    Object ignoreErrors = call.request.query().get(ControllerTier.IGNORE_ERRORS);
    if (ignoreErrors != null) {
      BodyShapes.bool(ControllerTier.IGNORE_ERRORS, ignoreErrors);
    }
  }

  private void prepare(ActionCall call, Map<String, Object> changes) {
    refuseControls(call);
    if (call.request.header("If-Match") != null) {
      throw new Veto(400, "If-Match applies to one record; send it on the record's own URL, not with a bulk "
          + call.action.id);
    }
    IfNoneMatch.refuseOnMany(call, "a bulk " + call.action.id);
    Map<String, Object> query = new LinkedHashMap<>();
    call.request.query().forEach((k, v) -> query.put(k, v instanceof List ? new ArrayList<>((List<?>) v) : v));
    call.args.put(EventArgs.QUERY, query);
    call.args.put(EventArgs.PARAMS, changes);
    call.args.put(ControllerTier.BATCH, true);
    call.args.put(ControllerTier.BULK, true);
    BatchParams.ignoreErrorsFromQuery(call);
  }

  private Query query(ActionCall call, Parent parent) {
    Map<String, Object> filters = new LinkedHashMap<>(call.args.query());
    boolean everything = Boolean.TRUE.equals(all(call));
    filters.keySet().removeAll(CONTROL);
    if (filters.isEmpty() && !everything) {
      // A handler emptied the filters; refusing is safer than changing every record.
      throw new Veto(400, call.path + " by query has no filter left; give a filter, or all=true to mean every record");
    }
    Query query = QueryParser.parse(filters, call.options, call.path, call.visible().hidden(repository.model()),
        repository.model(), repository.name());
    // the parser gives a list's default page size; a call by query reads every match, and refuses a page size
    query.size(Query.DEFAULT_SIZE);
    if (parent != null) {
      query.where(parent.attribute(), Operator.EQ, parent.id());
    }
    return query;
  }

  private ActionResponse answer(ActionCall call, BatchResult<E> result, String verb) {
    call.args.put(EventArgs.RESULTS, new ArrayList<Object>(result.items()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(verb, result.items().size());
    if (result.hasFailures()) {
      body.put("records", Problems.records(result.failures()));
    }
    return steps.finish(call, 200, body);
  }

  private static Boolean all(ActionCall call) {
    Object all = call.request.query().get("all");
    return all == null ? null : BodyShapes.bool("all", all);
  }
}
