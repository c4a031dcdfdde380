package dev.scribe.core;

/**
 * The span of a unit of work during which handler runs are traced. Opened by
 * {@link Scribe#openTrace()}; a scope opened while another is open on the same thread joins it and
 * closing it leaves the outer one open.
 *
 * <pre>{@code
 * try (TraceScope scope = scribe.openTrace()) {
 *   repository.create(params);
 *   log.info("{}", scope.trace());
 * }
 * }</pre>
 */
public interface TraceScope extends AutoCloseable {

  /** The trace being recorded, or null when tracing is disabled. */
  Trace trace();

  /** Stops recording on this thread, unless this scope joined an outer one. */
  @Override
  void close();
}
