package dev.scribe.core;

/** Where a handler came from, as shown by introspection and trace. */
public enum HandlerSource {
  /** A convention-named method declared on the owner's own class. */
  OWN_METHOD,
  /** A method of an attached subscriber object, convention-named or annotated with {@link On}. */
  SUBSCRIBER,
  /** A handler registered by name and bound in configuration. */
  NAMED,
  /** A lambda or other {@link EventHandler} attached with {@code on(...)}. */
  LAMBDA
}
