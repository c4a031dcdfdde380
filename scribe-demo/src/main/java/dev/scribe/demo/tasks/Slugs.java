package dev.scribe.demo.tasks;

import java.util.Locale;

/** Derives URL slugs from titles: lower case, runs of non-alphanumerics become one dash, no dash at either end. */
final class Slugs {
  private Slugs() {}

  static String of(String title) {
    if (title == null) {
      return null;
    }
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    int start = 0;
    int end = slug.length();
    while (start < end && slug.charAt(start) == '-') {
      start++;
    }
    while (end > start && slug.charAt(end - 1) == '-') {
      end--;
    }
    return slug.substring(start, end);
  }
}
