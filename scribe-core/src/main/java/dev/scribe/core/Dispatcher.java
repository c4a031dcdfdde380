package dev.scribe.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a precomputed handler array on the caller's thread: path filters, the depth guard, trace
 * recording, and blame for read-only key writes. A veto or exception stops the loop and propagates
 * to the caller unchanged.
 */
final class Dispatcher {
  private final ThreadLocal<DispatchState> state = ThreadLocal.withInitial(DispatchState::new);
  private final int maxDepth;
  private final boolean tracing;

  Dispatcher(int maxDepth, boolean tracing) {
    this.maxDepth = maxDepth;
    this.tracing = tracing;
  }

  DispatchState state() {
    return state.get();
  }

  void dispatch(Event event, RegisteredHandler[] handlers, EventArgs args) {
    DispatchState current = state.get();
    String path = args.path();
    current.push(event, path, maxDepth);
    try {
      Trace trace = tracing ? current.trace : null;
      for (RegisteredHandler handler : handlers) {
        if (handler.filter != null && !handler.filter.matches(path)) {
          continue;
        }
        if (trace == null) {
          run(handler, args);
        } else {
          runTraced(handler, args, path, trace, current.depth);
        }
      }
    } finally {
      current.pop();
    }
  }

  private static void run(RegisteredHandler handler, EventArgs args) {
    try {
      handler.handler.handle(args);
    } catch (ReadOnlyArgumentException e) {
      throw e.blame(handler.name);
    }
  }

  private static void runTraced(RegisteredHandler handler, EventArgs args, String path, Trace trace, int depth) {
    Map<String, Object> before = snapshot(args);
    Map<String, Integer> hashesBefore = contentHashes(args);
    long start = System.nanoTime();
    String outcome = "ok";
    try {
      run(handler, args);
    } catch (Veto veto) {
      outcome = "veto " + veto.status() + ": " + veto.getMessage();
      throw veto;
    } catch (RuntimeException | Error e) {
      outcome = "exception: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      throw e;
    } finally {
      long duration = System.nanoTime() - start;
      trace.add(new TraceEntry(handler.event.tier().name(), handler.event.name(), handler.name, path, duration,
          changedKeys(before, hashesBefore, args), outcome, depth));
    }
  }

  private static Map<String, Object> snapshot(EventArgs args) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : args.entrySet()) {
      copy.put(entry.getKey(), entry.getValue());
    }
    return copy;
  }

  /** Content hashes of the mutable containers in the args, to notice in-place mutation. */
  private static Map<String, Integer> contentHashes(EventArgs args) {
    Map<String, Integer> hashes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : args.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof Map || value instanceof Collection) {
        hashes.put(entry.getKey(), safeHash(value));
      }
    }
    return hashes;
  }

  private static int safeHash(Object value) {
    try {
      return value.hashCode();
    } catch (RuntimeException e) {
      return System.identityHashCode(value);
    }
  }

  private static List<String> changedKeys(Map<String, Object> before, Map<String, Integer> hashesBefore, EventArgs after) {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, Object> entry : after.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (!before.containsKey(key) || before.get(key) != value) {
        changed.add(key);
      } else if (hashesBefore.containsKey(key) && hashesBefore.get(key) != safeHash(value)) {
        changed.add(key);
      }
    }
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        changed.add(key);
      }
    }
    changed.sort(null);
    return changed;
  }
}
