package dev.scribe.repository;

import java.util.Map;

/** A record was deleted and its unit of work committed; the snapshot is the record before the delete. */
public final class EntityDeleted extends EntityEvent {
  EntityDeleted(Class<?> entityType, String entityName, Object id, Map<String, Object> snapshot) {
    super(entityType, entityName, id, snapshot);
  }
}
