package dev.scribe.repository;

import java.util.Map;

/**
 * A completed repository write, published on {@link DataStore#events()} and
 * {@link DataStore#asyncEvents()} only after its unit of work committed. Subscribe with Guava's
 * {@code @Subscribe} to this type for every write, or to a subclass for one kind.
 *
 * <pre>{@code
 * store.events().register(new Object() {
 *   @Subscribe public void on(EntityCreated created) { mail.send("new " + created.entityName()); }
 * });
 * }</pre>
 */
public abstract class EntityEvent {
  private final Class<?> entityType;
  private final String entityName;
  private final Object id;
  private final Map<String, Object> snapshot;
  private Object user;

  EntityEvent(Class<?> entityType, String entityName, Object id, Map<String, Object> snapshot) {
    this.entityType = entityType;
    this.entityName = entityName;
    this.id = id;
    this.snapshot = snapshot;
  }

  /** The entity class. */
  public Class<?> entityType() {
    return entityType;
  }

  /** The JPA entity name: {@code Task}. */
  public String entityName() {
    return entityName;
  }

  /** The record's id. */
  public Object id() {
    return id;
  }

  /** The record as {@code EntityModel.toMap} renders it: after the write, or before a delete. */
  public Map<String, Object> snapshot() {
    return snapshot;
  }

  /** The caller of the unit of work that made the write (a {@code dev.scribe.core.User} over HTTP), or null. */
  public Object user() {
    return user;
  }

  EntityEvent withUser(Object caller) {
    this.user = caller;
    return this;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + entityName + " " + id + " " + snapshot + "]";
  }
}
