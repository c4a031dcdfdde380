package dev.scribe.controller.internal.files;

import dev.scribe.controller.http.problem.HttpVeto;
import java.util.Map;

/**
 * The one byte range of a {@code Range: bytes=...} header (RFC 9110 §14): {@code first-last}, {@code first-}
 * or {@code -suffixLength}, {@code last} cut at the end of the file. A header that is not one valid byte range
 * (another unit, several ranges, bad syntax) is ignored, as the RFC allows: the whole file is sent. A valid
 * range that starts past the end is a 416 with {@code Content-Range: bytes *}{@code /size}.
 */
public record ByteRange(long first, long last, long size) {
  /** The range asked for, or null to send the whole file. */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
      return null;
    }
    String spec = value.substring(6).strip();
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
    try {
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix == 0 || size == 0) {
          throw unsatisfiable(header, size);
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1, size);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
      if (!to.isEmpty() && Long.parseLong(to) < first) {
        return null;
      }
      if (first >= size) {
        throw unsatisfiable(header, size);
      }
      return new ByteRange(first, last, size);
    } catch (NumberFormatException tooLong) {
      return null;
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
    return new HttpVeto(416, "the range '" + header.strip() + "' is outside the file, which has " + size
        + " bytes; ask for bytes=0-" + Math.max(0, size - 1) + " or less", Map.of("Content-Range", "bytes */" + size));
  }
}
