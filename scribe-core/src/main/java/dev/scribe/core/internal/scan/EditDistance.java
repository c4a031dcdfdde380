package dev.scribe.core.internal.scan;

/** Levenshtein distance, for "did you mean" suggestions. */
public final class EditDistance {
  private EditDistance() {}

  /**
   * The first of {@code candidates} nearest to {@code name} by edit distance, ignoring case, or null when none
   * is near enough to be a typo (at most 2 edits, or a third of the name's length).
   */
  public static String closest(String name, Iterable<String> candidates) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = between(name.toLowerCase(), candidate.toLowerCase());
      if (distance < best && distance <= Math.max(2, name.length() / 3)) {
        best = distance;
        closest = candidate;
      }
    }
    return closest;
  }

  public static int between(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
