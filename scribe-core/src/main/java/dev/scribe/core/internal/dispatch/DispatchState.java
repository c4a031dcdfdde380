package dev.scribe.core.internal.dispatch;

import dev.scribe.core.Trace;

/**
 * Per-thread dispatch state of one {@link Dispatcher}: how deep events are nested and the open trace.
 * The args being dispatched remember it, so that the events of one operation find it without a
 * thread-local lookup; {@link #thread} and {@link #dispatcher} tell whether a remembered state still fits.
 */
public final class DispatchState {
  final Dispatcher dispatcher;
  final Thread thread;
  int depth;
  Trace trace;

  DispatchState(Dispatcher dispatcher, Thread thread) {
    this.dispatcher = dispatcher;
    this.thread = thread;
  }

  /** The trace open on this thread, or null. */
  public Trace trace() {
    return trace;
  }

  /** Opens {@code trace} on this thread, or closes the open one with null. */
  public void trace(Trace trace) {
    this.trace = trace;
  }
}
