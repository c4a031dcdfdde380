package dev.scribe.core;

/** A tier found through {@link TierProvider} on the test class path. */
public final class DiscoveredTierProvider implements TierProvider {
  static final Tier DISCOVERED = Tier.builder("discovered").events("onPing").handlerPrefixes("on").build();

  @Override
  public Tier tier() {
    return DISCOVERED;
  }
}
