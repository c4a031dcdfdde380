package dev.scribe.controller;

import dev.scribe.core.UsageException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an action answers: the HTTP status, the headers ({@code Location}, {@code ETag}, {@code Allow},
 * {@code Content-Type}) and the body (a map or list written as JSON, or null for no body).
 *
 * <p>Immutable. An {@code onError} handler may put a replacement under the args key
 * {@value #ARGS_KEY}.
 *
 * <pre>{@code
 * void onError(EventArgs args) {
 *   if (ControllerTier.exception(args) instanceof MaintenanceMode) {
 *     args.put(ActionResponse.ARGS_KEY, ActionResponse.of(503, Map.of("retry", "in 5 minutes")));
 *   }
 * }
 * }</pre>
 */
public final class ActionResponse {
  /** The args key of {@code onError} under which a handler may put a replacement response. */
  public static final String ARGS_KEY = "response";
  /** The media type of success bodies. */
  public static final String JSON = "application/json";
  /** The media type of error bodies (RFC 9457). */
  public static final String PROBLEM_JSON = "application/problem+json";

  private final int status;
  private final Map<String, String> headers;
  private final Object body;
  /** The body already written as JSON by the action, inside its unit of work; null when not. */
  private final byte[] encoded;

  private ActionResponse(int status, Map<String, String> headers, Object body) {
    this.status = status;
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body;
    this.encoded = null;
  }

  private ActionResponse(int status, TreeMap<String, String> ownHeaders, Object body, byte[] encoded) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(ownHeaders);
    this.body = body;
    this.encoded = encoded;
  }

  /** A JSON response; {@code Content-Type: application/json} when there is a body. */
  public static ActionResponse of(int status, Object body) {
    checkStatus("of", status);
    Map<String, String> headers = new LinkedHashMap<>();
    if (body != null) {
      headers.put("Content-Type", JSON);
    }
    return new ActionResponse(status, headers, body);
  }

  /** A problem response ({@code application/problem+json}). */
  public static ActionResponse problem(int status, Object body) {
    checkStatus("problem", status);
    return new ActionResponse(status, Map.of("Content-Type", PROBLEM_JSON), body);
  }

  /**
   * A status the servlet container cannot send (99, 1000) fails only while the answer is written, as the container's
   * own 500 without Scribe's request id; a 1xx is no final answer.
   */
  private static void checkStatus(String factory, int status) {
    if (status < 200 || status > 599) {
      throw new UsageException("ActionResponse." + factory + "(" + status + ", ...): an action's answer needs a final HTTP"
          + " status, from 200 to 599");
    }
  }

  /**
   * The same response with one more (or a replaced) header.
   *
   * @throws UsageException when {@code name} is null or no header name (a token: letters, digits and
   *     {@code !#$%&'*+-.^_`|~}), or {@code value} is null or holds a control character other than a tab: HTTP cannot
   *     carry them, and they went out as lines no client could parse, or were changed or dropped without a word
   */
  public ActionResponse withHeader(String name, String value) {
    if (name == null) {
      throw new UsageException("withHeader(null, " + value + "): pass the header's name, e.g. withHeader(\"Retry-After\","
          + " \"5\")");
    }
    checkHeader("withHeader", name, value);
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    copy.put(name, value);
    return new ActionResponse(status, copy, body, encoded);
  }

  /** The same response with other headers added. */
  public ActionResponse withHeaders(Map<String, String> more) {
    if (more == null) {
      throw new UsageException("withHeaders(null): pass the headers to add by name, Map.of() for none");
    }
    if (more.keySet().stream().anyMatch(java.util.Objects::isNull)) {   // an immutable map's containsKey(null) throws
      throw new UsageException("withHeaders(" + more + "): a header has no name; pass each header under its name, e.g."
          + " Map.of(\"Retry-After\", \"5\")");
    }
    more.forEach((name, value) -> checkHeader("withHeaders", name, value));
    if (more.isEmpty()) {
      return this;
    }
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    copy.putAll(more);
    return new ActionResponse(status, copy, body, encoded);
  }

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  /** Refuses what no HTTP/1.1 header line can carry: a name that is no token, a null value, a control character. */
  private static void checkHeader(String call, String name, String value) {
    boolean token = !name.isEmpty();
    for (int i = 0; i < name.length() && token; i++) {
      char c = name.charAt(i);
      token = c < 128 && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0);
    }
    if (!token) {
      throw new UsageException(call + "(\"" + name + "\", " + (value == null ? "null" : "\"" + value + "\"") + "): '"
          + name + "' is not a header name, whose characters are letters, digits and " + TOKEN_SYMBOLS
          + "; pass a name such as \"Retry-After\"");
    }
    if (value == null) {
      throw new UsageException(call + "(\"" + name + "\", null): pass the header's value, e.g. withHeader(\"Retry-After\","
          + " \"5\")");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new UsageException(call + "(\"" + name + "\", ...): the value holds a control character ("
            + String.format("U+%04X", (int) c) + " at index " + i + "), which a header cannot carry; pass a value without"
            + " line breaks");
      }
    }
  }

  /** The HTTP status to send. */
  public int status() {
    return status;
  }

  /** The headers, looked up case-insensitively. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The header of that name, or null. */
  public String header(String name) {
    return name == null ? null : headers.get(name);   // the case-insensitive map cannot compare null
  }

  /** The body: what is written as JSON, or null. */
  public Object body() {
    return body;
  }

  /** This response with its body as written as JSON ({@code bytes}), so that it is not written twice. */
  ActionResponse withEncoded(byte[] bytes) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    return new ActionResponse(status, copy, body, bytes);
  }

  /** The body as the action wrote it as JSON, or null. */
  byte[] encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return status + " " + headers + " " + body;
  }
}
