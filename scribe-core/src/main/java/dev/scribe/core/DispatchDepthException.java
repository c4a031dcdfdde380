package dev.scribe.core;

import java.util.List;

/**
 * Events fired from inside handlers nested deeper than the configured limit: almost always a handler
 * that triggers its own event again. The message shows the chain of events, outermost first.
 */
public final class DispatchDepthException extends ScribeException {
  private static final long serialVersionUID = 1L;

  private final List<String> chain;

  DispatchDepthException(int maxDepth, List<String> chain) {
    super("events nested deeper than " + maxDepth + " (a handler probably triggers its own event again): "
        + String.join(" -> ", chain)
        + "; guard the handler against re-entry or raise Scribe.builder().maxDepth(...)");
    this.chain = List.copyOf(chain);
  }

  /** The events that were being dispatched, outermost first, as {@code tier.event@path}. */
  public List<String> chain() {
    return chain;
  }
}
