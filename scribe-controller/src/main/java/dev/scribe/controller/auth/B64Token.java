package dev.scribe.controller.auth;

/**
 * The syntax of a bearer token (RFC 6750, 2.1): {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
 * "/" ) *"="}.
 */
final class B64Token {
  private B64Token() {}

  /**
   * What makes {@code token} no b64token, said without the token itself ({@code a space}, {@code ','},
   * {@code U+00E9, which is not ASCII}, {@code 'd' after '='}), or null when it is one.
   */
  static String wrongCharacter(String token) {
    boolean padding = false;
    for (int i = 0; i < token.length(); ) {
      int c = token.codePointAt(i);
      i += Character.charCount(c);
      if (c == '=') {
        padding = true;
      } else if (!tokenCharacter(c)) {
        return describe(c);
      } else if (padding) {
        return describe(c) + " after '='";
      }
    }
    return null;
  }

  private static boolean tokenCharacter(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }

  private static String describe(int c) {
    if (c == ' ') {
      return "a space";
    }
    if (c > 0x20 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format("U+%04X, which is %s", c, c < 0x80 ? "a control character" : "not ASCII");
  }
}
