package dev.scribe.demo.tasks;

import java.text.Normalizer;

/**
 * How the demo reads a task's title: trimmed of every kind of space, and compared by the key of the open-title rule,
 * in which titles that read the same are one title.
 */
public final class Titles {
  /** The length of the key's column, the title's own: a key never needs more. */
  static final int KEY_LENGTH = 200;

  private Titles() {}

  /**
   * {@code title} without the spaces around it, no-break and other wide spaces included ({@code String.strip} passes
   * over U+00A0, U+2007 and U+202F, so {@code "Pack\u00a0"} was stored with a space no list shows), and without the
   * invisible format characters around it (a zero-width space, a byte order mark, a direction mark): a title of them
   * alone, which reads as blank, is then blank, and {@code "\ufeffPack"} is {@code "Pack"}.
   *
   * <pre>{@code Titles.trimmed("\u00a0Pack for the trip \u200b")   // "Pack for the trip"}</pre>
   */
  public static String trimmed(String title) {
    int start = 0;
    int end = title.length();
    while (start < end && unseen(title.codePointAt(start))) {
      start += Character.charCount(title.codePointAt(start));
    }
    while (end > start && unseen(title.codePointBefore(end))) {
      end -= Character.charCount(title.codePointBefore(end));
    }
    return title.substring(start, end);
  }

  /** A space of any kind, or a character that is never drawn (Unicode's format characters, Cf). */
  private static boolean unseen(int c) {
    return blank(c) || Character.getType(c) == Character.FORMAT;
  }

  /**
   * The form in which two titles are the same: composed (Unicode NFC, so that {@code e\u0301} is {@code \u00e9}),
   * without invisible format characters (a zero-width space), every space one plain space, trimmed, and lower case
   * letter by letter. Letter by letter keeps the length: {@code String.toLowerCase} turns a Turkish {@code \u0130}
   * into two characters, and a title of a hundred of them made a key longer than its column. A key composition
   * lengthens past the column (a few presentation forms decompose) is cut there.
   */
  static String key(String title) {
    if (title == null) {
      return null;
    }
    String composed = Normalizer.normalize(title, Normalizer.Form.NFC);
    StringBuilder key = new StringBuilder(composed.length());
    composed.codePoints().forEach(c -> {
      if (Character.getType(c) == Character.FORMAT) {
        return;
      }
      key.appendCodePoint(blank(c) ? ' ' : Character.toLowerCase(c));
    });
    String text = trimmed(key.toString());
    if (text.length() <= KEY_LENGTH) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(KEY_LENGTH - 1)) ? KEY_LENGTH - 1 : KEY_LENGTH;
    return text.substring(0, end);
  }

  private static boolean blank(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
