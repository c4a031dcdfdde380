package dev.scribe.core;

/**
 * A method of the library was called with an argument it cannot take (a veto with a success status, a
 * negative limit, a request naming an action its controller does not have). The message names the
 * argument and what to pass instead.
 */
public class UsageException extends ScribeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
