package dev.scribe.entity.internal;

/**
 * Marks a params map that the framework owns and that {@link ParamsCheck} may write converted values
 * into, like a {@code HashMap}: a record's copy-on-write frame, whose writes never reach the caller's map.
 * The binder then finds each value typed and converts it once, not twice.
 */
public interface WritableParams {

  /**
   * How many times a key was added to or removed from this map so far (a changed value does not count): the
   * binder does not apply the mass-assignment rule again to keys the params check passed while this stays the same.
   */
  int keyChanges();

  /** The keys, in order, in a new array: the snapshot the binder iterates while handlers may change the map. */
  String[] keyArray();
}
