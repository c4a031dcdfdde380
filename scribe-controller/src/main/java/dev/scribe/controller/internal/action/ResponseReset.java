package dev.scribe.controller.internal.action;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Starts an uncommitted answer over for a refusal, keeping what the servlet said about caching it.
 *
 * <p>A file or export route writes its own headers before it knows it will fail (a download's {@code ETag},
 * an export's {@code Content-Disposition}); the refusal then resets the response. {@code reset()} also drops
 * the {@code Vary} and {@code Cache-Control} the servlet set for the caller, and a 404 or 416 without them may be
 * kept by a cache and given to another caller. {@code Vary} is kept as it was; {@code Cache-Control} becomes
 * {@code no-store} when any was set (a download's {@code private, no-cache} belongs to its bytes, not to a
 * refusal).
 */
public final class ResponseReset {
  private ResponseReset() {
  }

  public static void keepingCachePolicy(HttpServletResponse resp) {
    String vary = resp.getHeader("Vary");
    boolean cacheControl = resp.getHeader("Cache-Control") != null;
    resp.reset();
    if (vary != null) {
      resp.setHeader("Vary", vary);
    }
    if (cacheControl) {
      resp.setHeader("Cache-Control", "no-store");
    }
  }
}
