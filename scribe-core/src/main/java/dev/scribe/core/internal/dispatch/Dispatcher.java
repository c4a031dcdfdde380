package dev.scribe.core.internal.dispatch;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.DispatchDepthException;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventHandler;
import dev.scribe.core.ScribeException;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceChange;
import dev.scribe.core.TraceEntry;
import dev.scribe.core.Veto;
import dev.scribe.core.internal.CoreAccess;
import dev.scribe.core.internal.trace.TraceValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a precomputed {@link EventPlan} on the caller's thread: the depth guard, path filters, trace
 * recording, and blame for read-only key writes. A veto or exception stops the loop and propagates
 * to the caller unchanged.
 *
 * <p>The common case (no trace open, no handler with a path filter) costs a field read to find the
 * thread's state through the args, a depth check, and one interface call per handler.
 */
public final class Dispatcher {
  /** Constant to the JIT, so reading the args' state through it is a plain field read. */
  private static final CoreAccess CORE = CoreAccess.get();

  private final ThreadLocal<DispatchState> states = ThreadLocal.withInitial(() -> new DispatchState(this, Thread.currentThread()));
  private final int maxDepth;

  public Dispatcher(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** This thread's state. */
  public DispatchState state() {
    return states.get();
  }

  /**
   * Runs {@code plan} for {@code event} with {@code args}; {@code remembered} is the state the args remember
   * (read by the caller, which sees the field directly, so the hot path makes no call to find it).
   */
  public void dispatch(Event event, EventPlan plan, EventArgs args, DispatchState remembered) {
    DispatchState state = remembered;
    if (state == null || state.dispatcher != this || state.thread != Thread.currentThread()) {
      state = attachState(args);
    }
    int depth = state.depth;
    if (depth >= maxDepth) {
      throw tooDeep(event, args);
    }
    state.depth = depth + 1;
    try {
      Trace trace = state.trace;
      if (trace != null) {
        runTraced(plan, args, trace, depth + 1);
      } else if (plan.filtered) {
        runFiltered(plan, args);
      } else {
        runAll(plan, args);
      }
    } catch (DispatchDepthException tooDeep) {
      throw CORE.within(tooDeep, event, args);
    } finally {
      state.depth = depth;
    }
  }

  /** This thread's state, remembered by the args for their next events. Kept out of the hot path. */
  private DispatchState attachState(EventArgs args) {
    DispatchState state = states.get();
    CORE.dispatchState(args, state);
    return state;
  }

  private DispatchDepthException tooDeep(Event event, EventArgs args) {
    return CORE.tooDeep(maxDepth, event, args.path());
  }

  private static void runAll(EventPlan plan, EventArgs args) {
    EventHandler[] callees = plan.callees;
    int i = 0;
    try {
      for (; i < callees.length; i++) {
        callees[i].handle(args);
      }
    } catch (ArgsContractException e) {
      throw CORE.blame(e, plan.handlers[i].name);
    } catch (Veto e) {
      throw CORE.explained(e, plan.handlers[i].event);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw undeclared(checked, plan.handlers[i]);
    }
  }

  private static void runFiltered(EventPlan plan, EventArgs args) {
    String path = args.path();
    RegisteredHandler[] handlers = plan.handlers;
    int i = 0;
    try {
      for (; i < handlers.length; i++) {
        RegisteredHandler handler = handlers[i];
        if (handler.runsFor(path)) {
          handler.handler.handle(args);
        }
      }
    } catch (ArgsContractException e) {
      throw CORE.blame(e, handlers[i].name);
    } catch (Veto e) {
      throw CORE.explained(e, handlers[i].event);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw undeclared(checked, handlers[i]);
    }
  }

  private static void runTraced(EventPlan plan, EventArgs args, Trace trace, int depth) {
    String path = args.path();
    for (RegisteredHandler handler : plan.handlers) {
      if (handler.runsFor(path)) {
        runTraced(handler, args, path, trace, depth);
      }
    }
  }

  private static void runTraced(RegisteredHandler handler, EventArgs args, String path, Trace trace, int depth) {
    int slot = CORE.reserve(trace);
    if (slot < 0) {
      runUnrecorded(handler, args);
      return;
    }
    Map<String, Object> before = snapshot(args);
    Map<String, Integer> hashesBefore = contentHashes(args);
    Map<String, Object> copies = trace.recordsValues() ? TraceValues.copies(args) : null;
    long start = System.nanoTime();
    String outcome = "ok";
    try {
      handler.handler.handle(args);
    } catch (ArgsContractException e) {
      ArgsContractException blamed = CORE.blame(e, handler.name);
      outcome = outcome(blamed);
      throw blamed;
    } catch (Veto e) {
      Veto explained = CORE.explained(e, handler.event);
      outcome = outcome(explained);
      throw explained;
    } catch (RuntimeException | Error e) {
      outcome = outcome(e);
      throw e;
    } catch (Throwable checked) {
      ScribeException wrapped = undeclared(checked, handler);
      outcome = outcome(wrapped);
      throw wrapped;
    } finally {
      // A run shorter than the clock's resolution is recorded as 1 ns, never as 0.
      long duration = Math.max(1, System.nanoTime() - start);
      List<String> changedKeys = changedKeys(before, hashesBefore, args);
      List<TraceChange> changes = copies == null || changedKeys.isEmpty() ? List.of()
          : TraceValues.changes(changedKeys, before, copies, args);
      CORE.set(trace, slot, new TraceEntry(handler.event.tier().name(), handler.event.name(), handler.name, path, duration,
          changedKeys, outcome, depth, start, changes));
    }
  }

  /** A handler run past the trace's limit: run as without a trace, with the same blame for read-only writes. */
  private static void runUnrecorded(RegisteredHandler handler, EventArgs args) {
    try {
      handler.handler.handle(args);
    } catch (ArgsContractException e) {
      throw CORE.blame(e, handler.name);
    } catch (Veto e) {
      throw CORE.explained(e, handler.event);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw undeclared(checked, handler);
    }
  }

  /**
   * A checked exception a handler threw without declaring it (a Kotlin handler, a sneaky throw): wrapped, so that
   * it reaches what catches runtime failures — the unit of work's rollback, {@code preStop}, {@code onError} — as
   * a method handler's does, instead of passing them all by.
   */
  private static ScribeException undeclared(Throwable checked, RegisteredHandler handler) {
    return new ScribeException("handler " + handler.name + " of " + handler.event + " threw " + checked
        + ", a checked exception, which EventHandler.handle does not declare; it is the cause of this ScribeException",
        checked);
  }

  private static String outcome(Throwable e) {
    if (e instanceof Veto) {
      return "veto " + ((Veto) e).status() + ": " + e.getMessage();
    }
    return "exception " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Map<String, Object> snapshot(EventArgs args) {
    return new LinkedHashMap<>(args);
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
