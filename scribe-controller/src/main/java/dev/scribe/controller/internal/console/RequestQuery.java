package dev.scribe.controller.internal.console;

import dev.scribe.controller.RecordedRequest;
import dev.scribe.controller.RequestRecorder;
import dev.scribe.core.PathGlob;
import dev.scribe.core.TraceEntry;
import dev.scribe.core.Veto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /_scribe/requests}: the recorded requests that match the query's {@code path}, {@code status},
 * {@code method} and {@code handler}, newest first, {@code limit} at a time from {@code before}.
 */
final class RequestQuery {
  /** The query parameters of {@code GET /_scribe/requests}. */
  static final List<String> PARAMETERS = List.of("path", "status", "method", "handler", "limit", "before");

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 500;
  /** Longer than any glob a person types; bounds the matching work one listing can ask for. */
  private static final int MAX_GLOB = 200;
  private static final Pattern STATUS = Pattern.compile("[1-5]([0-9][0-9]|xx)");
  private static final Pattern CANONICAL_WHOLE = Pattern.compile("0|[1-9][0-9]*");

  private RequestQuery() {}

  /** {@code GET /_scribe/requests}: summaries, newest first, filtered, one page at a time. */
  static Map<String, Object> list(HttpServletRequest req, RequestRecorder recorder) {
    Predicate<RecordedRequest> filter = filter(req);
    int limit = (int) number(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    // an empty before= (a form's blank field) is the first page, as every other empty parameter is left out
    long before = number(req, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    List<RecordedRequest> requests = recorder.requests();
    List<Object> items = new ArrayList<>();
    int matched = 0;
    long last = -1;
    for (RecordedRequest request : requests) {
      if (!filter.test(request)) {
        continue;
      }
      matched++;
      if (request.sequence() < before && items.size() < limit) {
        items.add(ConsoleJson.summary(request));
        last = request.sequence();
      }
    }
    boolean more = false;
    if (last > 0) {
      for (RecordedRequest request : requests) {
        if (request.sequence() < last && filter.test(request)) {
          more = true;
          break;
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("matched", matched);
    body.put("kept", requests.size());
    body.put("capacity", recorder.capacity());
    body.put("total", recorder.total());
    body.put("next", more ? last : null);
    return body;
  }

  private static Predicate<RecordedRequest> filter(HttpServletRequest req) {
    Predicate<RecordedRequest> filter = request -> true;
    String path = blankToNull(parameter(req, "path"));
    if (path != null) {
      filter = filter.and(pathFilter(path));
    }
    String status = blankToNull(parameter(req, "status"));
    if (status != null) {
      filter = filter.and(statusFilter(status));
    }
    String method = blankToNull(parameter(req, "method"));
    if (method != null) {
      requireToken(method);
      String wanted = method.toUpperCase(Locale.ROOT);
      filter = filter.and(request -> request.method().equalsIgnoreCase(wanted));
    }
    String handler = blankToNull(parameter(req, "handler"));
    if (handler != null) {
      String wanted = handler.toLowerCase(Locale.ROOT);
      filter = filter.and(request -> ranHandler(request, wanted));
    }
    return filter;
  }

  /** A URL glob ({@code /tasks/**}) when it starts with '/', else a context-path glob ({@code admin.**}). */
  private static Predicate<RecordedRequest> pathFilter(String glob) {
    if (glob.length() > MAX_GLOB) {
      throw new Veto(400, "path filter has " + glob.length() + " characters; give a glob of at most " + MAX_GLOB
          + ", such as /tasks/** or admin.**");
    }
    try {
      if (glob.startsWith("/")) {
        UrlGlob url = UrlGlob.of(glob);
        return request -> url.matches(request.urlPath());
      }
      PathGlob context = PathGlob.of(glob);
      return request -> request.path() != null && context.matches(request.path());
    } catch (RuntimeException e) {
      throw new Veto(400, "path filter '" + glob + "' is not a glob: " + e.getMessage() + "; use a URL glob such as"
          + " /tasks/** or a context-path glob such as admin.**");
    }
  }

  private static Predicate<RecordedRequest> statusFilter(String statuses) {
    List<String> wanted = new ArrayList<>();
    for (String status : statuses.split(",", -1)) {
      String s = status.strip().toLowerCase(Locale.ROOT);
      if (!STATUS.matcher(s).matches()) {
        throw new Veto(400, "status filter '" + statuses + "' is not understood; use statuses or classes separated"
            + " by commas, such as 404, 4xx or 200,201");
      }
      wanted.add(s);
    }
    return request -> {
      String actual = String.valueOf(request.status());
      for (String status : wanted) {
        if (status.endsWith("xx") ? actual.charAt(0) == status.charAt(0) : actual.equals(status)) {
          return true;
        }
      }
      return false;
    };
  }

  /** A 400 for a {@code method} filter that is no HTTP method: a method is a token (RFC 9110, 9.1), or matches none. */
  private static void requireToken(String method) {
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      boolean tchar = c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
      if (!tchar) {
        throw new Veto(400, "method filter '" + method + "' is not an HTTP method: a method is letters, digits and"
            + " !#$%&'*+-.^_`|~ only (RFC 9110, 9.1), one per filter; give one such as GET, POST, PATCH or DELETE");
      }
    }
  }

  private static boolean ranHandler(RecordedRequest request, String lowerCaseName) {
    for (TraceEntry entry : request.entries()) {
      if (entry.handler().toLowerCase(Locale.ROOT).contains(lowerCaseName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A paging number, written as the API's query strings write one (docs/input.md): {@code limit=010} and
   * {@code before=+5} (a space once decoded, which stripping passed over) were read as 10 and 5. A blank value
   * is still left out, as a form sends its empty fields.
   */
  private static long number(HttpServletRequest req, String name, long otherwise, long min, long max) {
    String value = parameter(req, name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      // ASCII digits without a leading zero only: Long.parseLong would take a sign and the digits of every script
      long n = CANONICAL_WHOLE.matcher(value).matches() ? Long.parseLong(value) : Long.MIN_VALUE;
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Veto(400, "query parameter '" + name + "' is '" + value + "'; use a whole number from " + min + " to "
        + max + ", written as the number is (no plus sign, spaces or leading zeros)");
  }

  /**
   * The one value of the parameter {@code name}, or null; given twice it is a 400, since the container would take
   * the first and the listing would not be the one the client asked for.
   */
  private static String parameter(HttpServletRequest req, String name) {
    String[] values = req.getParameterValues(name);
    if (values == null || values.length < 2) {
      return values == null ? null : values[0];
    }
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      quoted.add("'" + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }
    throw new Veto(400, "query parameter '" + name + "' is given " + values.length + " times (" + String.join(", ", quoted)
        + "); give it once" + (name.equals("status") ? " (several statuses go in one, separated by commas: status="
        + String.join(",", values) + ")" : ""));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
