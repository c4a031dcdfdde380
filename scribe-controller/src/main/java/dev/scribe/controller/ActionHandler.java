package dev.scribe.controller;

import dev.scribe.core.EventArgs;

/**
 * The body of a custom action, run inside the action's unit of work between {@code onPre<Name>} and
 * {@code onPost<Name>}. The args hold {@code params} (the JSON body as a map, empty when none),
 * {@code query}, and for an {@link ActionScope#ITEM} action {@code id} and {@code entity}. What it returns
 * is the result: an entity is rendered like {@code show}, a {@code Page} or a collection of entities like
 * {@code index}, a map or list is sent as is, null answers 204. A {@code Veto} refuses the action and rolls
 * the unit of work back.
 *
 * <pre>{@code
 * action("complete", ActionScope.ITEM, args -> repository().update((Long) args.id(), Map.of("completed", true)));
 * }</pre>
 */
@FunctionalInterface
public interface ActionHandler {
  /** Runs the action; the return value is what {@code onPost<Name>} sees as {@code result}. */
  Object handle(EventArgs args);
}
