package dev.scribe.repository.internal.store;

import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.ConstraintConflictException.Kind;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.internal.ValueAccess;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Tells which entity attribute a database constraint violation is about, from Hibernate's mapping
 * (constraint names, tables and columns) and the database's error: its SQLState, the constraint name
 * Hibernate extracted, and, where the name is missing, the table and column the message quotes (H2 and
 * PostgreSQL word them differently).
 */
final class Constraints {
  /** SQLStates: unique, foreign key (both directions on PostgreSQL; child exists on H2), parent missing (H2), not null, check, too long. */
  private static final String UNIQUE = "23505";
  private static final String FOREIGN_KEY = "23503";
  private static final String H2_PARENT_MISSING = "23506";
  private static final String NOT_NULL = "23502";
  private static final String CHECK = "23514";
  private static final String TOO_LONG = "22001";

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private static final Pattern PG_NOT_NULL = Pattern.compile("column \"([^\"]+)\"(?: of relation \"([^\"]+)\")?");
  private static final Pattern PG_KEY = Pattern.compile("Key \\(([^)]+)\\)=");
  private static final Pattern PG_FK_TABLE = Pattern.compile("(?:insert or update on|update or delete on) table \"([^\"]+)\"");
  private static final Pattern H2_COLUMNS = Pattern.compile("(?:ON|FOREIGN KEY)\\s*([\\w.\"]*)\\s*\\(([^)]*)\\)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern H2_COLUMN = Pattern.compile("column \"([^\" ]+)", Pattern.CASE_INSENSITIVE);

  /** One mapped column: the entity that owns it, its attribute, its length (text columns) and, for references, the target. */
  private record Target(String entity, Class<?> type, String attribute, Long length, String references) {}

  private final Map<String, List<Target>> byConstraint = new HashMap<>();
  private final Map<String, Target> byTableColumn = new HashMap<>();
  private final Map<String, List<Target>> byColumn = new HashMap<>();
  private final Map<String, String> entityOfTable = new HashMap<>();
  /** Hibernate entity name to the attributes it maps, for Hibernate's own not-null check. */
  private final Map<String, Map<String, Target>> byEntityName = new HashMap<>();

  private Constraints() {}

  static Constraints of(Metadata metadata, EntityCatalog catalog) {
    Constraints constraints = new Constraints();
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

  /**
   * The conflict {@code failure} stands for, or null when it is not a constraint violation. {@code written}
   * is the entity whose statement failed, when known: it tells which text is too long where the database
   * does not name the column.
   */
  ConstraintConflictException translate(Throwable failure, Object written, boolean attributed,
      java.util.function.Supplier<List<Object>> managed) {
    SQLException sql = null;
    String constraintName = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getClass() == org.hibernate.PropertyValueException.class) {
        // Hibernate's own not-null check, made before the INSERT when Bean Validation does not make it.
        org.hibernate.PropertyValueException missing = (org.hibernate.PropertyValueException) cause;
        Target target = byEntityName.getOrDefault(missing.getEntityName(), Map.of()).get(missing.getPropertyName());
        List<Target> targets = target == null ? List.of() : List.of(target);
        return withCause(conflict(Kind.NOT_NULL, null, targets, written, attributed), failure);
      }
      if (cause instanceof org.hibernate.exception.ConstraintViolationException && constraintName == null) {
        constraintName = ((org.hibernate.exception.ConstraintViolationException) cause).getConstraintName();
      }
      if (cause instanceof SQLException && sql == null && ((SQLException) cause).getSQLState() != null) {
        sql = (SQLException) cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    if (sql == null) {
      return null;
    }
    String state = sql.getSQLState();
    String message = sql.getMessage() == null ? "" : sql.getMessage();
    Kind kind = kind(state, message);
    if (kind == null) {
      return null;
    }
    List<Target> targets = targets(kind, constraintName, message, written, managed);
    return withCause(conflict(kind, constraintName, targets, written, attributed), failure);
  }

  private static ConstraintConflictException withCause(ConstraintConflictException conflict, Throwable cause) {
    conflict.initCause(cause);
    return conflict;
  }

  private static Kind kind(String state, String message) {
    switch (state) {
      case UNIQUE:
        return Kind.UNIQUE;
      case FOREIGN_KEY:
        // PostgreSQL reports both directions as 23503; H2 reports only "child rows exist" with it.
        return message.contains("is not present in table") ? Kind.MISSING_REFERENCE : Kind.STILL_REFERENCED;
      case H2_PARENT_MISSING:
        return Kind.MISSING_REFERENCE;
      case NOT_NULL:
        return Kind.NOT_NULL;
      case TOO_LONG:
        return Kind.TOO_LONG;
      case CHECK:
        return Kind.OTHER;
      default:
        return state.startsWith("23") ? Kind.OTHER : null;
    }
  }

  private List<Target> targets(Kind kind, String constraintName, String message, Object written,
      java.util.function.Supplier<List<Object>> managed) {
    List<Target> found = new ArrayList<>();
    String name = constraintName != null ? constraintName : quotedConstraint(message);
    if (name != null) {
      List<Target> targets = byConstraint.get(normalise(name));
      if (targets != null) {
        return targets;
      }
    }
    switch (kind) {
      case NOT_NULL: {
        Matcher pg = PG_NOT_NULL.matcher(message);
        if (pg.find()) {
          addColumn(found, pg.group(2), pg.group(1), written);
        } else {
          Matcher h2 = H2_COLUMN.matcher(message);
          if (h2.find()) {
            addColumn(found, null, h2.group(1), written);
          }
        }
        return found;
      }
      case TOO_LONG: {
        Matcher h2 = H2_COLUMN.matcher(message);
        if (h2.find()) {
          addColumn(found, null, h2.group(1), written);
        } else if (written != null) {
          found.addAll(overlong(written));
        } else {
          // PostgreSQL does not name the column: look for the managed entity whose text is too long.
          for (Object entity : managed.get()) {
            found.addAll(overlong(entity));
            if (!found.isEmpty()) {
              break;
            }
          }
        }
        return found;
      }
      default: {
        Matcher key = PG_KEY.matcher(message);
        if (key.find()) {
          Matcher table = PG_FK_TABLE.matcher(message);
          String tableName = table.find() ? table.group(1) : null;
          for (String column : key.group(1).split(",")) {
            addColumn(found, tableName, column.strip(), written);
          }
          return found;
        }
        Matcher h2 = H2_COLUMNS.matcher(message);
        if (h2.find()) {
          String table = h2.group(1).replace("\"", "");
          table = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
          for (String column : h2.group(2).split(",")) {
            String bare = column.strip().split("\\s+")[0].replace("\"", "");
            addColumn(found, table.isEmpty() ? null : table, bare, written);
          }
        }
        return found;
      }
    }
  }

  /** The constraint name a message quotes: PostgreSQL {@code constraint "uk_x"}, H2 {@code violation: "UK_X_INDEX_1 ON ..."}. */
  private static String quotedConstraint(String message) {
    int at = message.indexOf("constraint \"");
    if (at < 0) {
      at = message.indexOf("violation: \"");
    }
    if (at < 0) {
      return null;
    }
    Matcher quoted = QUOTED.matcher(message);
    return quoted.find(at) ? quoted.group(1) : null;
  }

  private void addColumn(List<Target> found, String table, String column, Object written) {
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
  private List<Target> overlong(Object written) {
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

  private static ConstraintConflictException conflict(Kind kind, String constraint, List<Target> targets, Object written,
      boolean attributed) {
    String entity = targets.isEmpty() ? null : targets.get(0).entity;
    String attribute = targets.isEmpty() ? null : targets.get(0).attribute;
    Map<String, List<String>> errors = new LinkedHashMap<>();
    String message;
    switch (kind) {
      case UNIQUE:
        if (targets.isEmpty()) {
          message = "another record already has this value of a unique attribute";
        } else {
          List<String> names = new ArrayList<>();
          targets.forEach(t -> names.add(t.attribute));
          message = targets.size() == 1
              ? "another " + entity + " already has this " + attribute
              : "another " + entity + " already has this combination of " + String.join(", ", names);
          for (Target target : targets) {
            errors.put(target.attribute, List.of("is already taken by another " + entity));
          }
        }
        break;
      case STILL_REFERENCED:
        message = targets.isEmpty()
            ? "the record is still referenced by other records; remove those references first"
            : "the " + targets.get(0).references + " is still referenced by " + entity + " records (their " + attribute
                + "); delete or change those first";
        break;
      case MISSING_REFERENCE:
        if (targets.isEmpty()) {
          message = "a reference points to a record that does not exist";
        } else {
          message = attribute + " refers to a " + targets.get(0).references + " that does not exist";
          errors.put(attribute, List.of("refers to a " + targets.get(0).references + " that does not exist"));
        }
        break;
      case NOT_NULL:
        if (targets.isEmpty()) {
          message = "a required value is missing";
        } else {
          message = attribute + " is required";
          errors.put(attribute, List.of("is required"));
        }
        break;
      case TOO_LONG:
        if (targets.isEmpty()) {
          message = "a value is longer than its column allows";
        } else {
          Long length = targets.get(0).length;
          String limit = length == null ? "" : " (at most " + length + " characters)";
          message = attribute + " is longer than its column allows" + limit;
          errors.put(attribute, List.of("is longer than allowed" + limit));
        }
        break;
      default:
        message = "the database refused the write: it breaks a rule of the schema"
            + (attribute == null ? "" : " on " + entity + "." + attribute);
        if (attribute != null) {
          errors.put(attribute, List.of("breaks a rule of the schema"));
        }
    }
    return ValueAccess.constraintConflict(kind, constraint, entity, attribute, message, errors, attributed);
  }

  private static String key(String table, String column) {
    return normalise(table) + "." + normalise(column);
  }

  /** Lower case, without quotes, schema prefix, H2's index suffix or what follows a space. */
  private static String normalise(String name) {
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
