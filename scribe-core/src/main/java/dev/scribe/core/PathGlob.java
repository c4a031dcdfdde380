package dev.scribe.core;

import java.util.regex.Pattern;

/**
 * A glob over dotted context paths: {@code *} matches exactly one segment, {@code **} any number of
 * segments (zero included). {@code admin.**} matches {@code admin.tasks.store}; {@code *.store} matches
 * {@code tasks.store} but not {@code admin.tasks.store}.
 *
 * <p>Immutable and thread-safe; {@link #matches} does not allocate.
 */
public final class PathGlob implements Comparable<PathGlob> {
  private static final Pattern SEGMENT = Pattern.compile("\\*\\*|\\*|[A-Za-z0-9_\\-]+");

  private static final byte LITERAL = 0;
  private static final byte ONE = 1;
  private static final byte ANY = 2;

  private final String pattern;
  private final String[] segments;
  private final byte[] kinds;
  private final int literals;
  private final int singles;
  private final int doubles;

  private PathGlob(String pattern, String[] segments) {
    this.pattern = pattern;
    this.segments = segments;
    this.kinds = new byte[segments.length];
    int l = 0;
    int s = 0;
    int d = 0;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals("**")) {
        kinds[i] = ANY;
        d++;
      } else if (segments[i].equals("*")) {
        kinds[i] = ONE;
        s++;
      } else {
        kinds[i] = LITERAL;
        l++;
      }
    }
    this.literals = l;
    this.singles = s;
    this.doubles = d;
  }

  /**
   * Compiles a glob; a {@link ConfigurationException} naming the bad segment when it is not made of
   * letters, digits, {@code _}, {@code -}, {@code *} and {@code **} separated by dots.
   */
  public static PathGlob of(String pattern) {
    if (pattern == null) {
      throw new UsageException("a path glob is null; pass a dotted glob such as \"admin.**\", \"*.store\" or \"**\" for every path");
    }
    String[] segments = pattern.split("\\.", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new ConfigurationException("path glob '" + pattern + "' has an invalid segment '" + segment
            + "'; segments are names (letters, digits, _ or -), * (one segment) or ** (any number), separated by dots");
      }
    }
    return new PathGlob(pattern, segments);
  }

  /** The glob as written. */
  public String pattern() {
    return pattern;
  }

  /**
   * True when the dotted {@code path} matches this glob. A null path (that of args built without one,
   * such as {@link EventArgs#create()}) is the empty path: it has zero segments, so only globs made of
   * {@code **} alone match it, as a handler bound to {@code **} runs for every event. A path with an empty
   * segment ({@code a..b}, {@code .a}, {@code a.}), which {@link EventArgs.Builder#path} and
   * {@link Config#resolve} refuse, matches no glob, not even {@code **}.
   */
  public boolean matches(String path) {
    return match(0, path == null ? "" : path, 0);
  }

  private boolean match(int segmentIndex, String path, int position) {
    if (segmentIndex == segments.length) {
      return position == path.length() + 1 || (position == path.length() && path.isEmpty());
    }
    if (position > path.length()) {
      // Every path segment is consumed; only trailing ** may remain.
      for (int i = segmentIndex; i < segments.length; i++) {
        if (kinds[i] != ANY) {
          return false;
        }
      }
      return true;
    }
    String segment = segments[segmentIndex];
    int end = path.indexOf('.', position);
    if (end < 0) {
      end = path.length();
    }
    if (kinds[segmentIndex] == ANY) {
      if (match(segmentIndex + 1, path, position)) {
        return true;
      }
      // ** spans whole segments only: an empty one (a..b, .a, a.) is not a path segment, so nothing matches it.
      return end > position && match(segmentIndex, path, end + 1);
    }
    if (kinds[segmentIndex] == ONE) {
      return end > position && match(segmentIndex + 1, path, end + 1);
    }
    return end - position == segment.length() && path.regionMatches(position, segment, 0, segment.length())
        && match(segmentIndex + 1, path, end + 1);
  }

  /**
   * Orders globs from least to most specific: more literal segments is more specific, then fewer
   * {@code **}, then fewer {@code *}. An exact path is the most specific glob that matches it.
   */
  @Override
  public int compareTo(PathGlob other) {
    if (literals != other.literals) {
      return Integer.compare(literals, other.literals);
    }
    if (doubles != other.doubles) {
      return Integer.compare(other.doubles, doubles);
    }
    return Integer.compare(other.singles, singles);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathGlob && ((PathGlob) o).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
