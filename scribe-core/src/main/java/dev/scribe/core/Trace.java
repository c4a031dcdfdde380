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
  private int limit = Integer.MAX_VALUE;
  private int dropped;
  private boolean values;
  private int statements;

  /**
   * Keeps at most {@code maxEntries} handler runs; later runs are still executed but only counted in
   * {@link #dropped()}. Bounds the memory and time a long unit of work (a large batch) spends on its trace.
   */
  public synchronized Trace limit(int maxEntries) {
    if (maxEntries < 0) {
      throw new UsageException("a trace limit cannot be negative: " + maxEntries + "; give 0 or more");
    }
    this.limit = maxEntries;
    return this;
  }

  /** How many handler runs were not recorded because of the {@link #limit(int) limit}. */
  public synchronized int dropped() {
    return dropped;
  }

  /**
   * Also records, per handler run, the old and new values of the args keys it changed
   * ({@link TraceEntry#changes()}): short renderings, secrets masked. Off by default, as it costs a
   * copy of the args' maps and collections per handler run.
   */
  public synchronized Trace recordValues(boolean record) {
    this.values = record;
    return this;
  }

  /** True when handler runs record old and new values of the keys they changed. */
  public synchronized boolean recordsValues() {
    return values;
  }

  /** Counts one SQL statement prepared during the unit of work (called by the repository tier). */
  public synchronized void statementPrepared() {
    statements++;
  }

  /** How many SQL statements were prepared during the unit of work so far. */
  public synchronized int statements() {
    return statements;
  }

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

  /**
   * Keeps the place of a handler that starts now; its entry is {@link #set} when it ends. -1 when the
   * limit is reached: the run is counted as dropped and not recorded.
   */
  synchronized int reserve() {
    if (entries.size() >= limit) {
      dropped++;
      return -1;
    }
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
