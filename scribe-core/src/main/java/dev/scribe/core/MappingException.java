package dev.scribe.core;

/**
 * An entity could not be read, written or created as its mapping says: an accessor failed, a value of the
 * wrong type reached an attribute, or a class could not be instantiated. The message names the entity,
 * the attribute and the cause.
 */
public class MappingException extends ScribeException {
  private static final long serialVersionUID = 1L;

  public MappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
