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
  /** The characters of a failure's message kept per handler run. */
  static final int MAX_MESSAGE = 500;
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

  /**
   * The entries with each failure's message cut to its first {@value #MAX_MESSAGE} characters: a message that quotes
   * the client's value is as long as the client makes it, and the ring keeps it for {@code capacity} requests.
   */
  private static List<TraceEntry> shortened(List<TraceEntry> entries) {
    List<TraceEntry> kept = new ArrayList<>(entries.size());
    for (TraceEntry entry : entries) {
      String outcome = entry.outcome();
      int message = outcome.indexOf(": ") + 2;
      if (message < 2 || outcome.length() - message <= MAX_MESSAGE) {
        kept.add(entry);
        continue;
      }
      int end = message + MAX_MESSAGE - 1;
      if (Character.isHighSurrogate(outcome.charAt(end - 1))) {
        end--;
      }
      kept.add(new TraceEntry(entry.tier(), entry.event(), entry.handler(), entry.path(), entry.durationNanos(),
          entry.changedKeys(), outcome.substring(0, end) + "…", entry.depth(), entry.startNanos(), entry.changes()));
    }
    return List.copyOf(kept);
  }

  /** Drops every kept request; the running numbers go on. */
  public synchronized void clear() {
    Arrays.fill(ring, null);
    cleared = recorded;
  }

  void record(String id, long timeMillis, String method, String urlPath, String query, int status, long startNanos,
      long durationNanos, String path, String action, Trace trace) {
    List<TraceEntry> entries = trace == null ? List.of() : shortened(trace.entries());
    int dropped = trace == null ? 0 : trace.dropped();
    int statements = trace == null ? 0 : trace.statements();
    synchronized (this) {
      long sequence = ++recorded;
      ring[(int) ((sequence - 1) % ring.length)] = new RecordedRequest(sequence, id, timeMillis, method, urlPath, query,
          status, durationNanos, path, action, startNanos, entries, dropped, statements);
    }
  }
}
