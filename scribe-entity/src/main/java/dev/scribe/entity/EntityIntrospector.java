package dev.scribe.entity;

import dev.scribe.core.ConfigurationException;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes an entity class from the JPA metamodel and the class itself: its attributes in declaration
 * order (id first) with their kind, the flags the binding rules read (id, version, guarded, generated,
 * cascades), the column length of text, and method handles for reading, writing and constructing.
 */
final class EntityIntrospector {
  /** Hibernate's annotations of a value the database or Hibernate computes (a {@code @Formula} is never written). */
  private static final Set<String> GENERATED_ANNOTATIONS = Set.of("CreationTimestamp", "UpdateTimestamp",
      "CurrentTimestamp", "Generated", "GeneratedColumn", "Formula");

  private EntityIntrospector() {}

  /** The model of {@code type}; {@code models} finds the models of its associations' targets, later. */
  static <E> EntityModel<E> describe(Class<E> type, EntityType<?> entityType,
      java.util.function.Function<Class<?>, EntityModel<?>> models) {
    Map<String, Attribute<?, ?>> byName = new LinkedHashMap<>();
    for (Attribute<?, ?> attribute : entityType.getAttributes()) {
      byName.put(attribute.getName(), attribute);
    }
    List<String> order = new ArrayList<>();
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    for (Class<?> c : hierarchy) {
      for (Field field : c.getDeclaredFields()) {
        if (byName.containsKey(field.getName()) && !order.contains(field.getName())) {
          order.add(field.getName());
        }
      }
    }
    List<String> rest = new ArrayList<>(byName.keySet());
    rest.removeAll(order);
    rest.sort(Comparator.naturalOrder());
    order.addAll(rest);

    List<EntityAttribute> attributes = new ArrayList<>();
    for (String name : order) {
      attributes.add(describe(type, byName.get(name)));
    }
    attributes.sort(Comparator.comparing(a -> !a.isId()));
    return new EntityModel<>(type, entityType.getName(), attributes, constructor(type), models);
  }

  private static EntityAttribute describe(Class<?> type, Attribute<?, ?> attribute) {
    String name = attribute.getName();
    Member member = attribute.getJavaMember();
    Field field = member instanceof Field ? (Field) member : findField(type, name);
    Method getter = member instanceof Method ? (Method) member : null;
    List<AnnotatedElement> annotated = new ArrayList<>();
    if (field != null) {
      annotated.add(field);
    }
    if (getter != null) {
      annotated.add(getter);
    }
    AttributeKind kind;
    Class<?> target = null;
    switch (attribute.getPersistentAttributeType()) {
      case MANY_TO_ONE:
      case ONE_TO_ONE:
        kind = AttributeKind.TO_ONE;
        target = attribute.getJavaType();
        break;
      case ONE_TO_MANY:
      case MANY_TO_MANY:
        kind = AttributeKind.TO_MANY;
        target = ((PluralAttribute<?, ?, ?>) attribute).getElementType().getJavaType();
        break;
      default:
        kind = AttributeKind.BASIC;
    }
    boolean id = attribute instanceof SingularAttribute && ((SingularAttribute<?, ?>) attribute).isId();
    boolean version = attribute instanceof SingularAttribute && ((SingularAttribute<?, ?>) attribute).isVersion();
    boolean guarded = has(annotated, Guarded.class);
    boolean generated = (id && has(annotated, GeneratedValue.class)) || hasGeneratedAnnotation(annotated)
        || neverWritten(annotated);
    String mappedBy = null;
    boolean cascades = false;
    boolean required = attribute instanceof SingularAttribute && kind == AttributeKind.TO_ONE
        && !((SingularAttribute<?, ?>) attribute).isOptional();
    boolean orphanRemoval = false;
    for (AnnotatedElement element : annotated) {
      OneToMany oneToMany = element.getAnnotation(OneToMany.class);
      ManyToMany manyToMany = element.getAnnotation(ManyToMany.class);
      OneToOne oneToOne = element.getAnnotation(OneToOne.class);
      ManyToOne manyToOne = element.getAnnotation(ManyToOne.class);
      if (oneToMany != null) {
        mappedBy = emptyToNull(oneToMany.mappedBy());
        cascades |= cascadesPersist(oneToMany.cascade());
        orphanRemoval |= oneToMany.orphanRemoval();
      }
      if (manyToMany != null) {
        mappedBy = emptyToNull(manyToMany.mappedBy());
        cascades |= cascadesPersist(manyToMany.cascade());
      }
      if (oneToOne != null) {
        mappedBy = emptyToNull(oneToOne.mappedBy());
        cascades |= cascadesPersist(oneToOne.cascade());
        orphanRemoval |= oneToOne.orphanRemoval();
        required |= !oneToOne.optional();
      }
      if (manyToOne != null) {
        cascades |= cascadesPersist(manyToOne.cascade());
        required |= !manyToOne.optional();
      }
    }
    if (kind == AttributeKind.TO_ONE) {
      JoinColumn column = null;
      for (AnnotatedElement element : annotated) {
        column = column != null ? column : element.getAnnotation(JoinColumn.class);
        // Bean Validation is the application's choice: its @NotNull is known by name, without depending on it
        required |= Arrays.stream(element.getAnnotations())
            .anyMatch(a -> a.annotationType().getName().endsWith(".constraints.NotNull"));
      }
      required |= column != null && !column.nullable();
    }
    MethodHandle[] access = accessors(type, name, field, getter);
    return new EntityAttribute(name, attribute.getJavaType(), kind, id, version, guarded, generated, target, mappedBy,
        cascades, access[0], access[1]).withMaxLength(kind == AttributeKind.BASIC ? textLength(annotated, attribute.getJavaType()) : -1)
        .withDecimalDigits(kind == AttributeKind.BASIC ? decimalPrecision(annotated, attribute.getJavaType()) : -1,
            decimalScale(annotated)).withSecondDigits(kind == AttributeKind.BASIC ? secondDigits(annotated,
            attribute.getJavaType()) : -1).withLinkRules(required, orphanRemoval)
        .withColumnWrites(leftOut(annotated, false), leftOut(annotated, true));
  }

  /**
   * The annotation that leaves the attribute's column out of every UPDATE ({@code update}) or INSERT, as written
   * in messages ({@code @Column(updatable = false)}), or null: Hibernate drops a value set for that write without
   * a word, so params are held to it (see {@link EntityAttribute#refusalOnUpdate()}). An immutable
   * {@code @NaturalId} (the default) is not updated either: Hibernate throws at the flush that would change it.
   */
  private static String leftOut(List<AnnotatedElement> elements, boolean update) {
    for (AnnotatedElement element : elements) {
      org.hibernate.annotations.NaturalId naturalId = element.getAnnotation(org.hibernate.annotations.NaturalId.class);
      if (update && naturalId != null && !naturalId.mutable()) {
        return "@NaturalId";
      }
      Column column = element.getAnnotation(Column.class);
      if (column != null && !(update ? column.updatable() : column.insertable())) {
        return "@Column(" + (update ? "updatable" : "insertable") + " = false)";
      }
      JoinColumn join = element.getAnnotation(JoinColumn.class);
      if (join != null && !(update ? join.updatable() : join.insertable())) {
        return "@JoinColumn(" + (update ? "updatable" : "insertable") + " = false)";
      }
    }
    return null;
  }

  /**
   * The precision of a {@code BigDecimal} attribute's column as Hibernate creates it: {@code @Column(precision)},
   * else 38; -1 for other types and columns given by a definition.
   */
  private static int decimalPrecision(List<AnnotatedElement> annotated, Class<?> javaType) {
    if (javaType != java.math.BigDecimal.class) {
      return -1;
    }
    jakarta.persistence.Column column = column(annotated);
    if (column == null) {
      return 38;
    }
    return !column.columnDefinition().isEmpty() ? -1 : column.precision() > 0 ? column.precision() : 38;
  }

  /** The scale of a decimal column as Hibernate creates it: {@code @Column(scale)} when a precision is given, else 2. */
  private static int decimalScale(List<AnnotatedElement> annotated) {
    jakarta.persistence.Column column = column(annotated);
    return column != null && (column.precision() > 0 || column.scale() > 0) ? column.scale() : 2;
  }

  /**
   * The fractional digits of a {@code LocalTime} attribute's seconds that reach its column: the milliseconds
   * {@code java.sql.Time} carries, or fewer by {@code @FractionalSeconds}; -1 for other types.
   */
  private static int secondDigits(List<AnnotatedElement> annotated, Class<?> javaType) {
    if (javaType != java.time.LocalTime.class) {
      return -1;
    }
    for (AnnotatedElement element : annotated) {
      org.hibernate.annotations.FractionalSeconds declared =
          element.getAnnotation(org.hibernate.annotations.FractionalSeconds.class);
      if (declared != null) {
        return Math.min(Math.max(declared.value(), 0), 3);
      }
    }
    return 3;
  }

  private static jakarta.persistence.Column column(List<AnnotatedElement> annotated) {
    for (AnnotatedElement element : annotated) {
      jakarta.persistence.Column column = element.getAnnotation(jakarta.persistence.Column.class);
      if (column != null) {
        return column;
      }
    }
    return null;
  }

  /** The column length of a text attribute as the JPA mapping declares it, or -1 when it has none. */
  private static int textLength(List<AnnotatedElement> annotated, Class<?> javaType) {
    if (javaType != String.class || has(annotated, jakarta.persistence.Lob.class)) {
      return -1;
    }
    for (AnnotatedElement element : annotated) {
      jakarta.persistence.Column column = element.getAnnotation(jakarta.persistence.Column.class);
      if (column != null) {
        return column.columnDefinition().isEmpty() && column.length() > 0 ? column.length() : -1;
      }
    }
    return 255;
  }

  private static MethodHandle[] accessors(Class<?> type, String name, Field field, Method getter) {
    MethodType getterType = MethodType.methodType(Object.class, Object.class);
    MethodType setterType = MethodType.methodType(void.class, Object.class, Object.class);
    try {
      if (getter == null && field != null) {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(field.getDeclaringClass(), MethodHandles.lookup());
        return new MethodHandle[] {lookup.unreflectGetter(field).asType(getterType),
            lookup.unreflectSetter(field).asType(setterType)};
      }
      if (getter != null) {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(getter.getDeclaringClass(), MethodHandles.lookup());
        String setterName = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Method setter = getter.getDeclaringClass().getDeclaredMethod(setterName, getter.getReturnType());
        return new MethodHandle[] {lookup.unreflect(getter).asType(getterType), lookup.unreflect(setter).asType(setterType)};
      }
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException("cannot access " + type.getSimpleName() + "." + name + ": " + e.getMessage()
          + "; declare the attribute as a non-final field (or a getter and a setter)", e);
    }
    throw new ConfigurationException("cannot find the field or getter of " + type.getSimpleName() + "." + name);
  }

  private static MethodHandle constructor(Class<?> type) {
    if (Modifier.isAbstract(type.getModifiers())) {
      return MethodHandles.throwException(Object.class, InstantiationException.class)
          .bindTo(new InstantiationException(type.getName() + " is abstract"));
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      return lookup.findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException(type.getName() + " needs a no-argument constructor (JPA requires one)", e);
    }
  }

  private static Field findField(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // keep looking in the superclass
      }
    }
    return null;
  }

  private static boolean has(List<AnnotatedElement> elements, Class<? extends Annotation> annotation) {
    for (AnnotatedElement element : elements) {
      if (element.isAnnotationPresent(annotation)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for a column neither inserted nor updated ({@code @Column(insertable = false, updatable = false)}, as a
   * second mapping of a column another attribute or the database writes): a value set on it is never stored.
   */
  private static boolean neverWritten(List<AnnotatedElement> elements) {
    for (AnnotatedElement element : elements) {
      Column column = element.getAnnotation(Column.class);
      JoinColumn join = element.getAnnotation(JoinColumn.class);
      if (column != null && !column.insertable() && !column.updatable()
          || join != null && !join.insertable() && !join.updatable()) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasGeneratedAnnotation(List<AnnotatedElement> elements) {
    for (AnnotatedElement element : elements) {
      for (Annotation annotation : element.getAnnotations()) {
        Class<? extends Annotation> annotationType = annotation.annotationType();
        if (annotationType.getName().startsWith("org.hibernate.annotations.")
            && GENERATED_ANNOTATIONS.contains(annotationType.getSimpleName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean cascadesPersist(CascadeType[] types) {
    return Arrays.asList(types).contains(CascadeType.ALL) || Arrays.asList(types).contains(CascadeType.PERSIST);
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
