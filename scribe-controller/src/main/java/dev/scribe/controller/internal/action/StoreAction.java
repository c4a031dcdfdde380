package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.BodyShapes;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store action: one record from a JSON object (201 with {@code Location}, {@code ETag}), or a batch
 * from an array of objects (201 with {@code items}); under a parent, each record gets the parent.
 */
public final class StoreAction<E, ID> implements ActionStep<E, ID> {
  @Override
  public ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json) {
    refuseConditions(call);
    Object body = ActionSteps.decode(call, json);
    boolean batch = body instanceof List;
    if (batch) {
      List<Map<String, Object>> records = BodyShapes.objects(body, call);
      if (parent != null) {
        for (Map<String, Object> record : records) {
          parent.assignTo(record, steps.view);
        }
      }
      BodyShapes.checkNestedRecords(call, steps.repository.model(), records);
      steps.refuseGuardedKeys(call, records, Set.of());
      call.args.put(EventArgs.PARAMS, records);
      BatchParams.ignoreErrorsFromQuery(call);
    } else {
      Map<String, Object> record = BodyShapes.object(body, call,
          "one record as a JSON object, or a batch as an array of objects");
      BodyShapes.checkNestedRecords(call, steps.repository.model(), record);
      steps.refuseGuardedKeys(call, record);
      if (parent != null) {
        parent.assignTo(record, steps.view);
      }
      call.args.put(EventArgs.PARAMS, record);
    }
    call.args.put(ControllerTier.BATCH, batch);
    try {
      return write(steps, call, parent, batch);
    } catch (Veto refused) {
      if (parent != null) {
        parent.refuseAsGoneIfDeleted(refused, steps.store);
      }
      throw refused;
    }
  }

  /**
   * A 400 for {@code If-Match} or {@code If-None-Match} on a create: the record it writes has no tag yet, so
   * the condition can be neither held nor broken, and a create that ran without it would not be the
   * conditional write the client asked for.
   */
  private static void refuseConditions(ActionCall call) {
    for (String header : List.of("If-Match", "If-None-Match")) {
      if (call.request.header(header) != null) {
        throw new Veto(400, header + " names a version of a record, and " + call.path + " creates a new one that no"
            + " tag can name yet; send the create without it, or send " + header + " with PUT, PATCH or DELETE on"
            + " the record's own URL");
      }
    }
  }

  private ActionResponse write(ActionSteps<E, ID> steps, ActionCall call, Parent parent, boolean batch) {
    return steps.store.inTransaction(() -> {
      steps.begin(call, parent);
      if (parent != null) {
        Object params = call.args.get(EventArgs.PARAMS);
        Object underParent = parent.assignWhereLeftOut(params);
        if (underParent != params) {
          call.args.put(EventArgs.PARAMS, underParent);
        }
      }
      if (batch) {
        BatchResult<E> result = steps.repository.createBatch(BatchParams.records(call),
            steps.callOptions(call, true, null));
        return steps.finishBatch(call, 201, result);
      }
      E created = steps.repository.create(steps.params(call), steps.callOptions(call, false, null));
      call.args.put(EventArgs.ENTITY, created);
      if (created == null) {
        // a processResultsCreate handler left no result: the record is written, but there is nothing to show
        // and no URL to give, as a custom action that answers null
        return steps.finish(call, 204, null);
      }
      ActionResponse response = steps.finish(call, 201, steps.view.render(created, call));
      String location = steps.itemUri(call, parent, steps.view.id(created));
      Map<String, String> headers = new LinkedHashMap<>();
      String next = steps.nextLocation(call, parent, "createNext", steps.view.id(created), location);
      headers.put("Location", next);
      if (!next.equals(location)) {
        headers.put("Content-Location", location);
      }
      String etag = steps.view.etag(created);
      if (etag != null) {
        headers.put("ETag", etag);
      }
      return response.withHeaders(headers);
    });
  }
}
