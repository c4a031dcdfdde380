package dev.scribe.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method {@code void anyName(EventArgs args)} of a subscriber as a handler of an explicit event,
 * or gives a convention-named handler a priority or a path filter.
 *
 * <pre>{@code
 * final class Audit {
 *   @On(value = "postCreate", priority = -10, path = "admin.**")
 *   void record(EventArgs args) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface On {

  /** The event; empty means the method's own name. */
  String value() default "";

  /** Higher runs first; 0 is the default of every handler. */
  int priority() default 0;

  /** A context-path glob ({@code admin.**}, {@code *.store}) the handler is restricted to; empty means all paths. */
  String path() default "";
}
