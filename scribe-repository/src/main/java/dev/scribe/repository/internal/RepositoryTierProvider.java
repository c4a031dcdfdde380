package dev.scribe.repository.internal;

import dev.scribe.core.Tier;
import dev.scribe.core.TierProvider;
import dev.scribe.repository.RepositoryTier;

/** Makes the repository tier known to every Scribe on the class path. */
public final class RepositoryTierProvider implements TierProvider {
  @Override
  public Tier tier() {
    return RepositoryTier.TIER;
  }
}
