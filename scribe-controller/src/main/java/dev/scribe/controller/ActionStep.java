package dev.scribe.controller;

import dev.scribe.controller.http.JsonCodec;
/**
 * What one of the five actions does once its request is checked (access, enabled, front-end options, id,
 * parent): stateless, with the
 * controller's shared {@link ActionSteps}; how it reads the body, what it asks of the repository in one unit of work, and what it answers.
 */
interface ActionStep<E, ID> {
  ActionResponse run(ActionSteps<E, ID> steps, ActionCall call, Parent parent, JsonCodec json);
}
