package dev.scribe.core;

/**
 * Per-thread dispatch state of one {@link Dispatcher}: how deep events are nested and the open trace.
 * The args being dispatched remember it, so that the events of one operation find it without a
 * thread-local lookup; {@link #thread} and {@link #dispatcher} tell whether a remembered state still fits.
 */
final class DispatchState {
  final Dispatcher dispatcher;
  final Thread thread;
  int depth;
  Trace trace;

  DispatchState(Dispatcher dispatcher, Thread thread) {
    this.dispatcher = dispatcher;
    this.thread = thread;
  }
}
