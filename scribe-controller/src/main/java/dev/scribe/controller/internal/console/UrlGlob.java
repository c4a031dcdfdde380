package dev.scribe.controller.internal.console;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import java.util.Arrays;

/**
 * A glob over URL paths for the trace blacklist, the console's ignore list and its path filter: {@code *}
 * matches within one segment, {@code **} across segments. {@code /health} matches only itself;
 * {@code /_scribe/**} everything below it and {@code /_scribe} itself.
 *
 * <p>Matching walks the path once, keeping the set of glob positions reached so far, so it takes at most
 * path length × glob length steps however many wildcards the glob has (a backtracking regex over
 * {@code /**a**a**a…b} takes exponential time, and the console's filter comes from a query parameter).
 */
public final class UrlGlob {
  private static final char LITERAL = 0;
  private static final char ONE = 1;
  private static final char ANY = 2;

  private final String pattern;
  /** The glob's tokens: a literal character, or ONE / ANY for {@code *} / {@code **} (kinds[i] says which). */
  private final char[] chars;
  private final char[] kinds;
  /** For {@code /x/**}: the glob without its {@code /**}, which also matches. */
  private final UrlGlob base;

  private UrlGlob(String pattern, char[] chars, char[] kinds, UrlGlob base) {
    this.pattern = pattern;
    this.chars = chars;
    this.kinds = kinds;
    this.base = base;
  }

  public static UrlGlob of(String pattern) {
    if (pattern == null) {
      throw new UsageException("a URL glob is null; pass a path that starts with '/', like /health or /_scribe/**");
    }
    if (!pattern.startsWith("/")) {
      throw new ConfigurationException("URL glob '" + pattern + "' must start with '/', like /health or /_scribe/**");
    }
    UrlGlob base = pattern.length() > 3 && pattern.endsWith("/**") ? compile(pattern.substring(0, pattern.length() - 3), null)
        : null;
    return compile(pattern, base);
  }

  private static UrlGlob compile(String pattern, UrlGlob base) {
    StringBuilder chars = new StringBuilder();
    StringBuilder kinds = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      char kind = LITERAL;
      if (c == '*') {
        kind = ONE;
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          kind = ANY;
          i++;
        }
      }
      int last = kinds.length() - 1;
      if (kind != LITERAL && last >= 0 && kinds.charAt(last) != LITERAL) {
        // adjacent wildcards match what the wider of them matches
        kinds.setCharAt(last, (char) Math.max(kinds.charAt(last), kind));
        continue;
      }
      chars.append(c);
      kinds.append(kind);
    }
    return new UrlGlob(pattern, chars.toString().toCharArray(), kinds.toString().toCharArray(), base);
  }

  public boolean matches(String path) {
    return reaches(path) || (base != null && base.reaches(path));
  }

  private boolean reaches(String path) {
    int n = kinds.length;
    boolean[] current = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    current[0] = true;
    close(current);
    for (int p = 0; p < path.length(); p++) {
      char c = path.charAt(p);
      boolean any = false;
      Arrays.fill(next, false);
      for (int i = 0; i < n; i++) {
        if (!current[i]) {
          continue;
        }
        if (kinds[i] == ANY || (kinds[i] == ONE && c != '/')) {
          next[i] = true;
          any = true;
        } else if (kinds[i] == LITERAL && chars[i] == c) {
          next[i + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      close(next);
      boolean[] swap = current;
      current = next;
      next = swap;
    }
    return current[n];
  }

  /** A wildcard may match nothing: reaching it also reaches the token after it. */
  private void close(boolean[] reached) {
    for (int i = 0; i < kinds.length; i++) {
      if (reached[i] && kinds[i] != LITERAL) {
        reached[i + 1] = true;
      }
    }
  }

  @Override
  public String toString() {
    return pattern;
  }
}
