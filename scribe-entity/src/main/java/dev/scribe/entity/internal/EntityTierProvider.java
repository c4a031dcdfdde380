package dev.scribe.entity.internal;

import dev.scribe.core.Tier;
import dev.scribe.core.TierProvider;
import dev.scribe.entity.EntityTier;

/** Makes the entity tier known to every Scribe on the class path. */
public final class EntityTierProvider implements TierProvider {
  @Override
  public Tier tier() {
    return EntityTier.TIER;
  }
}
