package dev.scribe.controller.internal.console;

import dev.scribe.core.ConfigurationException;
import java.util.regex.Pattern;

/**
 * A glob over URL paths for the trace blacklist: {@code *} matches within one segment, {@code **}
 * across segments. {@code /health} matches only itself; {@code /_scribe/**} everything below it.
 */
public final class UrlGlob {
  private final String pattern;
  private final Pattern regex;

  private UrlGlob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  public static UrlGlob of(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new ConfigurationException("URL glob '" + pattern + "' must start with '/', like /health or /_scribe/**");
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (pattern.endsWith("/**")) {
      // "/x/**" also matches "/x" itself.
      String base = regex.substring(0, regex.length() - Pattern.quote("/").length() - 2);
      regex.setLength(0);
      regex.append(base).append("(/.*)?");
    }
    return new UrlGlob(pattern, Pattern.compile(regex.toString()));
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
