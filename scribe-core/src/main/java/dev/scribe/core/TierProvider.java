package dev.scribe.core;

/**
 * Makes a tier known to every {@link Scribe} on the class path, through {@link java.util.ServiceLoader},
 * so that binding files can name its events. Each tier module lists its provider in
 * {@code META-INF/services/dev.scribe.core.TierProvider}.
 */
public interface TierProvider {

  /** The tier this module defines. */
  Tier tier();
}
