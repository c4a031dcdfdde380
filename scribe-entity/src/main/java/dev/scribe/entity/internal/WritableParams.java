package dev.scribe.entity.internal;

/**
 * Marks a params map that the framework owns and that {@link ParamsCheck} may write converted values
 * into, like a {@code HashMap}: a record's copy-on-write frame, whose writes never reach the caller's map.
 * The binder then finds each value typed and converts it once, not twice.
 */
public interface WritableParams {}
