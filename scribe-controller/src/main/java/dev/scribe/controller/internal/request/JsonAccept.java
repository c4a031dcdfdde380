package dev.scribe.controller.internal.request;

import dev.scribe.controller.http.bulk.ExportFormat;
import java.util.Locale;

/**
 * Whether a request's {@code Accept} header admits the JSON an answer is written in: one that asks only for types
 * that cannot be produced ({@code Accept: application/xml}) is answered 406 by the actions, the {@code /auth} routes
 * and the console's JSON reads alike. No header, a wildcard, or a header that does not parse admits JSON.
 */
public final class JsonAccept {
  /** What a JSON route produces, as a 406 names it. */
  public static final String PRODUCED = "application/json (application/problem+json for errors)";

  private JsonAccept() {}

  /** True when {@code accept} (the header, or null) admits {@code application/json}. */
  public static boolean admits(String accept) {
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

  /** The detail of the 406 of {@code accept} on {@code urlPath}. */
  public static String refusal(String accept, String urlPath) {
    return "Accept: " + accept + " admits nothing " + urlPath + " can answer with; it answers " + PRODUCED
        + ", so send Accept: application/json or none";
  }
}
