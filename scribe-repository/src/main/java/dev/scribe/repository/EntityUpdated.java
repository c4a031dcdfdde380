package dev.scribe.repository;

import dev.scribe.core.Change;
import java.util.Map;

/** A record was updated and its unit of work committed. */
public final class EntityUpdated extends EntityEvent {
  private final Map<String, Change> changes;

  EntityUpdated(Class<?> entityType, String entityName, Object id, Map<String, Object> snapshot,
      Map<String, Change> changes) {
    super(entityType, entityName, id, snapshot);
    this.changes = changes;
  }

  /** Attribute to old and new value, for the attributes the update changed (associations by id). */
  public Map<String, Change> changes() {
    return changes;
  }

  @Override
  public String toString() {
    return "EntityUpdated[" + entityName() + " " + id() + " " + changes + "]";
  }
}
