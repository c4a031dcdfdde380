package dev.scribe.core;

/**
 * One args value a handler changed, as recorded by a {@link Trace} that {@link Trace#recordValues records
 * values}: short renderings of the value before and after the handler ran, secrets masked.
 *
 * @param key    the args key, or {@code key.entry} for an entry of a map changed in place
 *               ({@code params.title})
 * @param before the rendering before the handler ran, or null when the key was absent
 * @param after  the rendering after the handler ran, or null when the handler removed the key
 */
public record TraceChange(String key, String before, String after) {

  @Override
  public String toString() {
    return key + ": " + (before == null ? "(absent)" : before) + " -> " + (after == null ? "(removed)" : after);
  }
}
