package dev.scribe.controller.http;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.problem.HttpVeto;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;

/**
 * Request bodies are read as sent, with no transfer coding but {@code chunked} (another is a 501, and any on an
 * HTTP/1.0 request a 400): one with a {@code Content-Encoding} other than {@code identity} (gzip,
 * br, ...) is a 415 with {@code Accept-Encoding: identity} (RFC 9110, 8.4; RFC 7694), before it is read.
 * Read as it is, a gzip body was a 400 "not valid UTF-8", a brotli label on plain JSON was ignored, and an
 * uploaded file was stored compressed and sent back as if it were not.
 */
final class ContentCoding {
  private ContentCoding() {}

  /**
   * The 501 for a request whose body has a transfer coding besides {@code chunked} (RFC 9112, 6.1: a coding the
   * server does not understand); the 415 for one whose body has a content coding; null when it has neither (or no
   * body). Jetty takes the chunks of {@code Transfer-Encoding: gzip, chunked} off and hands on the gzip bytes, which
   * an upload stored as the file.
   */
  static ActionResponse refusal(HttpServletRequest req) {
    String transfer = ExtraRoutes.listHeader(req, "Transfer-Encoding");
    if (transfer != null && "HTTP/1.0".equals(req.getProtocol())) {
      // RFC 9112, 6.1: HTTP/1.0 has no transfer codings, so a 1.0 proxy in front frames the body by its
      // Content-Length or the connection's end, where Jetty read it as chunked: the framing is faulty
      return ResponseWriter.problem(new HttpVeto(400, "the request is HTTP/1.0, which has no transfer codings, yet has a"
          + " Transfer-Encoding header ('" + transfer.strip() + "'), so where its body ends is read differently by"
          + " different servers (RFC 9112, 6.1); send the body with Content-Length, or send the request as HTTP/1.1",
          Map.of("Connection", "close")));
    }
    if (transfer != null) {
      for (String part : transfer.split(",")) {
        String name = part.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("chunked")) {
          // the body is in a coding this server cannot take off, so the rest of the connection cannot be read
          return ResponseWriter.problem(new HttpVeto(501, "Transfer-Encoding '" + transfer.strip() + "' is not"
              + " supported: the only transfer coding this server takes off is chunked; send the body as it is, with"
              + " Content-Length or Transfer-Encoding: chunked", Map.of("Connection", "close")));
        }
      }
    }
    // every line of the header: a second one (identity, then gzip) codes the body as much as a list does
    String coding = ExtraRoutes.listHeader(req, "Content-Encoding");
    if (coding == null || !hasBody(req)) {
      return null;
    }
    for (String part : coding.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !name.equals("identity")) {
        return ResponseWriter.problem(new HttpVeto(415, "Content-Encoding '" + coding.strip() + "' is not supported:"
            + " request bodies are read as sent; send the body uncompressed, without Content-Encoding",
            Map.of("Accept-Encoding", "identity")));
      }
    }
    return null;
  }

  private static boolean hasBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
  }
}
