package dev.scribe.core;

/**
 * A handle on what one {@code on(...)} or {@code subscribe(...)} attached. Removing it detaches every
 * handler it covers; removing twice is harmless.
 */
public interface Subscription extends AutoCloseable {

  /** Detaches the handlers; they do not run for events fired after this returns. */
  void remove();

  /** True until {@link #remove()}. */
  boolean active();

  /** Same as {@link #remove()}, for try-with-resources. */
  @Override
  default void close() {
    remove();
  }
}
