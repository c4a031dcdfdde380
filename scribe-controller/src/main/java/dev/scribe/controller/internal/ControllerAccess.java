package dev.scribe.controller.internal;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.ConsoleOptions;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ExportColumn;
import dev.scribe.controller.RequestRecorder;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.core.Trace;
import dev.scribe.core.UsageException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Internal and unsupported: what the implementation packages may read of the documented types of
 * {@code dev.scribe.controller} that those types do not offer applications. The documented types keep it
 * package-private; their package installs the one {@link Root} when it is first asked for.
 */
public final class ControllerAccess {
  private static final String ROOT = "dev.scribe.controller.InternalAccess";
  private static volatile Root root;

  private ControllerAccess() {}

  /** The package-private members of {@code dev.scribe.controller} the implementation packages use. */
  public interface Root {
    String ownerName(Controller<?, ?> controller);

    /** What {@code controller} runs on: its runner, custom actions, attachments and field visibility. */
    ControllerRuntime<?, ?> runtime(Controller<?, ?> controller);

    RequestBody rawBody(ActionRequest request);

    /**
     * {@code request} built with the query and body as the HTTP binding read them; {@code read} when its method
     * is {@code GET} or {@code HEAD}.
     */
    ActionRequest request(ActionRequest.Builder request, Map<String, Object> query, RequestBody body, boolean read);

    /** Whether {@code request} came as a {@code GET} or {@code HEAD}: a broken commit's outcome is then no question. */
    boolean read(ActionRequest request);

    Object value(ExportColumn column, Map<String, Object> row, Object entity);

    Predicate<HttpServletRequest> access(ConsoleOptions options);

    String role(ConsoleOptions options);

    boolean records(ConsoleOptions options, String urlPath);

    RequestRecorder recorder(int capacity, int maxEntries);

    void record(RequestRecorder recorder, String id, long timeMillis, String method, String urlPath, String query,
        int status, long startNanos, long durationNanos, String path, String action, Trace trace);

    JsonCodec json(RestApplication app);

    /** {@code response} carrying its body as already written as JSON. */
    ActionResponse withEncoded(ActionResponse response, byte[] bytes);

    /** The body of {@code response} as its action wrote it as JSON, or null. */
    byte[] encoded(ActionResponse response);
  }

  /** What the implementation packages may read; loads {@code dev.scribe.controller}'s side on first use. */
  public static Root root() {
    Root current = root;
    if (current == null) {
      try {
        Class.forName(ROOT, true, ControllerAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(ROOT + " is missing", e);
      }
      current = root;
    }
    return current;
  }

  /**
   * Called once, by {@code dev.scribe.controller} when its side is loaded; another implementation, or a
   * second call, is refused, so that nothing takes the place of the controller tier's own.
   */
  public static synchronized void install(Root access) {
    if (access == null || !access.getClass().getName().equals(ROOT)) {
      throw new UsageException("ControllerAccess is installed by " + ROOT + " only; " + (access == null ? "null"
          : access.getClass().getName()) + " is refused");
    }
    if (root != null) {
      throw new UsageException("ControllerAccess is installed by dev.scribe.controller itself; it cannot be installed again");
    }
    root = access;
  }
}
