package dev.scribe.controller.http.problem;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer when the server cannot write what a request brought it (an upload, an import's spooled body, a
 * download's spool): the server's failure, not the client's — 507 Insufficient Storage when the device is out
 * of space, 503 otherwise, both with {@code Retry-After}, the cause logged.
 */
public final class StorageFailure {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");
  /** How long a client should wait before trying again: space is freed by an operator, not in a second. */
  static final String RETRY_AFTER_SECONDS = "30";

  private StorageFailure() {}

  /**
   * {@code what} names what could not be written ("the file store of tasks.upload could not write the
   * upload"); {@code discarded} says what the client should know was kept of its request ("nothing was stored").
   */
  public static HttpVeto of(String what, String discarded, IOException failure) {
    String reason = String.valueOf(failure.getMessage());
    boolean full = reason.toLowerCase(Locale.ROOT).contains("no space left");
    LOG.warn("{}: {}", what, failure.toString());
    return new HttpVeto(full ? 507 : 503, what + (full ? ": the server is out of space" : "") + "; " + discarded
        + "; retry later", Map.of("Retry-After", RETRY_AFTER_SECONDS));
  }
}
