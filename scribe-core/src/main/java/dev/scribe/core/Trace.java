package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What handlers ran during one unit of work, in order. Recorded only while tracing is enabled
 * ({@code Scribe.builder().trace(true)}) and a {@link TraceScope} is open on the thread.
 *
 * <p>Thread-safe for reading while the unit of work appends.
 */
public final class Trace {
  private final List<TraceEntry> entries = Collections.synchronizedList(new ArrayList<>());

  /** A snapshot of the entries so far, in the order the handlers finished. */
  public List<TraceEntry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** The handler names, in run order: a compact summary for headers and logs. */
  public List<String> handlerNames() {
    List<String> names = new ArrayList<>();
    for (TraceEntry entry : entries()) {
      names.add(entry.tier() + "." + entry.event() + ":" + entry.handler());
    }
    return names;
  }

  void add(TraceEntry entry) {
    entries.add(entry);
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
