package dev.scribe.controller.internal.files;

import dev.scribe.controller.http.problem.HttpVeto;
import java.util.Map;

/**
 * The one byte range of a {@code Range: bytes=...} header (RFC 9110 §14): {@code first-last}, {@code first-}
 * or {@code -suffixLength}, {@code last} cut at the end of the file, empty list elements around it passed over. A
 * header that is not one valid byte range (another unit, several ranges, bad syntax) is ignored, as the RFC allows: the whole file is sent. A valid
 * range that starts past the end is a 416 with {@code Content-Range: bytes *}{@code /size}.
 */
public record ByteRange(long first, long last, long size) {
  /** The range asked for, or null to send the whole file. */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = null;
    // a list may hold empty elements (RFC 9110, 5.6.1): "bytes=2-5," is the one range 2-5, not several
    for (String element : value.substring(6).split(",", -1)) {
      if (element.isBlank()) {
        continue;
      }
      if (spec != null) {
        return null;
      }
      spec = element.strip();
    }
    if (spec == null) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String from = spec.substring(0, dash).strip();
    String to = spec.substring(dash + 1).strip();
    if (!digits(from) && !(from.isEmpty() && digits(to))) {
      return null;
    }
    if (!to.isEmpty() && !digits(to)) {
      return null;
    }
    // a number too large for a long is past the end of any file: a last byte or a suffix that large means "to the
    // end" (the whole file), a first byte that large is outside it
    long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
    if (from.isEmpty()) {
      if (last == 0 || size == 0) {
        throw unsatisfiable(header, size);
      }
      return new ByteRange(Math.max(0, size - last), size - 1, size);
    }
    long first = number(from);
    if (last < first) {
      return null;
    }
    if (first >= size) {
      throw unsatisfiable(header, size);
    }
    return new ByteRange(first, Math.min(last, size - 1), size);
  }

  /** The digits as a number, {@link Long#MAX_VALUE} when they are more than a long holds. */
  private static long number(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} of a 206. */
  String contentRange() {
    return "bytes " + first + "-" + last + "/" + size;
  }

  private static boolean digits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static HttpVeto unsatisfiable(String header, long size) {
    String fix = size == 0 ? "the file is empty, so no range of it can be sent: ask for it without Range"
        : "ask for bytes=0-" + (size - 1) + " or less";
    return new HttpVeto(416, "the range '" + header.strip() + "' is outside the file, which has " + size + " bytes; "
        + fix, Map.of("Content-Range", "bytes */" + size));
  }
}
