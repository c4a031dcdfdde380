package dev.scribe.core.internal.trace;

import dev.scribe.core.Scribe;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.core.internal.dispatch.DispatchState;

/**
 * The scopes {@link Scribe#openTrace()} hands out: {@link #NONE} when tracing is off, the trace already open
 * on the thread (joined, so closing the inner scope keeps it open), or a new trace that closing removes.
 */
public final class TraceScopes {
  /** The scope of an application without tracing: no trace, nothing to close. */
  public static final TraceScope NONE = NoTrace.INSTANCE;

  private TraceScopes() {}

  /** A scope over the thread's dispatch {@code state}: joins its open trace, or opens one. */
  public static TraceScope open(DispatchState state) {
    if (state.trace() != null) {
      Trace joined = state.trace();
      return new TraceScope() {
        @Override
        public Trace trace() {
          return joined;
        }

        @Override
        public void close() {}
      };
    }
    Trace trace = new Trace();
    state.trace(trace);
    return new TraceScope() {
      @Override
      public Trace trace() {
        return trace;
      }

      @Override
      public void close() {
        if (state.trace() == trace) {
          state.trace(null);
        }
      }
    };
  }

  private enum NoTrace implements TraceScope {
    INSTANCE;

    @Override
    public Trace trace() {
      return null;
    }

    @Override
    public void close() {}
  }
}
