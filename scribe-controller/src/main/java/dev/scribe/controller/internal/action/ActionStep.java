package dev.scribe.controller.internal.action;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.request.Parent;

/**
 * What one of the five actions does once its request is checked (access, enabled, front-end options, id,
 * parent): stateless, with the
 * controller's shared {@link ActionSteps}; how it reads the body, what it asks of the repository in one unit of work, and what it answers.
 */
public interface ActionStep<E, ID> {
  ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json);
}
