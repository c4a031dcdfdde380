package dev.scribe.core;

/**
 * A handler, subscription, binding file or option is wrong; thrown at registration or start-up,
 * never in the middle of a request. The message names the culprit and the fix.
 */
public class ConfigurationException extends ScribeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
