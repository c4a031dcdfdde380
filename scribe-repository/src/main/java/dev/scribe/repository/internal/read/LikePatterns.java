package dev.scribe.repository.internal.read;

/**
 * The like patterns of filters and row scopes, read alike on every database: {@code %} any text, {@code _} any
 * one character, and a backslash before either or before itself for that character. The escape character is
 * given to the database with every LIKE, not left to its default (H2 has none, PostgreSQL a backslash).
 */
public final class LikePatterns {
  /** The escape character of like patterns. */
  public static final char ESCAPE = '\\';

  private LikePatterns() {}

  /** Where a backslash of {@code pattern} escapes nothing ("at the end", "before 'x'"), or null when none does. */
  public static String misplacedEscape(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == ESCAPE) {
        if (i + 1 == pattern.length()) {
          return "at the end";
        }
        char next = pattern.charAt(i + 1);
        if (next != '%' && next != '_' && next != ESCAPE) {
          return "before '" + next + "'";
        }
        i++;
      }
    }
    return null;
  }

  /** {@code text} as a pattern that matches only itself: each {@code %}, {@code _} and backslash escaped. */
  public static String literal(String text) {
    StringBuilder pattern = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '_' || c == ESCAPE) {
        pattern.append(ESCAPE);
      }
      pattern.append(c);
    }
    return pattern.toString();
  }
}
