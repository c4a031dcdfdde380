package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

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
    List<String> types = Collections.list(req.getHeaders("Content-Type"));
    if (types.size() < 2) {
      return null;
    }
    return ResponseWriter.problem(new Veto(400, "the request has " + types.size() + " Content-Type headers ("
        + types.stream().map(type -> "'" + shortened(type.strip()) + "'").collect(Collectors.joining(", "))
        + "); a body has one media type: send one Content-Type header"));
  }

  private static String shortened(String type) {
    return type.length() > 80 ? type.substring(0, 80) + "..." : type;
  }
}
