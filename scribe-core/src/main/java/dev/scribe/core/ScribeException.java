package dev.scribe.core;

/**
 * Root of every exception Scribe throws on purpose.
 *
 * <p>Subclasses name a family of failures, each message naming the culprit (handler, option, entity, file)
 * and the fix: {@link Veto} (a handler stopped the operation), {@link ConfigurationException} (a
 * registration, binding, mapping or option is wrong; thrown at registration or start-up),
 * {@link ArgsContractException} (a handler broke the contract of the args at run time, such as
 * {@link ReadOnlyArgumentException}), {@link DispatchDepthException} (handlers fired events too deeply).
 * The root itself is thrown for failures of the environment (a server that cannot start, a database the
 * library cannot reach), with the underlying exception as its cause.
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
