package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.IfMatch;
import dev.scribe.controller.internal.request.IfNoneMatch;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.internal.RepositoryAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The destroy action: one record (204; {@code If-Match} compared with its version), a batch given as an
 * array of ids, or, with filters in the query and no body, every matching record ({@link BulkActions}).
 */
public final class DestroyAction<E, ID> implements ActionStep<E, ID> {
  @Override
  public ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json) {
    if (call.request.id() != null) {
      return one(steps, call, parent);
    }
    Object ids = ActionSteps.decode(call, json);
    if (ids instanceof java.util.List) {
      BulkActions.refuseFiltersOnBatch(call, "a JSON array of ids (a batch)",
          "the filters without a body to delete every matching record");
    } else if (ids != null && BulkActions.applies(call, true)) {
      throw new dev.scribe.core.Veto(400, call.path + " by query takes no body, but it got " + BodyShapes.kind(ids)
          + "; send the filters alone, or a JSON array of ids without filters for a batch");
    }
    if (BulkActions.applies(call, ids == null)) {
      return new BulkActions<>(steps).destroy(call, parent);
    }
    if (ids == null) {
      BulkActions.refuseControls(call);
    }
    return batch(steps, call, parent, ids);
  }

  private ActionResponse one(ActionSteps<E, ID> steps, ActionCall call, Parent parent) {
    refuseBody(steps, call, parent);
    call.args.put(EventArgs.PARAMS, new LinkedHashMap<String, Object>());
    call.args.put(ControllerTier.BATCH, false);
    Long expected = IfMatch.expectedVersion(call.request, steps.view, call.path);
    IfNoneMatch.refuseMalformed(call.request);
    return steps.store.inTransaction(() -> {
      steps.beginOne(call, parent);
      IfNoneMatch.check(call, steps.view, () -> Parent.loadItem(call, parent, steps.repository, steps.view));
      // onPostDestroy carries what was deleted, as the other actions' post events carry what they wrote
      call.args.put(EventArgs.ENTITY, RepositoryAccess.deleteOne(steps.repository, steps.id(call),
          steps.callOptions(call, false, expected)));
      return steps.withNext(steps.finish(call, 204, null), call, parent, "deleteNext", steps.id(call));
    });
  }

  /**
   * A 400 for a body sent with the DELETE of one record: it was ignored and the record deleted, when the client
   * most likely meant the batch route and a list of other records. A body refused as it arrived for its size or
   * because it could not be read keeps that refusal.
   */
  private static void refuseBody(ActionSteps<?, ?> steps, ActionCall call, Parent parent) {
    RequestBody raw = ControllerAccess.root().rawBody(call.request);
    if (raw == null ? call.request.body() == null : raw.isEmpty()) {
      return;
    }
    if (raw != null && raw.refusal() != null && raw.refusal().status() != 415) {
      throw raw.refusal();
    }
    throw new Veto(400, call.path + " of one record takes no body; send it without one, or send the JSON array of ids"
        + " to the collection's URL (DELETE " + steps.collectionUri(call, parent) + ") to delete several");
  }

  private ActionResponse batch(ActionSteps<E, ID> steps, ActionCall call, Parent parent, Object body) {
    BatchParams.refuseIfMatch(call, "DELETE");
    List<Object> rawIds = BodyShapes.ids(body, call);
    List<ID> ids = steps.convertIds(rawIds);
    BatchParams.set(call, rawIds);
    return steps.store.inTransaction(() -> {
      steps.beginBatch(call, parent, () -> ids);
      BatchResult<E> result = steps.repository.deleteBatch(steps.convertIds(BatchParams.ids(call)),
          steps.callOptions(call, true, null));
      if (result.hasFailures() && !BatchParams.ignoreErrors(call)) {
        throw result.failureVeto();
      }
      // the deleted entities, as onPostUpdate carries the updated ones
      call.args.put(EventArgs.RESULTS, new ArrayList<Object>(result.items()));
      if (result.hasFailures()) {
        Map<String, Object> failures = new LinkedHashMap<>();
        failures.put("records", Problems.records(result.failures()));
        return steps.finish(call, 200, failures);
      }
      return steps.finish(call, 204, null);
    });
  }
}
