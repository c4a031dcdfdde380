package dev.scribe.outbox;

import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which fields of each aggregate the change feed leaves out of the old and new values: the fields the
 * application's REST resources hide from readers — {@link Builder#hide} for the {@code hiddenFields} of a
 * controller (hidden from everyone), {@link Builder#readRoles} for its {@code readRoles} (hidden from callers
 * without one of the roles). As a {@link FeedAccess} it shows every row to everyone; use
 * {@link ScopedFeedAccess} for the row scope.
 *
 * <pre>{@code
 * FieldPolicy policy = FieldPolicy.builder()
 *     .hide("Person", "passwordHash")
 *     .readRoles("Person", "email", "admin", "staff")
 *     .build();
 * }</pre>
 */
public final class FieldPolicy implements FeedAccess {
  private static final FieldPolicy NONE = new FieldPolicy(Map.of(), Map.of());

  private final Map<String, Set<String>> hidden;
  private final Map<String, Map<String, List<String>>> readRoles;

  private FieldPolicy(Map<String, Set<String>> hidden, Map<String, Map<String, List<String>>> readRoles) {
    this.hidden = hidden;
    this.readRoles = readRoles;
  }

  /** Every field visible. */
  public static FieldPolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The fields hidden for {@code aggregateType} from everyone; a null type is a {@link UsageException}. */
  public Set<String> hidden(String aggregateType) {
    if (aggregateType == null) {
      // the immutable maps answer a lookup of null with a bare NullPointerException
      throw new UsageException("FieldPolicy.hidden(null): pass the aggregate type, the entity name such as"
          + " \"Task\" (ChangeMessage.aggregateType())");
    }
    return hidden.getOrDefault(aggregateType, Set.of());
  }

  /**
   * The fields hidden for {@code aggregateType} from {@code caller} (a {@code dev.scribe.core.User} or null):
   * the ones hidden from everyone and those whose read roles the caller has none of.
   */
  public Set<String> hidden(String aggregateType, Object caller) {
    Set<String> fromEveryone = hidden(aggregateType);
    Map<String, List<String>> roles = readRoles.get(aggregateType);
    if (roles == null) {
      return fromEveryone;
    }
    Set<String> fields = new LinkedHashSet<>(fromEveryone);
    roles.forEach((field, needed) -> {
      if (!(caller instanceof User) || !((User) caller).hasAnyRole(needed)) {
        fields.add(field);
      }
    });
    return fields;
  }

  /** Every stream sees every change, anonymously: the fields hidden from everyone are left out. */
  @Override
  public UnaryOperator<ChangeMessage> open(HttpServletRequest request) {
    return change -> apply(change, null);
  }

  ChangeMessage apply(ChangeMessage message, Object caller) {
    return message.without(hidden(message.aggregateType(), caller));
  }

  /** Collects the hidden fields per aggregate type. */
  public static final class Builder {
    private final Map<String, Set<String>> hidden = new HashMap<>();
    private final Map<String, Map<String, List<String>>> readRoles = new HashMap<>();

    private Builder() {}

    /** Hides {@code fields} of the entity named {@code aggregateType} (the JPA entity name, e.g. {@code Task}). */
    public Builder hide(String aggregateType, String... fields) {
      return hide(aggregateType, fields == null ? null : Arrays.asList(fields));
    }

    /** Hides {@code fields} of the entity named {@code aggregateType}, as a controller's {@code hiddenFields}. */
    public Builder hide(String aggregateType, Iterable<String> fields) {
      requireType("hide", aggregateType);
      if (fields == null) {
        throw new UsageException("FieldPolicy.builder().hide(\"" + aggregateType + "\", null): pass the names of the"
            + " fields to leave out, e.g. hide(\"" + aggregateType + "\", \"budget\")");
      }
      Set<String> union = new HashSet<>(hidden.getOrDefault(aggregateType, Set.of()));
      for (String field : fields) {
        if (field == null || field.isBlank()) {
          throw new UsageException("FieldPolicy.builder().hide(\"" + aggregateType + "\", ...) names a field "
              + (field == null ? "null" : "\"" + field + "\"") + ": pass the names of the fields to leave out");
        }
        union.add(field);
      }
      hidden.put(aggregateType, Set.copyOf(union));
      return this;
    }

    /**
     * Shows {@code field} of {@code aggregateType} only to callers with one of {@code roles}, as a
     * controller's {@code readRoles}.
     */
    public Builder readRoles(String aggregateType, String field, String... roles) {
      requireType("readRoles", aggregateType);
      String call = "FieldPolicy.builder().readRoles(\"" + aggregateType + "\", "
          + (field == null ? "null" : "\"" + field + "\"");
      if (field == null || field.isBlank()) {
        throw new UsageException(call + ", ...): pass the name of the field the roles may read");
      }
      if (roles == null || Arrays.stream(roles).anyMatch(role -> role == null || role.isBlank())) {
        throw new UsageException(call + ", " + (roles == null ? "null" : Arrays.toString(roles)) + "): pass the roles"
            + " that may read the field, none null or blank, e.g. readRoles(\"" + aggregateType + "\", \"" + field
            + "\", \"admin\")");
      }
      if (roles.length == 0) {
        // as a controller's readRoles refuses an empty list: taken, it hid the field from everyone, which hide(...) says
        throw new UsageException(call + ", []): pass at least one role that may read the field, e.g. readRoles(\""
            + aggregateType + "\", \"" + field + "\", \"admin\"), or hide(\"" + aggregateType + "\", \"" + field
            + "\") to hide it from everyone");
      }
      readRoles.computeIfAbsent(aggregateType, type -> new HashMap<>()).put(field, List.of(roles));
      return this;
    }

    private static void requireType(String method, String aggregateType) {
      if (aggregateType == null || aggregateType.isBlank()) {
        throw new UsageException("FieldPolicy.builder()." + method + "(" + (aggregateType == null ? "null"
            : "\"" + aggregateType + "\"") + ", ...): pass the JPA entity name of the aggregate, e.g. \"Task\"");
      }
    }

    public FieldPolicy build() {
      Map<String, Map<String, List<String>>> roles = new HashMap<>();
      readRoles.forEach((type, fields) -> roles.put(type, Map.copyOf(fields)));
      return new FieldPolicy(Map.copyOf(hidden), Map.copyOf(roles));
    }
  }
}
