package dev.scribe.demo.tasks;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Derives URL slugs from titles: lower case, accents taken off letters ({@code é} → {@code e}), runs of
 * anything but letters and digits become one dash, no dash at either end, at most {@value #MAX_LENGTH}
 * characters (the column's length: taking accents apart can lengthen a title). Letters of any script stay.
 */
final class Slugs {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_LETTERS_OR_DIGITS = Pattern.compile("[^\\p{L}\\p{N}]+");

  static final int MAX_LENGTH = 200;

  private Slugs() {}

  static String of(String title) {
    if (title == null) {
      return null;
    }
    String unaccented = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("");
    String slug = NOT_LETTERS_OR_DIGITS.matcher(unaccented.toLowerCase(Locale.ROOT)).replaceAll("-");
    int start = 0;
    int end = slug.length();
    while (start < end && slug.charAt(start) == '-') {
      start++;
    }
    if (end - start > MAX_LENGTH) {
      end = start + MAX_LENGTH;
      if (Character.isHighSurrogate(slug.charAt(end - 1))) {
        end--;
      }
    }
    while (end > start && slug.charAt(end - 1) == '-') {
      end--;
    }
    return slug.substring(start, end);
  }
}
