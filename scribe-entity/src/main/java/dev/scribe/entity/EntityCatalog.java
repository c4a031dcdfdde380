package dev.scribe.entity;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entity classes of one data store: for each, its {@link EntityModel} and its entity-tier event
 * manager (created with {@code scribe.registerType(EntityTier.TIER, type, ScribeEntity.class)}, so the
 * class's convention-named methods are subscribed).
 *
 * <p>Thread-safe; built once when the data store starts.
 *
 * <pre>{@code
 * EntityCatalog catalog = store.entities();
 * catalog.events(Task.class).on("prePersist", args -> ...);
 * EntityModel<Task> model = catalog.model(Task.class);
 * }</pre>
 */
public final class EntityCatalog {
  private final Map<Class<?>, EntityModel<?>> models = new LinkedHashMap<>();
  private final Map<Class<?>, EventManager> managers = new java.util.HashMap<>();
  private final Map<Class<?>, Class<?>> resolved = new ConcurrentHashMap<>();

  private EntityCatalog() {}

  /**
   * Describes {@code types} from the JPA metamodel and registers an entity event manager for each.
   * A class the metamodel does not know is a configuration error naming it.
   */
  public static EntityCatalog build(Scribe scribe, Metamodel metamodel, Collection<Class<?>> types) {
    EntityCatalog catalog = new EntityCatalog();
    for (Class<?> type : types) {
      EntityType<?> entityType;
      try {
        entityType = metamodel.entity(type);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(type.getName() + " is not a mapped entity; annotate it with @Entity", e);
      }
      catalog.models.put(type, EntityIntrospector.describe(type, entityType, catalog::modelOrNull));
    }
    for (Class<?> type : types) {
      catalog.managers.put(type, scribe.registerType(EntityTier.TIER, type, ScribeEntity.class));
    }
    return catalog;
  }

  /** The entity classes, in the order given. */
  public List<Class<?>> types() {
    return List.copyOf(models.keySet());
  }

  /** The model of {@code type}; an error naming the class when it is not an entity of this store. */
  @SuppressWarnings("unchecked")
  public <E> EntityModel<E> model(Class<E> type) {
    requireType(type, "model");
    EntityModel<?> model = modelOrNull(type);
    if (model == null) {
      throw new ConfigurationException(type.getName() + " is not an entity of this data store; add it with "
          + "DataStore.builder(...).entities(" + type.getSimpleName() + ".class)");
    }
    return (EntityModel<E>) model;
  }

  /** The model of {@code type} or of its nearest entity superclass (for proxies), if any. */
  @SuppressWarnings("unchecked")
  public <E> Optional<EntityModel<E>> find(Class<E> type) {
    requireType(type, "find");
    return Optional.ofNullable((EntityModel<E>) modelOrNull(type));
  }

  /**
   * The event manager of an entity class (or of the entity class a proxy class extends); an error naming the
   * class when it is not an entity of this store, as {@link #model} does, since a handler attached to nothing
   * would never run.
   */
  public EventManager events(Class<?> type) {
    requireType(type, "events");
    EventManager manager = eventsOrNull(type);
    if (manager == null) {
      throw new ConfigurationException(type.getName() + " is not an entity of this data store, so it has no entity"
          + " events; add it with DataStore.builder(...).entities(" + type.getSimpleName() + ".class)");
    }
    return manager;
  }

  /** The event manager of an entity class (or of the entity class a proxy class extends), or null. */
  public EventManager eventsOrNull(Class<?> type) {
    if (type == null) {
      return null;
    }
    // Asked for every entity event and every binding, a batch's records all of one class: the last answer is
    // kept where one read finds it (the managers do not change once the catalog is built)
    KnownEvents last = this.lastEvents;
    if (last != null && last.type == type) {
      return last.manager;
    }
    EventManager manager = managers.get(type);
    if (manager == null) {
      Class<?> entityClass = resolve(type);
      manager = entityClass == null ? null : managers.get(entityClass);
    }
    if (manager != null) {
      this.lastEvents = new KnownEvents(type, manager);
    }
    return manager;
  }

  private volatile KnownEvents lastEvents;

  private record KnownEvents(Class<?> type, EventManager manager) {}

  /** A null class is the caller's mistake, named as such rather than left to fail as a map lookup. */
  private static void requireType(Class<?> type, String call) {
    if (type == null) {
      throw new UsageException(call + "(null): pass an entity class of this store, e.g. " + call + "(Task.class)");
    }
  }

  /** The model of {@code type} or of its nearest entity superclass (for proxies), or null. */
  public EntityModel<?> modelOrNull(Class<?> type) {
    if (type == null) {
      return null;
    }
    EntityModel<?> model = models.get(type);
    if (model != null) {
      return model;
    }
    Class<?> entityClass = resolve(type);
    return entityClass == null ? null : models.get(entityClass);
  }

  private Class<?> resolve(Class<?> type) {
    if (models.containsKey(type)) {
      return type;
    }
    Class<?> cached = resolved.get(type);
    if (cached != null) {
      return cached == Void.class ? null : cached;
    }
    Class<?> found = null;
    for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (models.containsKey(c)) {
        found = c;
        break;
      }
    }
    resolved.put(type, found == null ? Void.class : found);
    return found;
  }
}
