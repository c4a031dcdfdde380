package dev.scribe.repository;

import dev.scribe.core.Change;
import java.util.Map;

/** A record was updated and its unit of work committed. */
public final class EntityUpdated extends EntityEvent {
  private final Map<String, Change> changes;
  private final Map<String, Object> before;

  EntityUpdated(Class<?> entityType, String entityName, Object id, Map<String, Object> snapshot,
      Map<String, Change> changes, Map<String, Object> before) {
    super(entityType, entityName, id, snapshot);
    this.changes = changes;
    this.before = before;
  }

  /**
   * The record as {@code EntityModel.toMap} rendered it when the update loaded it, before anything was
   * written: unlike {@code snapshot()} with {@link #changes()} undone, it also holds what changed besides the
   * params — the version Hibernate incremented, a counter an entity {@code preUpdate} handler raised.
   */
  public Map<String, Object> before() {
    return before;
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
