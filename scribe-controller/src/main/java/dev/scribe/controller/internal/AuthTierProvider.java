package dev.scribe.controller.internal;

import dev.scribe.controller.AuthTier;
import dev.scribe.core.Tier;
import dev.scribe.core.TierProvider;

/** Makes the auth tier known to every Scribe on the class path. */
public final class AuthTierProvider implements TierProvider {

  @Override
  public Tier tier() {
    return AuthTier.TIER;
  }
}
