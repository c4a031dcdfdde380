package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * Whether a request's {@code Accept} header admits the JSON the actions answer with: an action asked for
 * only types it cannot produce ({@code Accept: application/xml}) is answered 406, naming what it produces,
 * rather than with a body the client said it cannot read. No header, a wildcard, or a header that does not
 * parse admits JSON.
 */
final class Acceptable {
  /** What the actions produce, as a 406 names it. */
  static final String PRODUCED = "application/json (application/problem+json for errors)";

  private Acceptable() {}

  /**
   * The 406 of a request to {@code urlPath} whose {@code Accept} admits no JSON, or null when it admits it: the same
   * answer for the five actions, the custom actions and the file actions that answer JSON.
   */
  static ActionResponse refusal(HttpServletRequest req, String urlPath) {
    String accept = req.getHeader("Accept");
    if (json(accept)) {
      return null;
    }
    return ResponseWriter.problem(new Veto(406, "Accept: " + accept + " admits nothing " + urlPath
        + " can answer with; it answers " + PRODUCED + ", so send Accept: application/json or none"));
  }

  /** True when {@code accept} (the header, or null) admits {@code application/json}. */
  static boolean json(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    // a limit of -1 keeps empty parts: ";".split(";") is an empty array, and "," would read as no range at all
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      if (type.isEmpty() || !type.contains("/")) {
        return true; // not a media range: the header is not understood, so it restricts nothing
      }
      if (ExportFormat.quality(parts) <= 0) {
        continue;
      }
      if (type.equals("*/*") || type.equals("application/*") || type.equals("application/json")
          || type.equals("application/problem+json")) {
        return true;
      }
    }
    return false;
  }
}
