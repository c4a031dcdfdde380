package dev.scribe.controller.http;

import dev.scribe.controller.http.codec.RequestBody;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads a request body within the application's size limit: a 413 for a larger one (declared or sent), a
 * 415 for a body that is not JSON. The refusals are kept in the {@link RequestBody} and raised when an
 * action decodes it, so that they are answered through the action's {@code onError}. A client that waits for
 * {@code 100 Continue} is refused a type before it is asked for the body, which {@link BodyCollector} then reads.
 */
final class BodyReader {
  /** How much of a body over the limit is read and dropped so that the client, still sending, reads the 413. */
  private static final long MAX_DRAINED_BYTES = 8L << 20;

  private final long limit;

  BodyReader(long limit) {
    this.limit = limit;
  }

  RequestBody read(HttpServletRequest req) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > limit) {
      String message = "the request body has " + declared + " bytes; the limit is " + limit
          + " bytes (the application's maxBodyBytes); send a smaller body, or split a batch into several";
      return RequestBody.refused(tooLargeDeclared(message, req));
    }
    boolean continued = expectsContinue(req);
    if (continued && declared != 0) {
      // The client waits for 100 Continue before it sends the body: a type refused whatever the body holds is
      // answered now, so that the client is never asked for it (it was asked, and refused once it had sent it)
      HttpVeto refused = typeRefusal(req, Map.of("Connection", "close"));
      if (refused != null) {
        return RequestBody.refused(refused);
      }
    }
    byte[] bytes;
    Object collected = req.getAttribute(BodyCollector.BYTES);
    Object failed = req.getAttribute(BodyCollector.FAILURE);
    if (failed != null) {
      return RequestBody.refused(Problems.unreadBody((Throwable) failed, Problems.serverStopping(req),
          "the request body", "nothing was written", "send the whole body again"));
    } else if (collected != null) {
      bytes = (byte[]) collected;
      if (bytes.length > limit) {
        return RequestBody.refused(new HttpVeto(413, "the request body is larger than the limit of " + limit
            + " bytes (the application's maxBodyBytes); send a smaller body, or split a batch into several",
            Map.of("Connection", "close")));
      }
    } else if (continued && declared != 0 && req.isAsyncSupported()
        && !Boolean.TRUE.equals(req.getAttribute(BodyBuffering.COMPLETE))) {
      // read as it arrives, without a thread, and the request handled again once it is complete (ScribeServlet)
      throw new BodyCollector.Pending();
    } else {
      try (InputStream in = req.getInputStream()) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
          return RequestBody.refused(tooLarge("the request body is larger than the limit of " + limit + " bytes (the"
              + " application's maxBodyBytes); send a smaller body, or split a batch into several", req, in));
        }
      } catch (IOException unread) {
        // Answered rather than thrown out of the servlet: thrown, a body cut by a connection reset left Jetty's
        // request unfinished and its connection open for good.
        return RequestBody.refused(Problems.unreadBody(unread, Problems.serverStopping(req), "the request body",
            "nothing was written",
            "send the whole body again"));
      }
    }
    if (bytes.length == 0) {
      return RequestBody.of(bytes);
    }
    HttpVeto refused = typeRefusal(req, Map.of());
    if (refused == null) {
      refused = notAscii(req.getHeader("Content-Type"), bytes);
    }
    return refused != null ? RequestBody.refused(refused) : RequestBody.of(bytes);
  }

  /**
   * The 400 for a body that its {@code Content-Type} declares US-ASCII and that holds a byte beyond it, or null.
   * Read as UTF-8, its superset, the byte was taken for a character the client did not say it sent (a UTF-8
   * {@code é} from a client that declared ASCII, or a Latin-1 one that happens to decode); a body is read as it is
   * declared or not at all.
   */
  private static HttpVeto notAscii(String contentType, byte[] bytes) {
    if (!declaresAscii(contentType)) {
      return null;
    }
    try {
      requireAscii("the body", contentType, bytes, bytes.length, 0, Map.of());
      return null;
    } catch (HttpVeto refused) {
      return refused;
    }
  }

  /** Whether {@code contentType} (or null) declares its body US-ASCII. */
  static boolean declaresAscii(String contentType) {
    String charset = contentType == null ? null : charsetOf(contentType);
    return charset != null && ASCII_NAMES.contains(charset.toLowerCase(Locale.ROOT));
  }

  /**
   * Throws the 400 of the first byte beyond ASCII in {@code bytes[0, length)}, which start at {@code offset} of a body
   * whose {@code contentType} declares US-ASCII; {@code what} names the body ({@code the body}, an import's path), and
   * {@code headers} go with the refusal.
   */
  static void requireAscii(String what, String contentType, byte[] bytes, int length, long offset,
      Map<String, String> headers) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        String type = contentType.split(";", 2)[0].strip();
        throw new HttpVeto(400, String.format(Locale.ROOT, "%s is declared US-ASCII (charset=%s) but byte 0x%02X at"
            + " offset %d is not ASCII; send it as UTF-8 (%s or %s; charset=utf-8), of which ASCII is a part", what,
            charsetOf(contentType), bytes[i] & 0xFF, offset + i, type, type), headers);
      }
    }
  }

  /** The names clients give US-ASCII. */
  private static final java.util.Set<String> ASCII_NAMES = java.util.Set.of("us-ascii", "ascii");

  /** The 415 for a body whose {@code Content-Type} is no JSON, a JSON Patch or another charset than UTF-8; else null. */
  private static HttpVeto typeRefusal(HttpServletRequest req, Map<String, String> headers) {
    // The header as sent: the container's getContentType() throws on a charset it does not know.
    String contentType = req.getHeader("Content-Type");
    String message;
    if (isJsonPatch(contentType)) {
      message = "Content-Type '" + contentType + "' is a JSON Patch (RFC 6902),"
          + " which this API does not apply; send the fields to change as a JSON object (application/json or"
          + " application/merge-patch+json)";
    } else if (!isJson(contentType)) {
      message = contentType == null
          ? "the request has a body but no Content-Type; send it as application/json"
          : "Content-Type '" + contentType + "' is not supported; send the body as application/json";
    } else if (!utf8(contentType)) {
      message = "charset '" + charsetOf(contentType) + "' is not supported: a JSON body is"
          + " UTF-8 (RFC 8259); send it as application/json or application/json; charset=utf-8";
    } else {
      return null;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(accepted(req));
    all.putAll(headers);
    return new HttpVeto(415, message, all);
  }

  /**
   * Whether the client waits for {@code 100 Continue} before it sends a body not asked for yet: the servlet's first
   * pass over the request, before {@link BodyCollector} has read it.
   */
  static boolean awaitsContinue(HttpServletRequest req) {
    return expectsContinue(req) && req.getContentLengthLong() != 0 && req.getAttribute(BodyCollector.BYTES) == null
        && req.getAttribute(BodyCollector.FAILURE) == null;
  }

  /** Whether the client waits for {@code 100 Continue} before it sends the body. */
  static boolean expectsContinue(HttpServletRequest req) {
    String expect = req.getHeader("Expect");
    return expect != null && expect.strip().equalsIgnoreCase("100-continue");
  }

  /**
   * The header that names what the refused request's method takes: {@code Accept-Post} for a POST,
   * {@code Accept-Patch} for a PATCH (RFC 5789). Both on every 415 told a client of a POST-only route that it
   * takes PATCH; other methods have no such header, and the detail names the type.
   */
  private static Map<String, String> accepted(HttpServletRequest req) {
    switch (req.getMethod()) {
      case "POST":
        return Map.of("Accept-Post", "application/json");
      case "PATCH":
        return Map.of("Accept-Patch", "application/json");
      default:
        return Map.of();
    }
  }

  /** True when {@code contentType} names no charset or UTF-8 (or its subset US-ASCII). */
  static boolean utf8(String contentType) {
    String charset = charsetOf(contentType);
    return charset == null || UTF_8_NAMES.contains(charset.toLowerCase(Locale.ROOT));
  }

  /** UTF-8 and its subset US-ASCII, under the names clients use. */
  private static final java.util.Set<String> UTF_8_NAMES = java.util.Set.of("utf-8", "utf8", "us-ascii", "ascii");

  /** The charset parameter of a media type, unquoted, or null when it has none. */
  static String charsetOf(String contentType) {
    String[] parts = contentType.split(";");
    String first = null;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String value = parameter.substring(equals + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        // a second charset is read too: charset=utf-8; charset=latin1 is not a UTF-8 body because it says so first
        if (!UTF_8_NAMES.contains(value.toLowerCase(Locale.ROOT))) {
          return value;
        }
        first = first == null ? value : first;
      }
    }
    return first;
  }

  /**
   * A 413 for a body over the limit. The rest of the body is read and dropped (up to
   * {@value #MAX_DRAINED_BYTES} bytes) so that the client, still sending, reads the answer; a larger body
   * closes the connection instead.
   */
  static HttpVeto tooLarge(String message, HttpServletRequest req, InputStream in) {
    boolean drained = req.getContentLengthLong() <= MAX_DRAINED_BYTES && drain(req, in);
    return new HttpVeto(413, message, drained ? Map.of() : Map.of("Connection", "close"));
  }

  /**
   * A 413 for a body refused on its declared length, before any of it was read: drained as {@link #tooLarge}
   * does when {@link #worthDraining worth it}; otherwise the body's stream is never opened (a client waiting
   * for {@code 100 Continue} is not asked for the body), the answer goes at once and the connection closes.
   */
  static HttpVeto tooLargeDeclared(String message, HttpServletRequest req) throws IOException {
    if (!worthDraining(req)) {
      return new HttpVeto(413, message, Map.of("Connection", "close"));
    }
    try (InputStream in = req.getInputStream()) {
      return tooLarge(message, req, in);
    }
  }

  /**
   * Whether the rest of a body refused before any of it was read is worth reading and dropping, so that a client
   * still sending reads the answer: not when the client waits for {@code 100 Continue} before sending (reading
   * would ask it for the whole body), nor when it declares more than would be drained anyway; then the answer
   * goes at once and the connection closes.
   */
  static boolean worthDraining(HttpServletRequest req) {
    return !expectsContinue(req) && req.getContentLengthLong() <= MAX_DRAINED_BYTES;
  }

  /** How long a drain waits for more of a refused body before it gives up on a client that stopped sending. */
  static final long DRAIN_PATIENCE_MILLIS = 2_000;

  /**
   * Reads and drops the rest of a refused body, so that a client still sending reads the answer, up to
   * {@value #MAX_DRAINED_BYTES} bytes; true when it reached the end. While it drains, the connection's idle
   * timeout is two seconds: a client that declared a large body and stalled would otherwise hold the request
   * thread until the idle timeout (then a 500), and enough of them took every thread. False when there was
   * more, or the client stopped sending: the connection then closes after the answer.
   */
  static boolean drain(HttpServletRequest req, InputStream in) {
    EndPoint endPoint = endPoint(req);
    long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
    if (endPoint != null) {
      endPoint.setIdleTimeout(Math.min(DRAIN_PATIENCE_MILLIS, idleTimeout > 0 ? idleTimeout : DRAIN_PATIENCE_MILLIS));
    }
    byte[] buffer = new byte[8192];
    long drained = 0;
    try {
      while (drained <= MAX_DRAINED_BYTES) {
        int n = in.read(buffer);
        if (n < 0) {
          return true;
        }
        drained += n;
      }
    } catch (IOException | RuntimeException stalled) {
      return false;
    } finally {
      if (endPoint != null && idleTimeout > 0) {
        endPoint.setIdleTimeout(idleTimeout);
      }
    }
    return false;
  }

  static EndPoint endPoint(HttpServletRequest req) {
    try {
      ServletContextRequest request = ServletContextRequest.getServletContextRequest(req);
      return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    } catch (RuntimeException notJetty) {
      return null;
    }
  }

  /**
   * True for a JSON Patch ({@code application/json-patch+json}): a list of operations, which a {@code +json} type
   * would otherwise let through to be read as the fields to change.
   */
  static boolean isJsonPatch(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
        .equalsIgnoreCase("application/json-patch+json");
  }

  /** True for {@code application/json} and {@code application/*+json}, parameters ignored. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }
}
