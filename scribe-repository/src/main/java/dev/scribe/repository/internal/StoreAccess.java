package dev.scribe.repository.internal;

import dev.scribe.entity.internal.EntityBinder;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.internal.unit.DatabaseLocks;
import dev.scribe.repository.internal.unit.DroppedRecords;
import dev.scribe.repository.internal.unit.UnitState;

/**
 * Internal and unsupported: what the framework's own classes use of a {@link DataStore} beyond its public
 * methods, without making it part of the store's documented API.
 */
public final class StoreAccess {
  /** Implemented by the repository package, which alone reaches these members. */
  public interface Bridge {
    UnitState requireUnit(DataStore store);

    RuntimeException translate(DataStore store, RuntimeException e, Object written);

    boolean publishing(DataStore store);

    DroppedRecords droppedRecords(DataStore store);

    int batchSize(DataStore store);

    DatabaseLocks locks(DataStore store);

    EntityBinder binder(DataStore store);

    ParamsCheck paramsCheck(DataStore store);

    Repository<?, ?> repositoryOrNull(DataStore store, Class<?> type);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("StoreAccess");

  private StoreAccess() {}

  /** The unit of work open on this thread; a usage error when none is. */
  public static UnitState requireUnit(DataStore store) {
    return BRIDGE.get().requireUnit(store);
  }

  /** Vetoes pass unchanged; database failures become the repository's exceptions. */
  public static RuntimeException translate(DataStore store, RuntimeException e) {
    return BRIDGE.get().translate(store, e, null);
  }

  /** {@link #translate(DataStore, RuntimeException)} naming {@code written} when Hibernate does not say which record failed. */
  public static RuntimeException translate(DataStore store, RuntimeException e, Object written) {
    return BRIDGE.get().translate(store, e, written);
  }

  /** True when a subscriber is registered on a bus, so completed writes must be recorded for publishing. */
  public static boolean publishing(DataStore store) {
    return BRIDGE.get().publishing(store);
  }

  /** The records {@code retrying} runs again without, or null outside it. */
  public static DroppedRecords droppedRecords(DataStore store) {
    return BRIDGE.get().droppedRecords(store);
  }

  /** How many records of a batch are written between two flush points. */
  public static int batchSize(DataStore store) {
    return BRIDGE.get().batchSize(store);
  }

  public static DatabaseLocks locks(DataStore store) {
    return BRIDGE.get().locks(store);
  }

  public static EntityBinder binder(DataStore store) {
    return BRIDGE.get().binder(store);
  }

  public static ParamsCheck paramsCheck(DataStore store) {
    return BRIDGE.get().paramsCheck(store);
  }

  public static Repository<?, ?> repositoryOrNull(DataStore store, Class<?> type) {
    return BRIDGE.get().repositoryOrNull(store, type);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
