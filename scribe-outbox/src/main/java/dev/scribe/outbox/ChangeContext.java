package dev.scribe.outbox;

/**
 * Who is making the changes on this thread and under which trace or request id; the outbox writes both
 * into each event. Open it where the request enters (or wrap the REST servlet with
 * {@link ChangeContextServlet}) and close it when the request ends.
 *
 * <pre>{@code
 * try (ChangeContext context = ChangeContext.open("alice", requestId)) {
 *   tasks.create(Map.of("title", "write the docs"));
 * }
 * }</pre>
 */
public final class ChangeContext implements AutoCloseable {
  private static final ThreadLocal<ChangeContext> CURRENT = new ThreadLocal<>();

  private final String user;
  private final String traceId;
  private final ChangeContext outer;
  private boolean closed;

  private ChangeContext(String user, String traceId, ChangeContext outer) {
    this.user = user;
    this.traceId = traceId;
    this.outer = outer;
  }

  /** Makes {@code user} and {@code traceId} (either may be null) current on this thread until closed. */
  public static ChangeContext open(String user, String traceId) {
    ChangeContext context = new ChangeContext(user, traceId, CURRENT.get());
    CURRENT.set(context);
    return context;
  }

  /** The user of the innermost open context on this thread, or null. */
  public static String currentUser() {
    ChangeContext context = CURRENT.get();
    return context == null ? null : context.user;
  }

  /** The trace id of the innermost open context on this thread, or null. */
  public static String currentTraceId() {
    ChangeContext context = CURRENT.get();
    return context == null ? null : context.traceId;
  }

  /**
   * Restores the context that was current when this one opened (the nearest one still open). A second close does
   * nothing, and closing a context that is not the innermost one leaves the inner ones in place.
   */
  @Override
  public void close() {
    if (closed) {
      return;  // a second close used to restore this context's outer one over a context opened since
    }
    closed = true;
    if (CURRENT.get() != this) {
      return;  // closed out of order: the inner ones skip it when they close
    }
    ChangeContext restored = outer;
    while (restored != null && restored.closed) {
      restored = restored.outer;
    }
    if (restored == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(restored);
    }
  }
}
