package dev.scribe.controller.http.problem;

import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;

/** A veto raised by the HTTP binding itself that also sets response headers ({@code Allow} on a 405). */
public final class HttpVeto extends Veto {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> headers;

  public HttpVeto(int status, String message, Map<String, String> headers) {
    super(List.of(message), status, Map.of(), List.of());
    this.headers = Map.copyOf(headers);
  }

  public static HttpVeto methodNotAllowed(String message, List<String> allowed) {
    return new HttpVeto(405, message, Map.of("Allow", String.join(", ", allowed)));
  }

  public Map<String, String> headers() {
    return headers;
  }
}
