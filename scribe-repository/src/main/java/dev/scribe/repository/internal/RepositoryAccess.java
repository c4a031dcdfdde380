package dev.scribe.repository.internal;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.internal.unit.CallArgs;
import dev.scribe.repository.internal.write.Writes;

/**
 * Internal and unsupported: what the framework's own classes use of a {@link Repository} beyond its public
 * methods, without making it part of the repository's documented API.
 */
public final class RepositoryAccess {
  /** Implemented by the repository package, which alone reaches these members. */
  public interface Bridge {
    void refuseIfRegistered(Repository<?, ?> repository);

    void attach(Repository<?, ?> repository, DataStore store, EventManager events, EntityModel<?> model);

    <ID> ID convertId(Repository<?, ID> repository, String raw);

    Options effectiveOptions(Repository<?, ?> repository, String path, CallOptions options);

    <E, ID> Writes<E, ID> writes(Repository<E, ID> repository);
  }

  private static final Installed<Bridge> BRIDGE = new Installed<>("RepositoryAccess");

  private RepositoryAccess() {}

  /** A configuration error when {@code repository} is registered with a data store already. */
  public static void refuseIfRegistered(Repository<?, ?> repository) {
    BRIDGE.get().refuseIfRegistered(repository);
  }

  /** Binds a repository to its store, event manager and entity model. */
  public static void attach(Repository<?, ?> repository, DataStore store, EventManager events, EntityModel<?> model) {
    BRIDGE.get().attach(repository, store, events, model);
  }

  /** {@code raw} as an id; a 400 veto when it is not one. */
  public static <ID> ID convertId(Repository<?, ID> repository, String raw) {
    return BRIDGE.get().convertId(repository, raw);
  }

  /** The record with that id inside the row scope of the open unit of work's user, or null. */
  public static <E> E lookupInScope(Repository<E, ?> repository, Object id) {
    return writes(repository).reads().lookupInScope(id);
  }

  /**
   * Deletes one record as {@link Repository#delete(Object, CallOptions)} does, and returns what the call deleted
   * (the entity its {@code processResultsDelete} handlers left, possibly null), for the controller's
   * {@code onPostDestroy}, which carries it as {@code entity} as the other actions' post events do.
   */
  public static <E> E deleteOne(Repository<E, ?> repository, Object id, CallOptions options) {
    java.util.List<Object> ids = new java.util.ArrayList<>();
    ids.add(id);
    java.util.List<E> deleted = writes(repository).delete(ids, options, true).items();
    return deleted.isEmpty() ? null : deleted.get(0);
  }

  /** The effective options of a call: the options for its path with the call's overrides on top. */
  public static Options effectiveOptions(Repository<?, ?> repository, String path, CallOptions options) {
    return BRIDGE.get().effectiveOptions(repository, path, options);
  }

  /** The write path of a registered repository. */
  public static <E, ID> Writes<E, ID> writes(Repository<E, ID> repository) {
    return BRIDGE.get().writes(repository);
  }

  /** The args every event of a call starts from. */
  public static EventArgs callArgs(Repository<?, ?> repository, String path, CallOptions options, Options effective) {
    return CallArgs.of(repository, repository.store(), path, options, effective);
  }

  /** Called once, by the repository package; a second call is refused. */
  public static void install(Bridge implementation) {
    BRIDGE.install(implementation);
  }
}
