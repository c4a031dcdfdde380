package dev.scribe.outbox;

import dev.scribe.core.UsageException;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Wraps a servlet so that each request runs in a {@link ChangeContext}: the user is the request's
 * principal, else its {@code X-User} header; the trace id is its {@code X-Request-Id} header, else its
 * {@code traceparent} header.
 *
 * <pre>{@code
 * ScribeServer.builder().servlet("/*", ChangeContextServlet.wrap(app.servlet())).start();
 * }</pre>
 */
public final class ChangeContextServlet extends HttpServlet {
  private final HttpServlet delegate;

  private ChangeContextServlet(HttpServlet delegate) {
    this.delegate = delegate;
  }

  /**
   * {@code servlet}, each of its requests in a change context.
   *
   * @throws UsageException when {@code servlet} is null
   */
  public static HttpServlet wrap(HttpServlet servlet) {
    if (servlet == null) {
      throw new UsageException("ChangeContextServlet.wrap(null): pass the servlet whose requests run"
          + " in a change context, e.g. wrap(app.servlet())");
    }
    return new ChangeContextServlet(servlet);
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    delegate.init(config);
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    Principal principal = request.getUserPrincipal();
    String user = principal != null ? principal.getName() : request.getHeader("X-User");
    String traceId = request.getHeader("X-Request-Id");
    if (traceId == null) {
      traceId = request.getHeader("traceparent");
    }
    try (ChangeContext ignored = ChangeContext.open(user, traceId)) {
      delegate.service(request, response);
    }
  }
}
