package dev.scribe.controller.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads and drops what a client still sends of a body the server answered without reading it whole (a 413 of a body
 * over a limit, any refusal that closes the connection), once the answer has gone out. Closed with the body still
 * arriving, the connection is reset by the server's system, and a client still writing (curl, java.net.http) lost the
 * answer it had not read yet in about one request of ten: it saw a broken pipe instead of the 413. The answer is
 * flushed first, so the client reads it while the rest of its body is dropped; the drop is bounded in time, so a
 * client that sends forever holds the request's thread for {@value #MAX_MILLIS} ms at most, and
 * {@value BodyReader#DRAIN_PATIENCE_MILLIS} ms without more ends it as well.
 */
final class LingeringClose {
  /** How long the rest of a refused body is read and dropped after the answer, at most. */
  static final long MAX_MILLIS = 5_000;

  private LingeringClose() {}

  /** Drops the rest of {@code req}'s body after {@code resp}, written, when the answer closes the connection. */
  static void after(HttpServletRequest req, HttpServletResponse resp) {
    if (!"close".equalsIgnoreCase(resp.getHeader("Connection")) || req.getContentLengthLong() == 0
        || BodyReader.awaitsContinue(req)) {
      return; // a connection that stays open was read to the end; a client waiting for 100 Continue sends nothing
    }
    EndPoint endPoint = BodyReader.endPoint(req);
    long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
    try {
      resp.flushBuffer();
      if (endPoint != null) {
        endPoint.setIdleTimeout(Math.min(BodyReader.DRAIN_PATIENCE_MILLIS,
            idleTimeout > 0 ? idleTimeout : BodyReader.DRAIN_PATIENCE_MILLIS));
      }
      InputStream in = req.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
      while (System.nanoTime() < deadline && in.read(buffer) >= 0) {
        // dropped
      }
    } catch (IOException | RuntimeException gone) {
      // the client stopped sending or went away: the connection closes as it would have
    } finally {
      if (endPoint != null && idleTimeout > 0) {
        endPoint.setIdleTimeout(idleTimeout);
      }
    }
  }
}
