package dev.scribe.controller.internal.console;

import dev.scribe.controller.RecordedRequest;
import dev.scribe.core.TraceChange;
import dev.scribe.core.TraceEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the console's request endpoints: a summary per request for the list, the full
 * timeline for one request. Outcomes are split into kind, status and message, and the handler that
 * raised a veto or exception is told apart from the handlers it passed through on its way out.
 */
public final class ConsoleJson {
  private ConsoleJson() {}

  /** One line of {@code GET /_scribe/requests}. */
  static Map<String, Object> summary(RecordedRequest request) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", request.id());
    json.put("seq", request.sequence());
    json.put("time", Instant.ofEpochMilli(request.timeMillis()).toString());
    json.put("method", request.method());
    json.put("url", request.urlPath());
    json.put("query", request.query());
    json.put("status", request.status());
    json.put("durationMs", millis(request.durationNanos()));
    json.put("path", request.path());
    json.put("action", request.action());
    json.put("handlers", request.entries().size() + request.dropped());
    json.put("statements", request.statements());
    json.put("failure", failure(request.entries(), request.status()));
    return json;
  }

  /** {@code GET /_scribe/requests/{id}}: the summary and every kept handler run. */
  static Map<String, Object> detail(RecordedRequest request) {
    Map<String, Object> json = summary(request);
    List<TraceEntry> entries = request.entries();
    boolean[] raised = raised(entries);
    List<Object> timeline = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      timeline.add(entry(i, entries.get(i), raised[i], request.startNanos()));
    }
    json.put("entries", timeline);
    json.put("dropped", request.dropped());
    return json;
  }

  private static Map<String, Object> entry(int index, TraceEntry entry, boolean raised, long requestStart) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("index", index);
    json.put("tier", entry.tier());
    json.put("event", entry.event());
    json.put("handler", entry.handler());
    json.put("path", entry.path());
    json.put("depth", entry.depth());
    json.put("startMs", entry.startNanos() == 0 ? null : millis(Math.max(0, entry.startNanos() - requestStart)));
    json.put("durationMs", millis(entry.durationNanos()));
    json.put("changedKeys", entry.changedKeys());
    List<Object> changes = new ArrayList<>(entry.changes().size());
    for (TraceChange change : entry.changes()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("key", change.key());
      c.put("before", change.before());
      c.put("after", change.after());
      changes.add(c);
    }
    json.put("changes", changes);
    Outcome outcome = Outcome.parse(entry.outcome());
    json.put("outcome", outcome.kind);
    json.put("status", outcome.status);
    json.put("message", outcome.message);
    json.put("raised", raised);
    return json;
  }

  /**
   * The first veto or exception and the handler that raised it; for an answer of 400 or more that no handler
   * raised (a refusal before any handler ran, a limit, an unavailable database), its status alone; null for a
   * request that succeeded.
   */
  private static Map<String, Object> failure(List<TraceEntry> entries, int status) {
    boolean[] raised = raised(entries);
    for (int i = 0; i < entries.size(); i++) {
      if (raised[i]) {
        Outcome outcome = Outcome.parse(entries.get(i).outcome());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", outcome.kind);
        json.put("status", outcome.status);
        json.put("message", outcome.message);
        json.put("handler", entries.get(i).handler());
        json.put("event", entries.get(i).event());
        json.put("tier", entries.get(i).tier());
        return json;
      }
    }
    if (status < 400) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "answer");
    json.put("status", status);
    json.put("message", null);
    json.put("handler", null);
    json.put("event", null);
    json.put("tier", null);
    return json;
  }

  /**
   * Which failed runs raised their failure: a veto thrown in a nested event also ends the handler that
   * fired the event, with the same outcome; the raiser is the one with no failed run of that outcome
   * nested below it.
   */
  static boolean[] raised(List<TraceEntry> entries) {
    boolean[] raised = new boolean[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      TraceEntry entry = entries.get(i);
      if (entry.outcome().equals("ok")) {
        continue;
      }
      boolean passedThrough = false;
      for (int j = i + 1; j < entries.size() && entries.get(j).depth() > entry.depth(); j++) {
        if (entries.get(j).outcome().equals(entry.outcome())) {
          passedThrough = true;
          break;
        }
      }
      raised[i] = !passedThrough;
    }
    return raised;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }

  /** A trace outcome ({@code ok}, {@code veto 422: message}, {@code exception Type: message}) taken apart. */
  private static final class Outcome {
    final String kind;
    final Integer status;
    final String message;

    private Outcome(String kind, Integer status, String message) {
      this.kind = kind;
      this.status = status;
      this.message = message;
    }

    static Outcome parse(String outcome) {
      if (outcome.startsWith("veto ")) {
        int colon = outcome.indexOf(':');
        if (colon > 5) {
          try {
            return new Outcome("veto", Integer.valueOf(outcome.substring(5, colon)), outcome.substring(colon + 1).strip());
          } catch (NumberFormatException e) {
            return new Outcome("veto", null, outcome.substring(5));
          }
        }
        return new Outcome("veto", null, outcome.substring(5));
      }
      if (outcome.startsWith("exception ")) {
        return new Outcome("exception", null, outcome.substring(10));
      }
      return new Outcome(outcome, null, null);
    }
  }
}
