package dev.scribe.entity.internal;

/** Finds the {@link EntityEventContext} of the current thread, or null outside a unit of work. */
@FunctionalInterface
public interface EntityEventContexts {

  /** The context of the unit of work open on this thread, or null. */
  EntityEventContext current();
}
