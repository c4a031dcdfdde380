package dev.scribe.controller.internal.request;

import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.entity.internal.ValueConverter;
import java.util.Locale;

/**
 * Whether a request's {@code Accept} header admits the JSON an answer is written in: one that asks only for types
 * that cannot be produced ({@code Accept: application/xml}) is answered 406 by the actions, the {@code /auth} routes
 * and the console's JSON reads alike. No header, a wildcard, or a header that does not parse admits JSON
 * ({@link AcceptSyntax}).
 */
public final class JsonAccept {
  /** What a JSON route produces, as a 406 names it. */
  public static final String PRODUCED = "application/json (application/problem+json for errors)";

  private JsonAccept() {}

  /**
   * True when {@code accept} (the header, or null) admits {@code application/json}: the most specific range that
   * covers it ({@code application/json}, then {@code application/*}, then {@code *}{@code /*}) decides by its quality
   * (RFC 9110, 12.5.1), so {@code application/json;q=0, *}{@code /*} refuses JSON by name; or one that admits
   * {@code application/problem+json}, the type of the errors.
   */
  public static boolean admits(String accept) {
    if (!AcceptSyntax.restricts(accept)) {
      return true; // no range, or not media ranges: the header is not understood, so it restricts nothing
    }
    int specificity = -1;
    double json = 0;
    boolean problem = false;
    // a limit of -1 keeps empty parts: ";".split(";") is an empty array
    for (String range : accept.split(",", -1)) {
      if (range.isBlank()) {
        continue; // an empty element of the list (RFC 9110, 5.6.1)
      }
      String[] parts = range.split(";", -1);
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      if (!RangeCharset.utf8(parts)) {
        continue; // application/json;charset=utf-16 matches no answer: JSON is UTF-8 (RFC 8259)
      }
      double quality = ExportFormat.quality(parts);
      int rank = type.equals("application/json") ? 2 : type.equals("application/*") ? 1 : type.equals("*/*") ? 0 : -1;
      if (rank > specificity) {
        specificity = rank;
        json = quality;
      } else if (rank >= 0 && rank == specificity) {
        json = Math.max(json, quality);
      }
      problem |= type.equals("application/problem+json") && quality > 0;
    }
    return json > 0 || problem;
  }

  /** The detail of the 406 of {@code accept} on {@code urlPath}. */
  public static String refusal(String accept, String urlPath) {
    return "Accept: " + ValueConverter.shorten(accept) + " admits nothing " + urlPath + " can answer with; it answers "
        + PRODUCED
        + RangeCharset.note(accept) + ", so send Accept: application/json or none";
  }
}
