package dev.scribe.core;

/**
 * Root of every exception Scribe throws on purpose.
 *
 * <p>Subclasses name a family of failures: {@link Veto} (a handler stopped the operation),
 * {@link ConfigurationException} (a registration, binding or option is wrong),
 * {@link ReadOnlyArgumentException} and {@link DispatchDepthException} (a handler misbehaved at run time).
 */
public class ScribeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScribeException(String message) {
    super(message);
  }

  public ScribeException(String message, Throwable cause) {
    super(message, cause);
  }
}
