package dev.scribe.repository.internal;

import dev.scribe.entity.internal.EntityBinder;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.internal.store.StoreRoles;
import dev.scribe.repository.internal.unit.DatabaseLocks;
import dev.scribe.repository.internal.unit.DroppedRecords;
import dev.scribe.repository.internal.unit.UnitState;

/**
 * Internal and unsupported: what the framework's own classes use of a {@link DataStore} beyond its public
 * methods — its roles ({@link StoreRoles}) — without making them part of the store's documented API.
 */
public final class StoreAccess {
  /** Implemented by the repository package, which alone reaches the store's roles. */
  public interface Bridge {
    StoreRoles roles(DataStore store);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("StoreAccess");

  private StoreAccess() {}

  /** The unit of work open on this thread, or null. */
  public static UnitState currentUnit(DataStore store) {
    return roles(store).transactions().current();
  }

  /** The unit of work open on this thread; a usage error when none is. */
  public static UnitState requireUnit(DataStore store) {
    return roles(store).transactions().require();
  }

  /** Vetoes pass unchanged; database failures become the repository's exceptions. */
  public static RuntimeException translate(DataStore store, RuntimeException e) {
    return roles(store).transactions().translate(e, null);
  }

  /** {@link #translate(DataStore, RuntimeException)} naming {@code written} when Hibernate does not say which record failed. */
  public static RuntimeException translate(DataStore store, RuntimeException e, Object written) {
    return roles(store).transactions().translate(e, written);
  }

  /** True when a subscriber is registered on a bus, so completed writes must be recorded for publishing. */
  public static boolean publishing(DataStore store) {
    return roles(store).publishing().publishing();
  }

  /** The records {@code retrying} runs again without, or null outside it. */
  public static DroppedRecords droppedRecords(DataStore store) {
    return roles(store).transactions().droppedRecords();
  }

  /** How many records of a batch are written between two flush points. */
  public static int batchSize(DataStore store) {
    return roles(store).hibernate().batchSize();
  }

  public static DatabaseLocks locks(DataStore store) {
    return roles(store).locks();
  }

  public static EntityBinder binder(DataStore store) {
    return roles(store).hibernate().binder();
  }

  public static ParamsCheck paramsCheck(DataStore store) {
    return roles(store).hibernate().paramsCheck();
  }

  public static Repository<?, ?> repositoryOrNull(DataStore store, Class<?> type) {
    return roles(store).repositories().orNull(type);
  }

  /** The roles {@code store} is the front of. */
  public static StoreRoles roles(DataStore store) {
    return BRIDGE.get().roles(store);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
