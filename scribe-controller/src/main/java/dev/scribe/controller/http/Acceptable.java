package dev.scribe.controller.http;

import dev.scribe.controller.http.bulk.ExportFormat;
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
