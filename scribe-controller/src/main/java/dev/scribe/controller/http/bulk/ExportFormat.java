package dev.scribe.controller.http.bulk;

import dev.scribe.controller.internal.request.AcceptSyntax;
import dev.scribe.controller.internal.request.RangeCharset;
import java.util.Locale;

/** The formats an index is exported in, by URL suffix ({@code /tasks.csv}) or by {@code Accept}. */
public enum ExportFormat {
  CSV("csv", "text/csv; charset=utf-8"),
  NDJSON("ndjson", "application/x-ndjson"),
  JSON("json", "application/json"),
  XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final String suffix;
  private final String mediaType;

  ExportFormat(String suffix, String mediaType) {
    this.suffix = suffix;
    this.mediaType = mediaType;
  }

  /** The URL suffix: {@code csv}. */
  public String suffix() {
    return suffix;
  }

  /** The {@code Content-Type}. */
  public String mediaType() {
    return mediaType;
  }

  /** The format of a URL suffix, or null. */
  public static ExportFormat bySuffix(String suffix) {
    for (ExportFormat format : values()) {
      if (format.suffix.equals(suffix.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    return null;
  }

  /**
   * The export format an {@code Accept} header asks for, or null when it asks for the ordinary JSON index
   * (JSON itself is exported only by the {@code .json} suffix, so that {@code Accept: application/json}
   * keeps answering pages).
   */
  public static ExportFormat byAccept(String accept) {
    if (!AcceptSyntax.restricts(accept)) {
      return null; // a header that does not parse asks for nothing: the page, as without one
    }
    ExportFormat best = null;
    double bestQuality = 0;
    int bestIndex = -1;
    double jsonQuality = 0;
    int jsonIndex = -1;
    String[] ranges = accept.split(",", -1);
    for (int i = 0; i < ranges.length; i++) {
      String[] parts = ranges[i].split(";", -1); // -1: ";" is one empty type, not an empty array
      double quality = quality(parts);
      if (quality <= 0 || !RangeCharset.utf8(parts)) {
        continue; // q=0: not acceptable; text/csv;charset=latin1: no export is in that charset
      }
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      // text/* admits one format of the four: CSV, the only one of type text
      ExportFormat format = type.equals("text/*") ? CSV : byMediaType(ranges[i]);
      if (format == CSV && !csvHeaderKnown(parts)) {
        continue; // text/csv; header=yes: no CSV has such a header row, so the next range chooses, as for a charset
      }
      if (format != null && format != JSON) {
        if (quality > bestQuality) {
          best = format;
          bestQuality = quality;
          bestIndex = i;
        }
      } else if ((type.equals("application/json") || type.equals("application/*") || type.equals("*/*"))
          && quality > jsonQuality) {
        jsonQuality = quality;
        jsonIndex = i;
      }
    }
    // The page of JSON wins a tie it is listed first in: Accept: application/json, text/csv asks for JSON
    if (best == null || (jsonIndex >= 0 && (jsonQuality > bestQuality || (jsonQuality == bestQuality && jsonIndex < bestIndex)))) {
      return null;
    }
    return best;
  }

  /**
   * The value (lower case) of RFC 4180's {@code header} parameter of a media range given split at its semicolons, or
   * null when it has none.
   */
  public static String csvHeader(String[] parts) {
    String value = null;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("header=")) {
        value = parameter.substring("header=".length()).strip();
      }
    }
    return value;
  }

  /**
   * Whether a CSV range's {@code header} parameter is one an export has: none, {@code present} or {@code absent}
   * (RFC 4180). A range with another value matches no export.
   */
  public static boolean csvHeaderKnown(String[] parts) {
    String value = csvHeader(parts);
    return value == null || value.equals("absent") || value.equals("present");
  }

  /**
   * The {@code q} of a media range of an {@code Accept} header, given split at its semicolons (the type, then
   * its parameters): from 0 to 1, a number outside that range counting as its nearest bound; 1 when absent or
   * unreadable.
   */
  public static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        String value = parameter.substring(2).strip();
        if (!DECIMAL.matcher(value).matches()) {
          return 1; // not a number as a header writes one (Java's parser would take 1e0 and 0x1p0)
        }
        // RFC 9110 (12.4.2) weighs from 0 to 1: q=2 outranked a q=1 listed before it
        return Math.max(0, Math.min(1, Double.parseDouble(value)));
      }
    }
    return 1;
  }

  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)");

  /**
   * The format of one media type, its parameters ignored ({@code text/csv; charset=utf-8} is CSV;
   * {@code application/ndjson} is NDJSON too), or null.
   */
  public static ExportFormat byMediaType(String mediaType) {
    String type = mediaType.split(";", -1)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/ndjson")) {
      return NDJSON;
    }
    for (ExportFormat format : values()) {
      if (format.mediaType.startsWith(type) && (format.mediaType.length() == type.length()
          || format.mediaType.charAt(type.length()) == ';')) {
        return format;
      }
    }
    return null;
  }
}
