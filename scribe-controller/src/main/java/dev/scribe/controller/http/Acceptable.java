package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.internal.request.JsonAccept;
import dev.scribe.controller.internal.request.VaryHeader;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Whether a request's {@code Accept} header admits the JSON the actions answer with: an action asked for
 * only types it cannot produce ({@code Accept: application/xml}) is answered 406, naming what it produces,
 * rather than with a body the client said it cannot read. No header, a wildcard, or a header that does not
 * parse admits JSON ({@link JsonAccept}, which the console's JSON reads ask too).
 */
final class Acceptable {
  /** What the actions produce, as a 406 names it. */
  static final String PRODUCED = JsonAccept.PRODUCED;

  private Acceptable() {}

  /**
   * The 406 of a request to {@code urlPath} whose {@code Accept} admits no JSON, or null when it admits it: the same
   * answer for the five actions, the custom actions and the file actions that answer JSON. Whatever it answers, the
   * route's answer now depends on {@code Accept}: {@code resp} gets {@code Vary: Accept}, so that a shared cache does
   * not give the 406 (or the JSON) kept for one client to a client whose {@code Accept} differs.
   */
  static ActionResponse refusal(HttpServletRequest req, HttpServletResponse resp, String urlPath) {
    VaryHeader.add(resp, "Accept");
    String accept = req.getHeader("Accept");
    if (json(accept)) {
      return null;
    }
    return ResponseWriter.problem(new Veto(406, JsonAccept.refusal(accept, urlPath)));
  }

  /** True when {@code accept} (the header, or null) admits {@code application/json}. */
  static boolean json(String accept) {
    return JsonAccept.admits(accept);
  }
}
