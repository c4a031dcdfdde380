package dev.scribe.controller.internal.request;

import java.util.regex.Pattern;

/**
 * Whether an {@code Accept} header parses as a list of media ranges (RFC 9110, 12.5.1): each element a
 * {@code type/subtype} of token characters, then its parameters. A header in which an element does not
 * ({@code ;;;}, {@code text/}, {@code text csv}) is not understood and restricts nothing, so the answer is the one
 * without the header; an empty element ({@code application/xml,}) is passed over, as RFC 9110 (5.6.1) asks of a list.
 */
public final class AcceptSyntax {
  /** A type and subtype of token characters (RFC 9110, 5.6.2); {@code *} is one. */
  private static final Pattern RANGE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private AcceptSyntax() {
  }

  /**
   * True when {@code accept} names at least one media range and every element that is not empty parses as one;
   * false for no header, a header of empty elements only, and a header that does not parse: each of them restricts
   * nothing.
   */
  public static boolean restricts(String accept) {
    if (accept == null) {
      return false;
    }
    boolean any = false;
    for (String range : accept.split(",", -1)) {
      if (range.isBlank()) {
        continue;
      }
      int semicolon = range.indexOf(';');
      String type = (semicolon < 0 ? range : range.substring(0, semicolon)).strip();
      if (!RANGE.matcher(type).matches()) {
        return false;
      }
      any = true;
    }
    return any;
  }
}
