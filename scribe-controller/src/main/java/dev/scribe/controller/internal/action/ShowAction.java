package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.core.EventArgs;

/**
 * The show action: one record (200, {@code ETag} when the entity is versioned; 304 for an {@code If-None-Match}
 * naming it, see {@link NotModified}); 404 under another parent.
 */
public final class ShowAction<E, ID> implements ActionStep<E, ID> {
  @Override
  public ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json) {
    return steps.store.inTransaction(() -> {
      steps.begin(call, parent);
      E entity = steps.repository.get(steps.id(call), steps.callOptions(call, false, null));
      if (parent != null) {
        parent.check(call, entity, steps.view);
      }
      call.args.put(EventArgs.ENTITY, entity);
      return NotModified.check(call, steps.withEtag(steps.finish(call, 200, steps.view.render(entity, call)), entity));
    });
  }
}
