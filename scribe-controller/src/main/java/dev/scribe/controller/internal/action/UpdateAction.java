package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.IfMatch;
import dev.scribe.controller.internal.request.IfNoneMatch;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.core.EventArgs;
import dev.scribe.repository.BatchResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The update action: one record (PATCH, or PUT to replace; {@code If-Match} compared with its version), a
 * batch of objects that carry their ids, or, with filters in the query, every matching record
 * ({@link BulkActions}).
 */
public final class UpdateAction<E, ID> implements ActionStep<E, ID> {
  @Override
  public ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json) {
    Object body = ActionSteps.decode(call, json);
    if (call.request.id() != null) {
      return one(steps, call, parent, body);
    }
    if (body instanceof List) {
      BulkActions.refuseFiltersOnBatch(call, "a JSON array of records (a batch by id)",
          "a JSON object of changes with the filters to update every matching record");
    }
    if (BulkActions.applies(call, body instanceof Map)) {
      return new BulkActions<>(steps).update(call, parent, body);
    }
    if (body instanceof Map) {
      BulkActions.refuseControls(call);
    }
    return batch(steps, call, parent, body);
  }

  private ActionResponse one(ActionSteps<E, ID> steps, ActionCall call, Parent parent, Object body) {
    Map<String, Object> params = BodyShapes.object(body, call, "a JSON object with the fields to change");
    BodyShapes.checkNestedRecords(call, steps.repository.model(), params);
    steps.refuseGuardedKeys(call, params);
    Parent.keepFromUrl(call, params, steps.view, steps.store);
    call.args.put(EventArgs.PARAMS, params);
    call.args.put(ControllerTier.BATCH, false);
    Long expected = IfMatch.expectedVersion(call.request, steps.view, call.path);
    IfNoneMatch.refuseMalformed(call.request);
    return steps.store.inTransaction(() -> {
      steps.beginOne(call, parent);
      IfNoneMatch.check(call, steps.view, () -> Parent.loadItem(call, parent, steps.repository, steps.view));
      E updated = steps.repository.update(steps.id(call), steps.params(call), steps.callOptions(call, false, expected));
      call.args.put(EventArgs.ENTITY, updated);
      if (updated == null) {
        return steps.finish(call, 204, null); // a processResultsUpdate handler left no result: nothing to show
      }
      ActionResponse response = steps.withEtag(steps.finish(call, 200, steps.view.render(updated, call)), updated);
      return steps.withNext(response, call, parent, "updateNext", steps.view.id(updated));
    });
  }

  private ActionResponse batch(ActionSteps<E, ID> steps, ActionCall call, Parent parent, Object body) {
    BatchParams.refuseIfMatch(call, "PATCH");
    String idName = steps.view.idName();
    List<Map<String, Object>> records = BodyShapes.objectsWithIds(body, call, idName);
    BodyShapes.checkNestedRecords(call, steps.repository.model(), records);
    Set<String> addressing = new HashSet<>();
    addressing.add(idName);
    if (steps.repository.model().version() != null) {
      addressing.add(steps.repository.model().version().name());
    }
    steps.refuseGuardedKeys(call, records, addressing);
    for (Map<String, Object> record : records) {
      Parent.keepFromUrl(call, record, steps.view, steps.store);
    }
    BatchParams.set(call, records);
    return steps.store.inTransaction(() -> {
      steps.beginBatch(call, parent, () -> {
        List<ID> ids = new ArrayList<>();
        for (Map<String, Object> record : records) {
          ids.add(steps.bodyId(record.get(idName)));
        }
        return ids;
      });
      BatchResult<E> result = steps.repository.updateBatch(BatchParams.records(call),
          steps.callOptions(call, true, null));
      return steps.finishBatch(call, 200, result);
    });
  }
}
