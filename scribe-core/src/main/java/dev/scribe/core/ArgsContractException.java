package dev.scribe.core;

import dev.scribe.core.internal.Words;

/**
 * A handler broke the contract of the {@link EventArgs}: it put a value of the wrong type under a key whose
 * type the framework relies on ({@code query} must stay a {@code Map}, {@code results} a {@code List}), or
 * replaced or removed a read-only key ({@link ReadOnlyArgumentException}). Thrown where the handler wrote,
 * so that it names the handler and the fix rather than failing later in the framework.
 */
public class ArgsContractException extends ScribeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String handler;
  private final Class<?> expected;
  private final String found;
  /** True when the value was read as another type than it holds, false when it was put there. */
  private final boolean read;

  /**
   * A broken contract found after the handlers ran, when the handler is no longer known: {@code message}
   * says which key and what it must hold.
   */
  public ArgsContractException(String key, String message) {
    this(message, key, null, null);
  }

  ArgsContractException(String message, String key, String handler, Throwable cause) {
    super(message, cause);
    this.key = key;
    this.handler = handler;
    this.expected = null;
    this.found = null;
    this.read = false;
  }

  private ArgsContractException(String key, Class<?> expected, String found, String handler, Throwable cause,
      boolean read) {
    super(read ? readMessage(key, expected, found, handler) : typeMessage(key, expected, found, handler), cause);
    this.key = key;
    this.handler = handler;
    this.expected = expected;
    this.found = found;
    this.read = read;
  }

  /** A value of the wrong type put under {@code key}, which must hold an {@code expected}. */
  static ArgsContractException wrongType(String key, Class<?> expected, Object value) {
    return new ArgsContractException(key, expected, value.getClass().getName(), null, null, false);
  }

  /** The value under {@code key} read as an {@code expected}, which it is not. */
  static ArgsContractException wrongRead(String key, Class<?> expected, Object value) {
    return new ArgsContractException(key, expected, value.getClass().getName(), null, null, true);
  }

  /** The args key that was written. */
  public String key() {
    return key;
  }

  /** The handler that wrote it, or null when the write happened outside a handler. */
  public String handler() {
    return handler;
  }

  /** This exception naming {@code handlerName} as the culprit, unless a handler is named already. */
  ArgsContractException blame(String handlerName) {
    // a contract found broken after the handlers ran (no type known) cannot be pinned on the handler running now
    return handler != null || expected == null ? this
        : new ArgsContractException(key, expected, found, handlerName, this, read);
  }

  private static String readMessage(String key, Class<?> expected, String found, String handler) {
    String hint = (EventArgs.PARAMS.equals(key) ? " (the params of a batch are the list of its records)" : "")
        + ", or find the handler that put it there";
    return (handler == null ? "the args key '" + key + "' was read" : "handler " + handler + " read the args key '" + key
        + "'") + " as " + Words.withArticle(expected.getName()) + ", but it holds " + Words.withArticle(found) + "; read it as what it holds" + hint;
  }

  private static String typeMessage(String key, Class<?> expected, String found, String handler) {
    String who = handler == null ? Words.withArticle(found) : "handler " + handler + " put " + Words.withArticle(found);
    return who + (handler == null ? " cannot go" : "") + " under the args key '" + key + "', which must hold "
        + Words.withArticle(expected.getSimpleName()) + "; change the entries of the " + expected.getSimpleName()
        + " that is there instead of replacing it, or put the data under another key";
  }
}
