package dev.scribe.core;

import java.util.List;

/**
 * One handler run as recorded by a {@link Trace}.
 *
 * @param tier           the tier of the event
 * @param event          the event name
 * @param handler        the handler's name
 * @param path           the context path of the args, or null
 * @param durationNanos  how long the handler ran
 * @param changedKeys    the args keys the handler added, removed, replaced or mutated (maps and collections), in key order
 * @param outcome        {@code ok}, {@code veto STATUS: message} or {@code exception Type: message}
 * @param depth          nesting depth: 1 for an event fired by the framework, more for events fired inside handlers
 * @param startNanos     {@link System#nanoTime()} when the handler started, or 0 when not known
 * @param changes        old and new values of the changed keys when the trace {@link Trace#recordsValues() records
 *                       values}, else empty
 */
public record TraceEntry(String tier, String event, String handler, String path, long durationNanos,
    List<String> changedKeys, String outcome, int depth, long startNanos, List<TraceChange> changes) {

  public TraceEntry {
    changedKeys = List.copyOf(changedKeys);
    changes = List.copyOf(changes);
  }

  /** An entry without start time and values. */
  public TraceEntry(String tier, String event, String handler, String path, long durationNanos,
      List<String> changedKeys, String outcome, int depth) {
    this(tier, event, handler, path, durationNanos, changedKeys, outcome, depth, 0, List.of());
  }

  @Override
  public String toString() {
    return "  ".repeat(depth - 1) + tier + "." + event + " " + handler + " @" + path + " " + durationNanos / 1000
        + "us changed=" + (changes.isEmpty() ? changedKeys : changes) + " " + outcome;
  }
}
