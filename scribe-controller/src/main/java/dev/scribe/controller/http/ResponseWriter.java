package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.ControllerAccess;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link ActionResponse} to the servlet response as JSON (no body for {@code HEAD}), and turns the
 * failures the servlet itself meets into problem responses: a veto into its status and body, a database
 * that cannot be reached into a 503, anything else into a 500 that names only the request id.
 */
final class ResponseWriter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");

  private final JsonCodec json;

  ResponseWriter(JsonCodec json) {
    this.json = json;
  }

  /** The problem response of a veto, with the headers of an {@link HttpVeto}. */
  static ActionResponse problem(Veto veto) {
    ActionResponse response = ActionResponse.problem(veto.status(), Problems.body(veto));
    return veto instanceof HttpVeto ? response.withHeaders(((HttpVeto) veto).headers()) : response;
  }

  /** The 503 of a failure that says the database is out of reach, or null for any other failure. */
  static ActionResponse unavailable(Throwable failure) {
    Problems.Failure unavailable = Problems.unavailable(failure);
    return unavailable == null ? null
        : ActionResponse.problem(unavailable.status(), unavailable.body()).withHeaders(unavailable.headers());
  }

  /**
   * {@code response} as the answer to {@code req}: for a {@code GET} or {@code HEAD}, a 503 that says a broken
   * commit's outcome is unknown becomes a plain 503 with {@code Retry-After}, since a read stored nothing a client
   * could duplicate by sending it again (whichever part of the server classified the failure); any other answer
   * as it is. An action's failure is classified as a read's already (its {@code onError} handlers see the plain
   * 503); this covers the answers classified without the request's method, and one whose handlers put the
   * outcome back.
   */
  static ActionResponse asAnswerTo(HttpServletRequest req, ActionResponse response) {
    if (!read(req)) {
      return response;
    }
    Object body = Problems.asRead(response.status(), response.body(), response.header("Retry-After"));
    return body == response.body() ? response
        : ActionResponse.problem(response.status(), body).withHeaders(response.headers());
  }

  private static boolean read(HttpServletRequest req) {
    return req.getMethod().equals("GET") || req.getMethod().equals("HEAD");
  }

  /** The answer to a failure no action answered: a 503 (logged as a warning) or a 500 (logged with its trace). */
  static ActionResponse failure(HttpServletRequest req, String urlPath, String requestId, Throwable failure) {
    Problems.Failure failed = Problems.unavailable(failure, read(req));
    ActionResponse unavailable = failed == null ? null
        : ActionResponse.problem(failed.status(), failed.body()).withHeaders(failed.headers());
    if (unavailable != null) {
      LOG.warn("request {} ({} {}) answered 503: {} (cause: {})", requestId, req.getMethod(), urlPath, failure.getMessage(),
          Problems.rootCause(failure));
      return unavailable;
    }
    LOG.error("request {} ({} {}) failed", requestId, req.getMethod(), urlPath, failure);
    return ActionResponse.problem(500, Problems.internal(requestId));
  }

  void write(HttpServletRequest req, HttpServletResponse resp, ActionResponse response, String requestId)
      throws IOException {
    if (resp.isCommitted()) {
      return; // streamed by the route itself (an export)
    }
    ActionResponse sent = response;
    byte[] bytes = null;
    if (response.body() != null) {
      try {
        byte[] encoded = ControllerAccess.root().encoded(response);
        bytes = encoded != null ? encoded : json.write(response.body());
      } catch (RuntimeException e) {
        LOG.error("request {}: the response body of {} cannot be written as JSON", requestId, req.getRequestURI(), e);
        sent = ActionResponse.problem(500, Problems.internal(requestId));
        bytes = json.write(sent.body());
      }
    }
    resp.setStatus(sent.status());
    for (Map.Entry<String, String> header : sent.headers().entrySet()) {
      resp.setHeader(header.getKey(), header.getValue());
    }
    if (sent.status() == 401 && !resp.containsHeader("WWW-Authenticate")) {
      // a 401 must say how to authenticate (RFC 9110, 15.5.2), also when a handler threw a plain Veto(401)
      // or an onError handler set the status, rather than Access.unauthenticated
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"scribe\"");
    }
    if (bytes == null) {
      if (sent.status() == 304) {
        // Committed as it is: left to complete, the container adds Content-Length: 0, which on a 304 says the
        // cached record is empty (RFC 9110 8.6: only the 200's own length may be sent), as a download's 304 is sent
        resp.flushBuffer();
      }
      return;
    }
    if (!sent.headers().containsKey("X-Content-Type-Options")) {
      // a JSON answer may echo what clients sent: a browser must not take it for HTML or a script
      resp.setHeader("X-Content-Type-Options", "nosniff");
    }
    resp.setContentLength(bytes.length);
    if (!req.getMethod().equals("HEAD")) {
      try (OutputStream out = resp.getOutputStream()) {
        out.write(bytes);
      }
    }
  }
}
