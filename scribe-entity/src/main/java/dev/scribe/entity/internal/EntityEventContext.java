package dev.scribe.entity.internal;

import dev.scribe.core.EventArgs;
import java.util.Map;

/**
 * What the entity tier needs from the unit of work running on the current thread: the args of events
 * about an entity, and which entities already had their {@code prePersist}.
 */
public interface EntityEventContext {

  /**
   * The args of events about {@code entity} ({@code self} = the entity), created on first use from the
   * operation's args and {@code params} (null when the entity did not come from params). The same
   * instance is returned for the same entity until the unit of work ends.
   */
  EventArgs entityArgs(Object entity, Map<String, Object> params);

  /** Records that {@code prePersist} fires for {@code entity}; false when it already did. */
  boolean firstPersist(Object entity);
}
