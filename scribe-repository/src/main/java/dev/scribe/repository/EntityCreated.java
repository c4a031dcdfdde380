package dev.scribe.repository;

import java.util.Map;

/** A record was created and its unit of work committed. */
public final class EntityCreated extends EntityEvent {
  EntityCreated(Class<?> entityType, String entityName, Object id, Map<String, Object> snapshot) {
    super(entityType, entityName, id, snapshot);
  }
}
