package dev.scribe.core;

/**
 * One handler of one event: reads and changes the args; throws {@link Veto} to stop the operation.
 *
 * <pre>{@code
 * events.on("preCreate", args -> args.params().put("slug", slugOf(args.params().get("title"))));
 * }</pre>
 */
@FunctionalInterface
public interface EventHandler {

  /** Handles one firing of the event. Whatever it changes in {@code args} is what the caller continues with. */
  void handle(EventArgs args);
}
