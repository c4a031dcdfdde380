package dev.scribe.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What handlers ran during one unit of work, in the order they started (a handler's nested events
 * follow it, one level deeper). Recorded only while tracing is enabled
 * ({@code Scribe.builder().trace(true)}) and a {@link TraceScope} is open on the thread.
 *
 * <p>Thread-safe for reading while the unit of work appends; a handler still running is not listed yet.
 */
public final class Trace {
  private final List<TraceEntry> entries = new ArrayList<>();

  /** A snapshot of the finished entries so far, in start order. */
  public synchronized List<TraceEntry> entries() {
    List<TraceEntry> finished = new ArrayList<>(entries.size());
    for (TraceEntry entry : entries) {
      if (entry != null) {
        finished.add(entry);
      }
    }
    return finished;
  }

  /** The handler names, in run order: a compact summary for headers and logs. */
  public List<String> handlerNames() {
    List<String> names = new ArrayList<>();
    for (TraceEntry entry : entries()) {
      names.add(entry.tier() + "." + entry.event() + ":" + entry.handler());
    }
    return names;
  }

  /** Keeps the place of a handler that starts now; its entry is {@link #set} when it ends. */
  synchronized int reserve() {
    entries.add(null);
    return entries.size() - 1;
  }

  synchronized void set(int slot, TraceEntry entry) {
    entries.set(slot, entry);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (TraceEntry entry : entries()) {
      text.append(entry).append('\n');
    }
    return text.toString();
  }
}
