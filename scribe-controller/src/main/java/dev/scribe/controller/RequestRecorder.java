package dev.scribe.controller;

import dev.scribe.core.Trace;
import dev.scribe.core.TraceEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The console's memory of the last requests: a ring of at most {@code capacity} {@link RecordedRequest}s,
 * each with at most {@code maxEntries} handler runs (values rendered short, secrets masked, when the run
 * was recorded). Thread-safe; recording takes a short lock and copies nothing that readers share.
 */
public final class RequestRecorder {
  private final RecordedRequest[] ring;
  private final int maxEntries;
  private long recorded;
  private long cleared;

  RequestRecorder(int capacity, int maxEntries) {
    this.ring = new RecordedRequest[capacity];
    this.maxEntries = maxEntries;
  }

  /** How many requests are kept at most. */
  public int capacity() {
    return ring.length;
  }

  /** How many handler runs are kept per request at most. */
  public int maxEntries() {
    return maxEntries;
  }

  /** How many requests were recorded since the start, including the ones dropped since. */
  public synchronized long total() {
    return recorded;
  }

  /** The kept requests, newest first. */
  public synchronized List<RecordedRequest> requests() {
    int kept = (int) Math.min(recorded - cleared, ring.length);
    List<RecordedRequest> newestFirst = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      newestFirst.add(ring[(int) ((recorded - 1 - i) % ring.length)]);
    }
    return newestFirst;
  }

  /** The kept request with this request id. */
  public Optional<RecordedRequest> find(String id) {
    for (RecordedRequest request : requests()) {
      if (request.id().equals(id)) {
        return Optional.of(request);
      }
    }
    return Optional.empty();
  }

  /** Drops every kept request; the running numbers go on. */
  public synchronized void clear() {
    Arrays.fill(ring, null);
    cleared = recorded;
  }

  void record(String id, long timeMillis, String method, String urlPath, String query, int status, long startNanos,
      long durationNanos, String path, String action, Trace trace) {
    List<TraceEntry> entries = trace == null ? List.of() : List.copyOf(trace.entries());
    int dropped = trace == null ? 0 : trace.dropped();
    int statements = trace == null ? 0 : trace.statements();
    synchronized (this) {
      long sequence = ++recorded;
      ring[(int) ((sequence - 1) % ring.length)] = new RecordedRequest(sequence, id, timeMillis, method, urlPath, query,
          status, durationNanos, path, action, startNanos, entries, dropped, statements);
    }
  }
}
