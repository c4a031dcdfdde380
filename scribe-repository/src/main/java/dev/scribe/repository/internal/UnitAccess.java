package dev.scribe.repository.internal;

import dev.scribe.repository.UnitOfWork;
import dev.scribe.repository.internal.unit.UnitState;

/**
 * Internal and unsupported: the link between a public {@link UnitOfWork} and the {@link UnitState} the
 * framework's own classes work with.
 */
public final class UnitAccess {
  /** Implemented by the repository package, which alone reaches these members. */
  public interface Bridge {
    UnitOfWork front(UnitState state);

    UnitState state(UnitOfWork unit);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("UnitAccess");

  private UnitAccess() {}

  /** The application's view of {@code state}; called once per unit, by the state itself. */
  public static UnitOfWork front(UnitState state) {
    return BRIDGE.get().front(state);
  }

  /** What {@code unit} holds. */
  public static UnitState state(UnitOfWork unit) {
    return BRIDGE.get().state(unit);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
