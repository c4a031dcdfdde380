package dev.scribe.entity;

import dev.scribe.core.internal.Words;
import dev.scribe.core.MappingException;
import dev.scribe.core.UsageException;
import dev.scribe.entity.internal.ValueConverter;
import java.lang.invoke.MethodHandle;
import java.util.Collection;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/**
 * One attribute of an {@link EntityModel}: its name, Java type, kind, and whether params may set it.
 * Reads and writes go straight to the field or property, bypassing events.
 *
 * <p>Immutable and thread-safe.
 */
public final class EntityAttribute {
  private final String name;
  private final Class<?> javaType;
  /** {@link #javaType}, or its wrapper when primitive: what {@link #accepts} asks of every value, without a lookup. */
  private final Class<?> acceptedType;
  private final AttributeKind kind;
  private final boolean id;
  private final boolean version;
  private final boolean guarded;
  private final boolean generated;
  private final Class<?> targetType;
  private final String mappedBy;
  private final boolean cascadesPersist;
  private final MethodHandle getter;
  private final MethodHandle setter;
  private final int maxLength;
  private final int[] decimalDigits;
  private final int secondDigits;
  private final boolean required;
  private final boolean orphanRemoval;
  /** The annotation that leaves the column out of the INSERT ({@code @Column(insertable = false)}), or null. */
  private final String notInserted;
  /** The annotation that leaves the column out of the UPDATE ({@code @Column(updatable = false)}), or null. */
  private final String notUpdated;

  EntityAttribute(String name, Class<?> javaType, AttributeKind kind, boolean id, boolean version, boolean guarded,
      boolean generated, Class<?> targetType, String mappedBy, boolean cascadesPersist, MethodHandle getter,
      MethodHandle setter) {
    this(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy, cascadesPersist, getter, setter, -1,
        null, -1, false, false, null, null);
  }

  private EntityAttribute(String name, Class<?> javaType, AttributeKind kind, boolean id, boolean version,
      boolean guarded, boolean generated, Class<?> targetType, String mappedBy, boolean cascadesPersist,
      MethodHandle getter, MethodHandle setter, int maxLength, int[] decimalDigits, int secondDigits, boolean required,
      boolean orphanRemoval, String notInserted, String notUpdated) {
    this.name = name;
    this.javaType = javaType;
    this.acceptedType = javaType == null ? null : ValueConverter.wrap(javaType);
    this.kind = kind;
    this.id = id;
    this.version = version;
    this.guarded = guarded;
    this.generated = generated;
    this.targetType = targetType;
    this.mappedBy = mappedBy;
    this.cascadesPersist = cascadesPersist;
    this.getter = getter;
    this.setter = setter;
    this.maxLength = maxLength;
    this.decimalDigits = decimalDigits;
    this.secondDigits = secondDigits;
    this.required = required;
    this.orphanRemoval = orphanRemoval;
    this.notInserted = notInserted;
    this.notUpdated = notUpdated;
  }

  /** This attribute with the text limit of its column; see {@link #maxLength()}. */
  EntityAttribute withMaxLength(int length) {
    return new EntityAttribute(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy,
        cascadesPersist, getter, setter, length, decimalDigits, secondDigits, required, orphanRemoval, notInserted,
        notUpdated);
  }

  /** This attribute with the precision and scale of its decimal column; see {@link #decimalPrecision()}. */
  EntityAttribute withDecimalDigits(int precision, int scale) {
    return new EntityAttribute(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy,
        cascadesPersist, getter, setter, maxLength, precision > 0 ? new int[] {precision, scale} : null, secondDigits,
        required, orphanRemoval, notInserted, notUpdated);
  }

  /** This attribute with the fractional digits of its time column; see {@link #secondDigits()}. */
  EntityAttribute withSecondDigits(int digits) {
    return new EntityAttribute(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy,
        cascadesPersist, getter, setter, maxLength, decimalDigits, digits, required, orphanRemoval, notInserted,
        notUpdated);
  }

  /** This attribute with the rules of its link; see {@link #required()} and {@link #orphanRemoval()}. */
  EntityAttribute withLinkRules(boolean required, boolean orphanRemoval) {
    return new EntityAttribute(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy,
        cascadesPersist, getter, setter, maxLength, decimalDigits, secondDigits, required, orphanRemoval, notInserted,
        notUpdated);
  }

  /**
   * This attribute with the writes its column is left out of: {@code notInserted} and {@code notUpdated} are the
   * annotations that say so ({@code @Column(updatable = false)}), null when the column is written.
   */
  EntityAttribute withColumnWrites(String notInserted, String notUpdated) {
    return new EntityAttribute(name, javaType, kind, id, version, guarded, generated, targetType, mappedBy,
        cascadesPersist, getter, setter, maxLength, decimalDigits, secondDigits, required, orphanRemoval, notInserted,
        notUpdated);
  }

  /**
   * False when its column is left out of the INSERT ({@code @Column(insertable = false)}, or the same on its
   * {@code @JoinColumn}): the database gives a new record its value, and only an update can set it.
   */
  public boolean insertable() {
    return notInserted == null;
  }

  /**
   * False when its column is left out of the UPDATE ({@code @Column(updatable = false)}, or the same on its
   * {@code @JoinColumn}): the value is set when the record is created, and stays.
   */
  public boolean updatable() {
    return notUpdated == null;
  }

  /**
   * Why a create may not set this settable attribute to another value than a new record holds, or null when it
   * may: its column is not inserted.
   */
  public String refusalOnCreate() {
    return notInserted == null ? null
        : "cannot be set on create: " + notInserted + "; leave it out and set it with an update";
  }

  /**
   * Why an update may not change this settable attribute, or null when it may: its column is not updated. Sending
   * the stored value is no change, and is allowed.
   */
  public String refusalOnUpdate() {
    return notUpdated == null ? null
        : "cannot be changed after create: " + notUpdated + "; leave it out or send the stored value";
  }

  /** The annotation that leaves the column out of the INSERT, {@code @Column(insertable = false)}, or null. */
  public String notInsertedBy() {
    return notInserted;
  }

  /** The annotation that leaves the column out of the UPDATE, {@code @Column(updatable = false)}, or null. */
  public String notUpdatedBy() {
    return notUpdated;
  }

  /**
   * A to-one association its record cannot be without ({@code optional = false}, {@code @NotNull} or a join
   * column that is not nullable): a parent's list that leaves such a child out cannot unlink it.
   */
  public boolean required() {
    return required;
  }

  /** A to-many or to-one association whose records are deleted when taken out of it ({@code orphanRemoval}). */
  public boolean orphanRemoval() {
    return orphanRemoval;
  }

  /**
   * The most digits a decimal value may have in its column ({@code @Column(precision)}, 38 when not given,
   * as Hibernate creates the column), or -1 when it is not a {@code BigDecimal} attribute or is unknown.
   */
  public int decimalPrecision() {
    return decimalDigits == null ? -1 : decimalDigits[0];
  }

  /**
   * The most digits after the point of its seconds a {@code LocalTime} value may have, or -1 for other types: 3,
   * since a time of day reaches its column as JDBC's {@code java.sql.Time}, which keeps milliseconds (finer digits
   * were rounded, {@code 23:59:59.9999} to midnight), or fewer when {@code @FractionalSeconds} says so.
   */
  public int secondDigits() {
    return secondDigits;
  }

  /** The most digits after the point a decimal value may have ({@code @Column(scale)}, 2 when not given), or -1. */
  public int decimalScale() {
    return decimalDigits == null ? -1 : decimalDigits[1];
  }

  /**
   * The most characters a text value may have, from its column ({@code @Column(length)}, 255 when not
   * given, as the JPA mapping creates it), or -1 when unknown or unlimited ({@code @Lob}, a column definition,
   * not text). Counted in UTF-16 units, which is never fewer than the database counts.
   */
  public int maxLength() {
    return maxLength;
  }

  /** The attribute name, as used in params, filters and maps. */
  public String name() {
    return name;
  }

  /** The declared Java type: {@code Long}, {@code String}, {@code User}, {@code List}... */
  public Class<?> javaType() {
    return javaType;
  }

  /** Basic value, to-one or to-many association. */
  public AttributeKind kind() {
    return kind;
  }

  /** True for a to-one or to-many association. */
  public boolean isAssociation() {
    return kind != AttributeKind.BASIC;
  }

  /** True for the {@code @Id} attribute. */
  public boolean isId() {
    return id;
  }

  /** True for the {@code @Version} attribute. */
  public boolean isVersion() {
    return version;
  }

  /** True when the attribute carries {@link Guarded}. */
  public boolean guarded() {
    return guarded;
  }

  /** True when the database or Hibernate generates the value (a generated id, creation timestamps...). */
  public boolean generated() {
    return generated;
  }

  /** True when params may set the attribute: not the id, the version, guarded or generated. */
  public boolean settable() {
    return !id && !version && !guarded && !generated;
  }

  /** The associated entity class for associations (the element type of a to-many), else null. */
  public Class<?> targetType() {
    return targetType;
  }

  /** The owning attribute on the other side when this association is its inverse side, else null. */
  public String mappedBy() {
    return mappedBy;
  }

  /** True when persisting the owner cascades to the associated entities. */
  public boolean cascadesPersist() {
    return cascadesPersist;
  }

  /** Why params may not set this attribute, or null when they may. */
  public String refusal() {
    if (id) {
      return "is the id and cannot be set from params";
    }
    if (version) {
      return "is the version and cannot be set from params; send the expected version instead";
    }
    if (guarded) {
      return "is guarded and cannot be set from params";
    }
    if (generated) {
      return "is generated and cannot be set from params";
    }
    return null;
  }

  /**
   * The attribute's value on {@code entity} (a Hibernate proxy is unwrapped first); null, or an entity of a class
   * without this attribute, is a {@link UsageException}.
   */
  public Object read(Object entity) {
    try {
      return getter.invokeExact(unproxy(entity));
    } catch (NullPointerException e) {
      // checked only once it failed: reads are on the path of every field of every record
      throw entity == null ? new UsageException("cannot read " + name + " of null; pass the entity to read it from") : e;
    } catch (ClassCastException e) {
      // the entity's cast to the class that declares the attribute, unless a getter of the application threw it
      throw holds(entity) ? e : notItsEntity("read", entity, e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new MappingException("cannot read " + name + ": " + t, t);
    }
  }

  /**
   * Sets the attribute on {@code entity} directly, without events or conversion. An entity of a class without this
   * attribute is a {@link UsageException}, as for {@link #read}; a value of the wrong type, or null for a primitive
   * field, a {@link MappingException}.
   */
  public void write(Object entity, Object value) {
    try {
      setter.invokeExact(unproxy(entity), value);
    } catch (NullPointerException e) {
      if (entity == null) {
        throw new UsageException("cannot write " + name + " of null; pass the entity to write it on");
      }
      throw value == null && javaType.isPrimitive() ? nullToPrimitive(e) : e;
    } catch (ClassCastException e) {
      if (!holds(entity)) {
        throw notItsEntity("write", entity, e);
      }
      throw new MappingException("cannot set " + name + " (" + Words.withArticle(javaType.getSimpleName()) + ") to "
          + Words.withArticle(value.getClass().getSimpleName()) + "; convert the value first (EntityModel.convert)", e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new MappingException("cannot write " + name + ": " + t, t);
    }
  }

  /** Null for a primitive field: the JDK's unboxing failed first, with a message naming neither the field nor the fix. */
  private MappingException nullToPrimitive(NullPointerException cause) {
    Object zero = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(javaType, 1), 0);
    String wrapper = java.lang.invoke.MethodType.methodType(javaType).wrap().returnType().getSimpleName();
    return new MappingException("cannot set " + name + " to null: it is a primitive " + javaType.getSimpleName()
        + ", which always holds a value; write " + (javaType == char.class ? "a character" : zero) + ", or declare the"
        + " field as " + wrapper + " to allow null", cause);
  }

  /** True when {@code entity} is of a class that has this attribute: its getter takes it. Asked on failures only. */
  private boolean holds(Object entity) {
    try {
      Object ignored = getter.invokeExact(unproxy(entity));
      return true;
    } catch (ClassCastException e) {
      return false;
    } catch (Throwable t) {
      return true;
    }
  }

  private UsageException notItsEntity(String verb, Object entity, ClassCastException cause) {
    return new UsageException("cannot " + verb + " " + name + " of " + Words.withArticle(unproxy(entity).getClass().getName())
        + ": it has no attribute of this model's; take the attribute from the model of its own class,"
        + " store.model(" + unproxy(entity).getClass().getSimpleName() + ".class).attribute(\"" + name + "\")", cause);
  }

  /** True when {@code value} can be written without conversion. */
  public boolean accepts(Object value) {
    if (value == null) {
      return !javaType.isPrimitive();
    }
    if (kind == AttributeKind.TO_MANY) {
      return value instanceof Collection;
    }
    return acceptedType.isInstance(value);
  }

  static Object unproxy(Object entity) {
    // Hibernate's own test, which an enhanced entity answers through an interface it is known to have; an
    // instanceof test against HibernateProxy scans the entity class's interfaces on every read and write
    LazyInitializer lazy = HibernateProxy.extractLazyInitializer(entity);
    return lazy == null ? entity : lazy.getImplementation();
  }

  @Override
  public String toString() {
    return name + ":" + javaType.getSimpleName() + "(" + kind + ")";
  }
}
