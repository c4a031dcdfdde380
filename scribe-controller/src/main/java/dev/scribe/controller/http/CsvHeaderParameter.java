package dev.scribe.controller.http;

import dev.scribe.controller.http.bulk.ExportFormat;
import dev.scribe.controller.internal.request.RangeCharset;
import dev.scribe.entity.internal.ValueConverter;
import java.util.Locale;

/**
 * RFC 4180's {@code header} parameter on the CSV range of an {@code Accept} header ({@code text/csv; header=absent}):
 * whether an export asked for by {@code Accept} starts with a header row. The URL-suffix form ({@code /tasks.csv})
 * does not read it.
 */
final class CsvHeaderParameter {
  private CsvHeaderParameter() {
  }

  /**
   * The {@code header} value (lower case) of the CSV range {@link ExportFormat#byAccept} chose from {@code accept} —
   * the CSV range of the highest {@code q}, the first of equal ones, among those whose value an export has — or null
   * when it has none.
   */
  static String of(String accept) {
    String chosen = null;
    double best = 0;
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      double quality = ExportFormat.quality(parts);
      if (csv(range, parts) && ExportFormat.csvHeaderKnown(parts) && quality > best) {
        best = quality;
        chosen = ExportFormat.csvHeader(parts);
      }
    }
    return chosen;
  }

  /**
   * The first {@code header} value RFC 4180 does not define on an acceptable CSV range of {@code accept}, or null:
   * such a range is passed over, and when no other range has an answer, the 406 names the value.
   */
  static String unknown(String accept) {
    if (accept == null) {
      return null;
    }
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      if (csv(range, parts) && ExportFormat.quality(parts) > 0 && !ExportFormat.csvHeaderKnown(parts)) {
        return ExportFormat.csvHeader(parts);
      }
    }
    return null;
  }

  /** A CSV range ({@code text/csv}, its aliases or {@code text/*}) in UTF-8. */
  private static boolean csv(String range, String[] parts) {
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    return (type.equals("text/*") || ExportFormat.byMediaType(range) == ExportFormat.CSV) && RangeCharset.utf8(parts);
  }

  /** Whether a {@code header} value asks for the rows without a header row: {@code absent}. */
  static boolean absent(String value) {
    return "absent".equals(value);
  }

  /** The detail of the 406 of a {@code header} value RFC 4180 does not define. */
  static String refusal(String accept, String value) {
    return "Accept: " + ValueConverter.shorten(accept) + " asks for a CSV export whose header parameter is '"
        + ValueConverter.shorten(value) + "'; use header=present"
        + " (a header row naming the columns, as without the parameter) or header=absent (the rows only)";
  }
}
