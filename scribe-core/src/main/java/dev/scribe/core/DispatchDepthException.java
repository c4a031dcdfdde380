package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Events fired from inside handlers nested deeper than the configured limit: almost always a handler
 * that triggers its own event again. The message shows the chain of events, outermost first.
 */
public final class DispatchDepthException extends ScribeException {
  private static final long serialVersionUID = 1L;

  private final int maxDepth;
  /** Filled innermost first while the exception leaves each dispatch on its way out. */
  private final ArrayList<String> innermostFirst = new ArrayList<>();

  DispatchDepthException(int maxDepth, Event refused, String path) {
    super("events nested deeper than " + maxDepth);
    this.maxDepth = maxDepth;
    innermostFirst.add(link(refused, path));
  }

  /** Adds the dispatch of {@code args} this exception is leaving to the front of the chain. */
  DispatchDepthException within(Event event, EventArgs args) {
    innermostFirst.add(link(event, args.path()));
    return this;
  }

  /** The events that were being dispatched, outermost first, as {@code tier.event@path}; the last was refused. */
  public List<String> chain() {
    List<String> chain = new ArrayList<>(innermostFirst);
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  @Override
  public String getMessage() {
    return "events nested deeper than " + maxDepth + " (a handler probably triggers its own event again): "
        + String.join(" -> ", chain())
        + "; guard the handler against re-entry or raise Scribe.builder().maxDepth(...)";
  }

  private static String link(Event event, String path) {
    return path == null ? event.toString() : event + "@" + path;
  }
}
