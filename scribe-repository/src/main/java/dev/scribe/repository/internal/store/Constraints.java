package dev.scribe.repository.internal.store;

import dev.scribe.core.internal.Words;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.repository.ConstraintConflictException.Kind;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.store.ConstraintMap.Target;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.boot.Metadata;

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

  private final ConstraintMap map;

  private Constraints(ConstraintMap map) {
    this.map = map;
  }

  static Constraints of(Metadata metadata, EntityCatalog catalog) {
    return new Constraints(ConstraintMap.of(metadata, catalog));
  }

  /**
   * The conflict {@code failure} stands for, or null when it is not a constraint violation. {@code written}
   * is the entity whose statement failed, when known: it tells which text is too long where the database
   * does not name the column. {@code concealed} gives the attributes of each entity type hidden from the caller:
   * a conflict on one of them is reported without naming it.
   */
  ConstraintConflictException translate(Throwable failure, Object written, boolean attributed,
      java.util.function.Supplier<List<Object>> managed,
      java.util.function.Function<Class<?>, java.util.Set<String>> concealed) {
    SQLException sql = null;
    String constraintName = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getClass() == org.hibernate.PropertyValueException.class) {
        // Hibernate's own not-null check, made before the INSERT when Bean Validation does not make it.
        org.hibernate.PropertyValueException missing = (org.hibernate.PropertyValueException) cause;
        Target target = map.attribute(missing.getEntityName(), missing.getPropertyName());
        List<Target> targets = target == null ? List.of() : List.of(target);
        return withCause(conflict(Kind.NOT_NULL, null, visible(targets, concealed), written, attributed), failure);
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
    return withCause(conflict(kind, constraintName, visible(targets, concealed), written, attributed), failure);
  }

  /**
   * {@code targets}, or none when one of them is hidden from the caller: the conflict is then reported as one
   * on an attribute the database did not name, so that its message and field errors do not name it either.
   */
  private static List<Target> visible(List<Target> targets,
      java.util.function.Function<Class<?>, java.util.Set<String>> concealed) {
    for (Target target : targets) {
      if (concealed.apply(target.type()).contains(target.attribute())) {
        return List.of();
      }
    }
    return targets;
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
      List<Target> targets = map.ofConstraint(name);
      if (targets != null) {
        return targets;
      }
    }
    switch (kind) {
      case NOT_NULL: {
        Matcher pg = PG_NOT_NULL.matcher(message);
        if (pg.find()) {
          map.addColumn(found, pg.group(2), pg.group(1), written);
        } else {
          Matcher h2 = H2_COLUMN.matcher(message);
          if (h2.find()) {
            map.addColumn(found, null, h2.group(1), written);
          }
        }
        return found;
      }
      case TOO_LONG: {
        Matcher h2 = H2_COLUMN.matcher(message);
        if (h2.find()) {
          map.addColumn(found, null, h2.group(1), written);
        } else if (written != null) {
          found.addAll(map.overlong(written));
        } else {
          // PostgreSQL does not name the column: look for the managed entity whose text is too long.
          for (Object entity : managed.get()) {
            found.addAll(map.overlong(entity));
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
            map.addColumn(found, tableName, column.strip(), written);
          }
          return found;
        }
        Matcher h2 = H2_COLUMNS.matcher(message);
        if (h2.find()) {
          String table = h2.group(1).replace("\"", "");
          table = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
          for (String column : h2.group(2).split(",")) {
            String bare = column.strip().split("\\s+")[0].replace("\"", "");
            map.addColumn(found, table.isEmpty() ? null : table, bare, written);
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

  private static ConstraintConflictException conflict(Kind kind, String constraint, List<Target> targets, Object written,
      boolean attributed) {
    String entity = targets.isEmpty() ? null : targets.get(0).entity();
    String attribute = targets.isEmpty() ? null : targets.get(0).attribute();
    Map<String, List<String>> errors = new LinkedHashMap<>();
    String message;
    switch (kind) {
      case UNIQUE:
        if (targets.isEmpty()) {
          message = "another record already has this value of a unique attribute";
        } else {
          List<String> names = new ArrayList<>();
          targets.forEach(t -> names.add(t.attribute()));
          message = targets.size() == 1
              ? "another " + entity + " already has this " + attribute
              : "another " + entity + " already has this combination of " + String.join(", ", names);
          for (Target target : targets) {
            errors.put(target.attribute(), List.of("is already taken by another " + entity));
          }
        }
        break;
      case STILL_REFERENCED:
        message = targets.isEmpty()
            ? "the record is still referenced by other records; remove those references first"
            : "the " + targets.get(0).references() + " is still referenced by " + entity + " records (their " + attribute
                + "); delete or change those first";
        break;
      case MISSING_REFERENCE:
        if (targets.isEmpty()) {
          message = "a reference points to a record that does not exist";
        } else {
          message = attribute + " refers to " + Words.withArticle(targets.get(0).references()) + " that does not exist";
          errors.put(attribute, List.of("refers to " + Words.withArticle(targets.get(0).references()) + " that does not exist"));
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
          Long length = targets.get(0).length();
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
}
