package dev.scribe.core;

/**
 * One event of a {@link Tier}'s catalogue. Instances are unique per tier; compare them with {@code ==}.
 * Firing by {@code Event} rather than by name skips a map lookup on the hot path.
 */
public final class Event {
  private final Tier tier;
  private final String name;
  private final int index;

  Event(Tier tier, String name, int index) {
    this.tier = tier;
    this.name = name;
    this.index = index;
  }

  /** The tier whose catalogue holds this event. */
  public Tier tier() {
    return tier;
  }

  /** The event name, which is also the name of the convention handler method. */
  public String name() {
    return name;
  }

  int index() {
    return index;
  }

  @Override
  public String toString() {
    return tier.name() + "." + name;
  }
}
