package dev.scribe.controller.internal.request;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one {@code Vary} header of an answer, each request header that chose it named once: a route adds
 * {@code Accept} where it reads it, the servlet {@code Authorization} for an application that authenticates, and
 * the answer carries {@code Vary: Accept, Authorization} (RFC 9110, 12.5.5), so a shared cache keeps one answer per
 * value of each. Names are kept in a fixed order, so that the same answer always carries the same header.
 */
public final class VaryHeader {
  /** The order the names are written in; a name not listed goes after them. */
  private static final List<String> ORDER = List.of("accept", "authorization");

  private VaryHeader() {
  }

  /** Adds {@code name} to the {@code Vary} of {@code resp}, unless it names it already. */
  public static void add(HttpServletResponse resp, String name) {
    String merged = merged(resp.getHeader("Vary"), name);
    resp.setHeader("Vary", merged);
  }

  /** {@code vary} (a {@code Vary} value, or null) with {@code name} in it. */
  static String merged(String vary, String name) {
    if (vary == null || vary.isBlank()) {
      return name; // the common case, once per request: nothing to split, sort or join
    }
    List<String> names = new ArrayList<>();
    for (String part : vary.split(",")) {
      if (!part.isBlank()) {
        names.add(part.strip());
      }
    }
    for (String present : names) {
      if (present.equalsIgnoreCase(name) || present.equals("*")) {
        return String.join(", ", names);
      }
    }
    names.add(name);
    names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    return String.join(", ", names);
  }

  private static int rank(String name) {
    int rank = ORDER.indexOf(name.toLowerCase(Locale.ROOT));
    return rank < 0 ? ORDER.size() : rank;
  }
}
