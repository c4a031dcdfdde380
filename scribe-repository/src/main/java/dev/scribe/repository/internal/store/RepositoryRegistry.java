package dev.scribe.repository.internal.store;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.internal.RepositoryAccess;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repositories of a {@link DataStore}, one per entity class: checked when registered (an entity of the
 * store, ids of the entity's id type, no second repository), refused without leaving anything behind.
 * Thread-safe.
 */
public final class RepositoryRegistry {
  private final Scribe scribe;
  private final EntityCatalog catalog;
  private final Map<Class<?>, Repository<?, ?>> repositories = new ConcurrentHashMap<>();

  public RepositoryRegistry(Scribe scribe, EntityCatalog catalog) {
    this.scribe = scribe;
    this.catalog = catalog;
  }

  /** The repository's class name, or what it is when it has none (an anonymous subclass). */
  private static String describe(Repository<?, ?> repository, Class<?> type) {
    String simple = repository.getClass().getSimpleName();
    return simple.isEmpty() ? "the anonymous repository of " + type.getSimpleName() + " (" + repository.getClass().getName()
        + ")" : simple;
  }

  /**
   * Refuses a name that cannot begin the repository's context paths ({@code <name>.create}, ...): each call would
   * otherwise fail building its args, far from the override of {@code name()} that caused it.
   */
  private static void checkName(Repository<?, ?> repository, String named) {
    String name = repository.name();
    try {
      if (name != null) {
        dev.scribe.core.EventArgs.builder().path(name);
      }
    } catch (dev.scribe.core.UsageException invalid) {
      name = null;
    }
    if (name == null) {
      throw new ConfigurationException(named + ".name() returns " + (repository.name() == null ? "null"
          : "\"" + repository.name() + "\"") + ", which cannot begin a context path (<name>.create, <name>.get, ...);"
          + " return names separated by single dots, without whitespace or '*', such as \"tasks\" or \"admin.tasks\"");
    }
  }

  /** Registers {@code repository} with {@code store}; see {@link DataStore#register}. */
  public <R extends Repository<?, ?>> R register(DataStore store, R repository) {
    Class<?> type = repository.entityType();
    String named = describe(repository, type);
    EntityModel<?> model = catalog.find(type).orElseThrow(() -> new ConfigurationException(
        named + " manages " + type.getName()
        + ", which is not an entity of this data store; add it with DataStore.builder(...).entities("
        + type.getSimpleName() + ".class)"));
    checkName(repository, named);
    Class<?> idType = ValueConverter.wrap(model.id().javaType());
    if (!idType.equals(repository.idType())) {
      throw new ConfigurationException(named + " declares ids of type "
          + repository.idType().getSimpleName() + ", but " + type.getSimpleName() + "." + model.id().name() + " is a "
          + idType.getSimpleName() + "; declare it as Repository<" + type.getSimpleName() + ", " + idType.getSimpleName() + ">");
    }
    // Everything that can refuse the repository runs before it is recorded, so that a refusal leaves nothing behind.
    synchronized (repositories) {
      Repository<?, ?> existing = repositories.get(type);
      if (existing != null) {
        throw new ConfigurationException(type.getSimpleName() + " already has a repository ("
            + existing.getClass().getSimpleName() + "); register one repository per entity class");
      }
      RepositoryAccess.refuseIfRegistered(repository);
      EventManager events = scribe.register(RepositoryTier.TIER, repository, Repository.class, ownerName(repository));
      RepositoryAccess.attach(repository, store, events, model);
      repositories.put(type, repository);
    }
    return repository;
  }

  /** The repository of {@code type}; an error naming the class when none is registered. */
  public Repository<?, ?> get(Class<?> type) {
    Repository<?, ?> repository = repositories.get(type);
    if (repository == null) {
      throw new ConfigurationException("no repository is registered for " + type.getName()
          + "; register one with store.register(new " + type.getSimpleName() + "Repository())");
    }
    return repository;
  }

  /** The repository of {@code type}, or null. */
  public Repository<?, ?> orNull(Class<?> type) {
    return repositories.get(type);
  }

  /** Every registered repository, in no particular order. */
  public List<Repository<?, ?>> all() {
    return List.copyOf(repositories.values());
  }

  /** The entity and id classes of {@code type}'s declaration {@code extends Repository<Task, Long>}. */
  public static Type[] typeArguments(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Type generic = c.getGenericSuperclass();
      if (generic instanceof ParameterizedType && ((ParameterizedType) generic).getRawType() == Repository.class) {
        Type[] arguments = ((ParameterizedType) generic).getActualTypeArguments();
        if (arguments[0] instanceof Class && arguments[1] instanceof Class) {
          return arguments;
        }
      }
    }
    throw new ConfigurationException(type.getName() + " must declare its types as 'extends Repository<Entity, IdType>' "
        + "with concrete classes, or call the constructor Repository(Entity.class, IdType.class)");
  }

  /** The English plural of a resource name: {@code tasks}, {@code categories}, {@code boxes}. */
  public static String plural(String word) {
    if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z") || word.endsWith("ch") || word.endsWith("sh")) {
      return word + "es";
    }
    if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
      return word.substring(0, word.length() - 1) + "ies";
    }
    return word + "s";
  }

  /** The subclass's name, or {@code Repository<Task>} for an anonymous repository. */
  private static String ownerName(Repository<?, ?> repository) {
    Class<?> type = repository.getClass();
    return type.isAnonymousClass() ? "Repository<" + repository.entityType().getSimpleName() + ">" : type.getSimpleName();
  }
}
