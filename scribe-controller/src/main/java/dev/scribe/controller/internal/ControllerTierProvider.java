package dev.scribe.controller.internal;

import dev.scribe.controller.ControllerTier;
import dev.scribe.core.Tier;
import dev.scribe.core.TierProvider;

/** Makes the controller tier known to every Scribe on the class path. */
public final class ControllerTierProvider implements TierProvider {

  @Override
  public Tier tier() {
    return ControllerTier.TIER;
  }
}
