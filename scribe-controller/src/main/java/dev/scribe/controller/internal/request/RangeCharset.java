package dev.scribe.controller.internal.request;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code charset} parameter of one media range of {@code Accept} ({@code text/csv;charset=latin1}). Every text
 * this server writes is UTF-8 (JSON is UTF-8 by RFC 8259, CSV by its {@code Content-Type}), and a range with a
 * parameter matches only a type with that parameter (RFC 9110, 12.5.1): a range naming another charset matches none
 * of its answers, and is passed over as if it were not listed. {@code Accept-Charset} is not read: RFC 9110 (12.5.2)
 * lets a server disregard it, and it gets UTF-8 labelled so.
 */
public final class RangeCharset {
  /** What a 406 says about charsets. */
  public static final String SERVED = "every text this server writes is UTF-8 (charset=utf-8)";

  private RangeCharset() {
  }

  /**
   * True when a range, split at its semicolons (the type, then its parameters), names no {@code charset} or names
   * UTF-8 by any of its names ({@code utf-8}, {@code UTF8}, quoted or not).
   */
  public static boolean utf8(String[] parts) {
    String named = named(parts);
    return named == null || UTF_8_NAMES.contains(named.toLowerCase(Locale.ROOT));
  }

  /**
   * The names of UTF-8, as the JVM knows them: compared as text, since a name the JVM does not know sends
   * {@code Charset.forName} through every charset provider, which a header of a thousand such ranges made a matter of
   * seconds.
   */
  private static final Set<String> UTF_8_NAMES = Set.of("utf-8", "utf8", "unicode-1-1-utf-8");

  /** The {@code charset} a range names (quotes taken off), or null. */
  public static String named(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("charset")) {
        String value = parameter.substring(equals + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  /**
   * The first charset other than UTF-8 a range of {@code accept} names, or null: what a 406 names when the ranges it
   * passed over may be why nothing matched.
   */
  public static String refused(String accept) {
    if (accept == null) {
      return null;
    }
    for (String range : accept.split(",", -1)) {
      String[] parts = range.split(";", -1);
      if (!utf8(parts)) {
        return named(parts);
      }
    }
    return null;
  }

  /** The sentence a 406 adds for a refused charset, or an empty text when {@code accept} names none. */
  public static String note(String accept) {
    String refused = refused(accept);
    return refused == null ? "" : "; charset=" + shortened(refused) + " matches nothing: " + SERVED
        + ", so ask for charset=utf-8 or leave the parameter out";
  }

  private static String shortened(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
