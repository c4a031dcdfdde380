package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A header that may appear once, sent more than once: the container hands on the first line, and which of the
 * client's values the server acted on would be a guess. Such a request is a 400 naming every value.
 */
final class RepeatedHeader {
  private RepeatedHeader() {}

  /**
   * The 400 for a request with more than one {@code name} header, {@code why} (or nothing) saying why one is enough;
   * or null.
   */
  static ActionResponse refusal(HttpServletRequest req, String name, String why) {
    List<String> values = Collections.list(req.getHeaders(name));
    if (values.size() < 2) {
      return null;
    }
    return ResponseWriter.problem(new Veto(400, "the request has " + values.size() + " " + name + " headers ("
        + values.stream().map(value -> "'" + shortened(value.strip()) + "'").collect(Collectors.joining(", ")) + "); "
        + (why.isEmpty() ? "" : why + ": ") + "send one " + name + " header"));
  }

  private static String shortened(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }
}
