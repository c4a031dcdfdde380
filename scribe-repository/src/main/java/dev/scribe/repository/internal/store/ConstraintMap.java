package dev.scribe.repository.internal.store;

import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.ToOne;
import org.hibernate.mapping.UniqueKey;

/**
 * The schema's constraints and columns as Hibernate maps them, each to the entity attribute it is about:
 * by constraint name, by table and column, by bare column name and by Hibernate entity name. Names are
 * compared {@linkplain #normalise normalised}, since the databases quote, prefix and suffix them.
 * Immutable once built.
 */
final class ConstraintMap {
  /** One mapped column: the entity that owns it, its attribute, its length (text columns) and, for references, the target. */
  record Target(String entity, Class<?> type, String attribute, Long length, String references) {}

  private final Map<String, List<Target>> byConstraint = new HashMap<>();
  private final Map<String, Target> byTableColumn = new HashMap<>();
  private final Map<String, List<Target>> byColumn = new HashMap<>();
  private final Map<String, String> entityOfTable = new HashMap<>();
  /** Hibernate entity name to the attributes it maps, for Hibernate's own not-null check. */
  private final Map<String, Map<String, Target>> byEntityName = new HashMap<>();

  private ConstraintMap() {}

  static ConstraintMap of(Metadata metadata, EntityCatalog catalog) {
    ConstraintMap constraints = new ConstraintMap();
    Map<String, String> displayNames = new HashMap<>();
    for (PersistentClass entity : metadata.getEntityBindings()) {
      displayNames.put(entity.getEntityName(), displayName(entity.getEntityName(), metadata, catalog));
    }
    for (PersistentClass entity : metadata.getEntityBindings()) {
      constraints.add(entity, catalog, displayNames);
    }
    for (PersistentClass entity : metadata.getEntityBindings()) {
      Table table = entity.getTable();
      for (UniqueKey key : table.getUniqueKeys().values()) {
        constraints.addConstraint(key.getName(), table, key.getColumns(), null);
      }
      for (ForeignKey key : table.getForeignKeys().values()) {
        String referenced = key.getReferencedTable() == null ? null
            : constraints.entityOfTable.get(normalise(key.getReferencedTable().getName()));
        if (referenced == null) {
          referenced = displayName(key.getReferencedEntityName(), metadata, catalog);
        }
        constraints.addConstraint(key.getName(), table, key.getColumns(), referenced);
      }
    }
    return constraints;
  }

  private void add(PersistentClass entity, EntityCatalog catalog, Map<String, String> displayNames) {
    Class<?> type = entity.getMappedClass();
    EntityModel<?> model = type == null ? null : catalog.modelOrNull(type);
    String entityName = model != null ? model.displayName() : entity.getJpaEntityName();
    entityOfTable.putIfAbsent(normalise(entity.getTable().getName()), entityName);
    Map<String, Target> attributes = byEntityName.computeIfAbsent(entity.getEntityName(), n -> new HashMap<>());
    List<Property> properties = new ArrayList<>();
    if (entity.getIdentifierProperty() != null) {
      properties.add(entity.getIdentifierProperty());
    }
    properties.addAll(entity.getPropertyClosure());
    for (Property property : properties) {
      String references = property.getValue() instanceof ToOne
          ? displayNames.get(((ToOne) property.getValue()).getReferencedEntityName()) : null;
      for (Selectable selectable : property.getValue().getSelectables()) {
        if (selectable instanceof Column) {
          Column column = (Column) selectable;
          Target target = new Target(entityName, type, property.getName(), column.getLength(), references);
          attributes.putIfAbsent(property.getName(), target);
          byTableColumn.putIfAbsent(key(entity.getTable().getName(), column.getName()), target);
          byColumn.computeIfAbsent(normalise(column.getName()), c -> new ArrayList<>()).add(target);
        }
      }
    }
  }

  private void addConstraint(String name, Table table, List<Column> columns, String references) {
    if (name == null) {
      return;
    }
    List<Target> targets = new ArrayList<>();
    for (Column column : columns) {
      Target target = byTableColumn.get(key(table.getName(), column.getName()));
      if (target != null) {
        targets.add(references == null || target.references != null ? target
            : new Target(target.entity, target.type, target.attribute, target.length, references));
      }
    }
    if (!targets.isEmpty()) {
      byConstraint.putIfAbsent(normalise(name), targets);
    }
  }

  private static String displayName(String entityName, Metadata metadata, EntityCatalog catalog) {
    PersistentClass referenced = entityName == null ? null : metadata.getEntityBinding(entityName);
    Class<?> type = referenced == null ? null : referenced.getMappedClass();
    EntityModel<?> model = type == null ? null : catalog.modelOrNull(type);
    if (model != null) {
      return model.displayName();
    }
    return referenced != null ? referenced.getJpaEntityName() : "record";
  }

  /** The attributes a named constraint covers, or null when the name is not one Hibernate mapped. */
  List<Target> ofConstraint(String name) {
    return byConstraint.get(normalise(name));
  }

  /** The mapped attribute {@code property} of the Hibernate entity {@code entityName}, or null. */
  Target attribute(String entityName, String property) {
    return byEntityName.getOrDefault(entityName, Map.of()).get(property);
  }

  /** Adds the attribute of {@code column} (of {@code table} when known; else the one of {@code written}'s type). */
  void addColumn(List<Target> found, String table, String column, Object written) {
    if (table != null) {
      Target target = byTableColumn.get(key(table, column));
      if (target != null) {
        found.add(target);
        return;
      }
    }
    List<Target> candidates = byColumn.getOrDefault(normalise(column), List.of());
    if (candidates.size() == 1) {
      found.add(candidates.get(0));
      return;
    }
    for (Target candidate : candidates) {
      if (written != null && candidate.type != null && candidate.type.isInstance(written)) {
        found.add(candidate);
        return;
      }
    }
  }

  /** The text attributes of {@code written} longer than their columns. */
  List<Target> overlong(Object written) {
    List<Target> found = new ArrayList<>();
    for (Target target : byTableColumn.values()) {
      if (target.length == null || target.type == null || !target.type.isInstance(written)) {
        continue;
      }
      Object value = readQuietly(written, target.attribute);
      if (value instanceof String && ((String) value).codePointCount(0, ((String) value).length()) > target.length) {
        found.add(target);
      }
    }
    return found;
  }

  private static Object readQuietly(Object entity, String attribute) {
    for (Class<?> type = entity.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      try {
        java.lang.reflect.Field field = type.getDeclaredField(attribute);
        field.setAccessible(true);
        return field.get(entity);
      } catch (NoSuchFieldException e) {
        // declared on a superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  private static String key(String table, String column) {
    return normalise(table) + "." + normalise(column);
  }

  /** Lower case, without quotes, schema prefix, H2's index suffix or what follows a space. */
  static String normalise(String name) {
    String n = name.replace("\"", "").replace("`", "").strip();
    int space = n.indexOf(' ');
    if (space > 0) {
      n = n.substring(0, space);
    }
    int colon = n.indexOf(':');
    if (colon > 0) {
      n = n.substring(0, colon);
    }
    int dot = n.lastIndexOf('.');
    if (dot >= 0) {
      n = n.substring(dot + 1);
    }
    n = n.toLowerCase(Locale.ROOT);
    return n.replaceFirst("_index_[0-9a-z]+$", "");
  }
}
