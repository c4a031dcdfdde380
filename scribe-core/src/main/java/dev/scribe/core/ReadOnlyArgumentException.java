package dev.scribe.core;

/**
 * A handler tried to replace or remove one of the identity keys of {@link EventArgs}
 * ({@code self}, {@code path}, {@code action}, {@code controller}).
 */
public final class ReadOnlyArgumentException extends ArgsContractException {
  private static final long serialVersionUID = 1L;

  private final String operation;

  ReadOnlyArgumentException(String key, String operation) {
    super(message(key, operation, null), key, null, null);
    this.operation = operation;
  }

  private ReadOnlyArgumentException(String key, String operation, String handler, ReadOnlyArgumentException cause) {
    super(message(key, operation, handler), key, handler, cause);
    this.operation = operation;
  }

  @Override
  ReadOnlyArgumentException blame(String handlerName) {
    return handler() != null ? this : new ReadOnlyArgumentException(key(), operation, handlerName, this);
  }

  private static String message(String key, String operation, String handler) {
    String what = handler == null
        ? "cannot " + operation + " the args key '" + key + "': it is read-only"
        : "handler " + handler + " tried to " + operation + " the read-only args key '" + key + "'";
    return what + "; identity keys (self, path, action, controller) are set when the args are built and cannot be"
        + " replaced or removed: change values inside them, or put the data under another key";
  }
}
