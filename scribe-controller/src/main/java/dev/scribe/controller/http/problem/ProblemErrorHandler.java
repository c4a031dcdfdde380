package dev.scribe.controller.http.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.core.ScribeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the errors Jetty raises itself — a bad request line or chunked body (400), a stalled request
 * (408), an {@code Expect} other than {@code 100-continue} (417), a URI or header block over the limit (414,
 * 431), a request during shutdown (503), and any 404, 405 or 500 that reaches Jetty — as
 * {@code application/problem+json} with the framework's fields ({@code title}, {@code status}, {@code detail},
 * {@code message}), whatever the client accepts and whatever the method. Jetty's own wording, which can quote the offending bytes, is shortened to
 * printable text; causes and stack traces never reach the client.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  static final String PROBLEM_JSON = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.server");
  private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();
  private static final int MAX_REASON = 120;

  private final int maxHeaderBytes;

  public ProblemErrorHandler(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
      Callback callback) throws IOException {
    int code = answered(status);
    if (code != status) {
      response.setStatus(code);
    }
    byte[] body = body(code, message, request == null ? null : request.getHttpURI().getPath());
    // Jetty's refusal of what a client sent (HTTP/0.9, a version it does not speak: a 505) is no failure of the
    // server: logged with a stack trace, any client could fill the log with one per request line
    boolean refusedRequest = cause instanceof HttpException && code != 500 && code != 503;
    if (code >= 500 && cause != null && !(cause instanceof IOException) && !refusedRequest) {
      LOG.warn("{} {} answered {} by the server", request.getMethod(), request.getHttpURI().getPath(), code, cause);
    } else {
      LOG.debug("{} {} answered {} by the server: {}", request.getMethod(), request.getHttpURI().getPath(), code, message);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
    if (code == 503 && !response.getHeaders().contains(HttpHeader.RETRY_AFTER)) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
      String contentType, List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
    generateResponse(request, response, code, message, cause, callback);
    return true;
  }

  /** The body of an error raised before there is a request to answer (the request line or headers are unreadable). */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
    return ByteBuffer.wrap(body(answered(status), reason, null));
  }

  /**
   * The status sent for the one Jetty raises: its 426 Upgrade Required to an HTTP/2.0 request line, which must carry
   * an {@code Upgrade} header naming a protocol to switch to, is a 505 here, as this server offers no HTTP/2 at all.
   */
  private static int answered(int status) {
    return status == 426 ? 505 : status;
  }

  byte[] body(int status, String jettyMessage, String path) {
    String detail = detail(status, jettyMessage, path);
    Map<String, Object> body = Problems.body(status, List.of(detail), Map.of(), List.of());
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new ScribeException("a problem body cannot be written as JSON", e);
    }
  }

  private String detail(int status, String jettyMessage, String path) {
    switch (status) {
      case 400:
        String explained = JettyReasons.explain(jettyMessage);
        return "the request is not valid HTTP/1.1" + (explained != null ? ": " + explained
            : " (request line, headers or chunked body): " + reason(jettyMessage));
      case 404:
        return "no resource at " + reason(path);
      case 405:
        return "the method is not allowed on " + reason(path);
      case 408:
        return "the request did not arrive completely within the server's idle timeout; send it without pausing";
      case 413:
        return "the request is larger than the server accepts";
      case 414:
        return "the request URI is longer than the server accepts (the request line and headers may take at most "
            + maxHeaderBytes + " bytes); send fewer or shorter query parameters";
      case 417:
        // Jetty's reason is only the phrase "Expectation Failed": say which header and what it takes
        return "the Expect header asks for an expectation this server does not meet; the only one it meets is"
            + " 100-continue: send Expect: 100-continue, or no Expect";
      case 431:
        return "the request headers are larger than the server accepts (at most " + maxHeaderBytes
            + " bytes together with the request line); send fewer or shorter headers";
      case 500:
        return "the server failed to handle the request; the server log has the details";
      case 503:
        return "the server is shutting down or overloaded; retry the request shortly";
      case 505:
        // Jetty's reason is "Unknown Version", or Upgrade Required for HTTP/2.0 (see answered)
        return ("Upgrade Required".equals(jettyMessage)
            ? "the request line names HTTP/2.0, which this server does not speak (not over plain HTTP/1 connections,"
                + " nor with prior knowledge)"
            : "the request line names no protocol version this server speaks (HTTP/0.9, which has none, is not spoken either)")
            + "; this server speaks HTTP/1.1 and HTTP/1.0; send the request line as METHOD /path HTTP/1.1";
      default:
        return reason(jettyMessage);
    }
  }

  /** Jetty's wording cut to printable ASCII and a sensible length; the standard phrase when there is none. */
  static String reason(String text) {
    if (text == null || text.isBlank()) {
      return "malformed request";
    }
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < text.length() && clean.length() < MAX_REASON; i++) {
      char c = text.charAt(i);
      clean.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (text.length() > MAX_REASON) {
      clean.append("...");
    }
    return clean.toString();
  }
}
