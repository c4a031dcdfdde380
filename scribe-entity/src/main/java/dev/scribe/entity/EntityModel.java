package dev.scribe.entity;

import dev.scribe.core.internal.Words;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.MappingException;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.ValueConverter;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/**
 * The read-only description of one entity class, built from the JPA metamodel: its name, id and version
 * attributes, and every attribute with its type, kind and whether params may set it. It also converts raw
 * values to attribute types and renders entities as maps.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * EntityModel<Task> model = store.repository(Task.class).model();
 * Object priority = model.convert("priority", "3");            // Integer 3
 * Map<String, Object> json = model.toMap(task, Set.of("subtasks"));
 * }</pre>
 */
public final class EntityModel<E> {
  private final Class<E> type;
  private final String name;
  private final String displayName;
  private final EntityAttribute id;
  private final EntityAttribute version;
  private final List<EntityAttribute> attributes;
  /** Never changed once built, and never handed out: read directly, as every record's every key is looked up here. */
  private final Map<String, EntityAttribute> byName;
  private final List<String> settable;
  private final MethodHandle constructor;
  private final Function<Class<?>, EntityModel<?>> models;
  private final boolean associations;
  private final boolean guarded;
  private final boolean oneWayColumns;

  EntityModel(Class<E> type, String name, List<EntityAttribute> attributes, MethodHandle constructor,
      Function<Class<?>, EntityModel<?>> models) {
    this.type = type;
    this.name = name;
    this.displayName = Character.toLowerCase(name.charAt(0)) + name.substring(1);
    this.attributes = List.copyOf(attributes);
    Map<String, EntityAttribute> map = new LinkedHashMap<>();
    EntityAttribute idAttribute = null;
    EntityAttribute versionAttribute = null;
    List<String> settableNames = new ArrayList<>();
    boolean anyAssociation = false;
    boolean anyGuarded = false;
    boolean anyOneWay = false;
    for (EntityAttribute attribute : attributes) {
      map.put(attribute.name(), attribute);
      anyAssociation |= attribute.isAssociation();
      anyGuarded |= attribute.guarded();
      if (attribute.isId()) {
        idAttribute = attribute;
      }
      if (attribute.isVersion()) {
        versionAttribute = attribute;
      }
      if (attribute.settable()) {
        settableNames.add(attribute.name());
        anyOneWay |= !attribute.insertable() || !attribute.updatable();
      }
    }
    if (idAttribute == null) {
      throw new ConfigurationException(type.getName() + " has no single @Id attribute; Scribe entities need one");
    }
    this.byName = map;
    this.id = idAttribute;
    this.version = versionAttribute;
    this.settable = List.copyOf(settableNames);
    this.associations = anyAssociation;
    this.guarded = anyGuarded;
    this.oneWayColumns = anyOneWay;
    this.constructor = constructor;
    this.models = models;
  }

  /** The entity class. */
  public Class<E> type() {
    return type;
  }

  /** The JPA entity name, {@code Task}. */
  public String name() {
    return name;
  }

  /** The name used in messages, lower camel case: {@code task}. */
  public String displayName() {
    return displayName;
  }

  /** The {@code @Id} attribute. */
  public EntityAttribute id() {
    return id;
  }

  /** The {@code @Version} attribute, or null when the entity is not versioned. */
  public EntityAttribute version() {
    return version;
  }

  /** Every attribute, id first, then in field declaration order (superclass fields first). */
  public List<EntityAttribute> attributes() {
    return attributes;
  }

  /** True when any attribute is a to-one or to-many association. */
  public boolean hasAssociations() {
    return associations;
  }

  /** True when any attribute carries {@link Guarded}. */
  public boolean hasGuardedAttributes() {
    return guarded;
  }

  /**
   * True when a settable attribute's column is left out of the INSERT or of the UPDATE
   * ({@code @Column(updatable = false)}, {@code insertable = false}): params for it are held to the write at hand.
   */
  public boolean hasOneWayColumns() {
    return oneWayColumns;
  }

  /** The attribute of that name, if any. */
  public Optional<EntityAttribute> find(String attributeName) {
    return Optional.ofNullable(byName.get(attributeName));
  }

  /** The attribute of that name, or null: {@link #find} without the {@code Optional}, for hot paths. */
  public EntityAttribute attributeOrNull(String attributeName) {
    return byName.get(attributeName);
  }

  /**
   * The 400 veto refusing the keys of {@code params} that a client may never send — the id, the version,
   * guarded and generated attributes — or null. Keys that are not attributes are left to the repository.
   */
  public Veto refusals(Map<String, ?> params) {
    return refusals(params, false, null);
  }

  /**
   * The mass-assignment rule ({@link MassAssignment}): the 400 veto refusing the keys of {@code params} that
   * may not be set — the id, the version, guarded and generated attributes, and unknown keys when
   * {@code rejectUnknown} — or null when every key may be set.
   * A guarded attribute is refused only when its key is among {@code callerKeys}, the keys the caller sent:
   * keys that handlers added are application code, which may set guarded attributes. Null means every key
   * came from the caller.
   */
  public Veto refusals(Map<String, ?> params, boolean rejectUnknown, Set<String> callerKeys) {
    return refusals(params, rejectUnknown, callerKeys, Set.of());
  }

  /**
   * {@link #refusals(Map, boolean, Set)} for a caller from whom the attributes in {@code unlisted} are hidden:
   * the message that lists the settable fields leaves them out.
   */
  public Veto refusals(Map<String, ?> params, boolean rejectUnknown, Set<String> callerKeys, Set<String> unlisted) {
    if (params == null) {
      throw new UsageException("refusals(null): pass the params to check, Map.of() for none");
    }
    return MassAssignment.refusals(this, params, rejectUnknown, callerKeys, unlisted);
  }

  /** The attribute of that name; a 400 veto naming the known attributes when there is none. */
  public EntityAttribute attribute(String attributeName) {
    EntityAttribute attribute = byName.get(attributeName);
    if (attribute == null && attributeName == null) {
      throw new UsageException("attribute(null): pass the name of an attribute of " + displayName + "; its attributes are "
          + byName.keySet());
    }
    if (attribute == null) {
      throw Veto.builder().status(400)
          .message(displayName + " has no attribute '" + attributeName + "'; its attributes are " + byName.keySet())
          .field(attributeName, "is not an attribute of " + displayName)
          .build();
    }
    return attribute;
  }

  /** The names of the attributes params may set, in declaration order. */
  public List<String> settableNames() {
    return settable;
  }

  /** A new, empty instance, through the no-argument constructor. */
  @SuppressWarnings("unchecked")
  public E newInstance() {
    try {
      return (E) constructor.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new MappingException("cannot instantiate " + type.getName() + ": " + t, t);
    }
  }

  /**
   * The id of {@code entity}, without initializing a lazy proxy. Null, or an object of another class than this
   * model's (a subtask given to the task model), is a {@link UsageException}, as for {@link #versionOf} and
   * {@link #toMap}.
   */
  public Object idOf(Object entity) {
    requireEntity(entity, "id");
    LazyInitializer lazy = HibernateProxy.extractLazyInitializer(entity);
    return lazy != null ? lazy.getIdentifier() : id.read(entity);
  }

  /** The version of {@code entity}, or null when not versioned. */
  public Object versionOf(Object entity) {
    requireEntity(entity, "version");
    return version == null ? null : version.read(entity);
  }

  /**
   * Every basic attribute by name, to-one associations as the associated id, to-many associations
   * omitted. Values are the Java objects (Long, String, BigDecimal, LocalDate, Instant, enums, Boolean...).
   */
  public Map<String, Object> toMap(E entity) {
    return toMap(entity, Set.of());
  }

  /**
   * Like {@link #toMap(Object)}, with the associations named in {@code with} embedded as maps (a to-many as
   * a list of maps). A name that is not an association is a 400 veto.
   */
  public Map<String, Object> toMap(E entity, Set<String> with) {
    if (entity == null) {
      throw new UsageException("toMap(null): pass the " + displayName + " to render");
    }
    if (with == null) {
      throw new UsageException("toMap(" + displayName + ", null): pass the associations to embed, Set.of() for none");
    }
    requireEntity(entity, "the fields");
    return EntityMaps.toMap(this, entity, with);
  }

  /**
   * {@code raw} (String, Number, Boolean) converted to the attribute's type; for an association, to the
   * associated entity's id type. A value of the right type passes through.
   *
   * @throws Veto status 400 with a field error naming the attribute, the value and the expected type
   */
  public Object convert(String attributeName, Object raw) {
    EntityAttribute attribute = attribute(attributeName);
    Class<?> wanted = attribute.isAssociation() ? modelOf(attribute).id().javaType() : attribute.javaType();
    try {
      return ValueConverter.convert(raw, wanted);
    } catch (ValueConverter.ConversionException e) {
      throw Veto.builder().status(400)
          .message(attributeName + ": " + e.getMessage())
          .field(attributeName, e.getMessage())
          .build();
    }
  }

  /** The model of the entity an association points to. */
  public EntityModel<?> modelOf(EntityAttribute association) {
    if (association == null) {
      throw new UsageException("modelOf(null): pass an association of " + displayName + ", e.g. model.attribute(\""
          + (attributes.stream().filter(EntityAttribute::isAssociation).map(EntityAttribute::name).findFirst()
              .orElse("owner")) + "\")");
    }
    if (!association.isAssociation()) {
      throw new UsageException(association.name() + " is not an association of " + displayName);
    }
    EntityModel<?> model = models.apply(association.targetType());
    if (model == null) {
      throw new ConfigurationException(displayName + "." + association.name() + " points to "
          + association.targetType().getName() + ", which is not a known entity");
    }
    return model;
  }

  private void requireEntity(Object entity, String what) {
    if (entity == null) {
      throw new UsageException("cannot read " + what + " of null; pass a " + displayName);
    }
    // a lazy proxy is left alone: its class may be a superclass of the entity's (a to-one declared as the
    // parent of an inheritance tree), and telling its real class would load it
    if (!type.isInstance(entity) && HibernateProxy.extractLazyInitializer(entity) == null) {
      throw new UsageException("cannot read " + what + " of " + Words.withArticle(entity.getClass().getName()) + " with the model of "
          + type.getName() + "; use the model of the object's own class (store.model(" + entity.getClass().getSimpleName()
          + ".class)), or pass a " + displayName);
    }
  }

  @Override
  public String toString() {
    return "EntityModel[" + name + " " + attributes + "]";
  }
}
