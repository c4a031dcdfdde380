package dev.scribe.entity.internal;

import dev.scribe.core.EventArgs;
import java.util.Map;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What the entity tier needs from the unit of work running on the current thread: the args of events
 * about an entity, which entities already had their {@code prePersist}, and the post events waiting for
 * Hibernate to finish executing statements.
 */
public interface EntityEventContext {

  /**
   * The args of events about {@code entity} ({@code self} = the entity), created on first use from the
   * operation's args and {@code params} (null when the entity did not come from params). The same
   * instance is returned for the same entity while its record is handled and, when the record's write waits
   * for a flush point, until that flush point has sent it and run its post events.
   */
  EventArgs entityArgs(Object entity, Map<String, Object> params);

  /** Records that {@code prePersist} fires for {@code entity}; false when it already did. */
  boolean firstPersist(Object entity);

  /**
   * Queues a post event ({@code postPersist}, {@code postUpdate}, {@code postRemove}) raised while
   * Hibernate executes its statements, to run at the next safe point: at the end of the flush, once the
   * JDBC batch holding the statement has been sent. Handlers may then query and persist like anywhere else.
   */
  void defer(Runnable postEvent);

  /** Runs the queued post events in order (events queued meanwhile included); a no-op when already running. */
  void runDeferred();

  /**
   * Tells that a new entity is being persisted (before Hibernate's own persist listener), whether or not
   * it has handlers, so the unit of work knows which record it belongs to when its INSERT fails later.
   */
  void persisting(Object entity);

  /**
   * Tells that Hibernate is about to insert {@code entity} with {@code state}, so that a flush whose JDBC
   * batch fails can insert the same rows again one at a time and find the one the database refuses.
   */
  void inserting(Object entity, Object id, Object[] state, EntityPersister persister);
}
