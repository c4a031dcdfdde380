package dev.scribe.core;

/**
 * A handler tried to replace or remove one of the identity keys of {@link EventArgs}
 * ({@code self}, {@code path}, {@code action}, {@code controller}).
 */
public final class ReadOnlyArgumentException extends ScribeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String handler;

  ReadOnlyArgumentException(String key) {
    super(message(key, null));
    this.key = key;
    this.handler = null;
  }

  private ReadOnlyArgumentException(String key, String handler, ReadOnlyArgumentException cause) {
    super(message(key, handler), cause);
    this.key = key;
    this.handler = handler;
  }

  /** The identity key that was written. */
  public String key() {
    return key;
  }

  /** The handler that wrote it, or null when the write happened outside a handler. */
  public String handler() {
    return handler;
  }

  ReadOnlyArgumentException blame(String handlerName) {
    return handler != null ? this : new ReadOnlyArgumentException(key, handlerName, this);
  }

  private static String message(String key, String handler) {
    String who = handler == null ? "" : "handler " + handler + " tried to replace ";
    String what = handler == null ? "the args key '" + key + "' is read-only" : "the read-only args key '" + key + "'";
    return who + what
        + "; identity keys (self, path, action, controller) cannot be replaced or removed: change values inside them instead";
  }
}
