package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A body has one media type: {@code Content-Type} may appear once (RFC 9110, 5.3 and 8.3). Sent twice, the container
 * hands on the first, and which of the client's two types the server believed would be a guess — a JSON store from
 * a body the client also called {@code text/plain}, a file stored under the wrong type. Such a request is a 400
 * on every route, before its body is read.
 */
final class SingleContentType {
  private SingleContentType() {}

  /** The 400 for a request with a body and more than one {@code Content-Type} header, or null. */
  static ActionResponse refusal(HttpServletRequest req) {
    if (req.getContentLengthLong() <= 0 && req.getHeader("Transfer-Encoding") == null) {
      return null;
    }
    return RepeatedHeader.refusal(req, "Content-Type", "a body has one media type");
  }
}
