package dev.scribe.controller.internal.request;

import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.internal.view.FieldPolicies;
import dev.scribe.controller.internal.view.FieldVisibility;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a record as the client sent it, before any handler runs: keys a client may never set (the id,
 * the version, guarded and generated attributes) and, for bodies that came as JSON, values of the wrong
 * JSON type — text attributes take strings, numeric ones numbers, boolean ones {@code true}/{@code false};
 * nothing is coerced. Records nested in associations are checked the same way. A key hidden from the
 * call that the client may not set — by the entity's mapping, or by the caller's roles ({@code writeRoles}) —
 * is answered like a key that does not exist, so the refusal tells nothing about it. Everything found is reported in one 400 naming each field.
 */
public final class ClientRecords {
  private ClientRecords() {}

  /**
   * The 400 for one record, or null when it is acceptable. {@code hidden}: the attributes hidden from the
   * call; {@code unwritable}: those the caller's roles may not write; {@code rejectUnknown}: whether unknown keys are refused (else hidden keys that may not be set are
   * dropped like unknown ones); {@code json}: whether the record came from a JSON body and so has its types
   * checked.
   */
  public static Veto problems(EntityModel<?> model, Map<String, Object> record, Set<String> hidden,
      Set<String> unwritable, boolean rejectUnknown, boolean json) {
    Veto.Builder veto = null;
    List<String> refused = null;
    for (Iterator<Map.Entry<String, Object>> entries = record.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<String, Object> entry = entries.next();
      String key = entry.getKey();
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null) {
        continue;
      }
      String reason = attribute.refusal();
      if ((reason != null || unwritable.contains(key)) && hidden.contains(key)) {
        if (!rejectUnknown) {
          entries.remove();
          continue;
        }
        reason = "is not an attribute of " + model.displayName();
      }
      if (reason != null) {
        veto = veto == null ? Veto.builder().status(400) : veto;
        refused = refused == null ? new ArrayList<>() : refused;
        refused.add(key);
        veto.field(key, reason);
      }
    }
    List<String[]> wrongTypes = json ? new ArrayList<>() : List.of();
    if (json) {
      types(model, record, "", wrongTypes, 0);
    }
    if (veto == null && wrongTypes.isEmpty()) {
      return null;
    }
    veto = veto == null ? Veto.builder().status(400) : veto;
    if (refused != null) {
      veto.message("cannot set " + String.join(", ", refused) + " on " + model.displayName() + "; settable fields: "
          + String.join(", ", model.settableNames().stream().filter(name -> !hidden.contains(name)).toList()));
    }
    for (String[] wrong : wrongTypes) {
      veto.message(wrong[0] + ": " + wrong[1]);
      veto.field(wrong[0], wrong[1]);
    }
    return veto.build();
  }

  /**
   * The refusal of the records nested in {@code body} (an object or a batch of objects of {@code model}), or
   * null: each nested record is held to what the controllers serving its entity allow on the call's path, as
   * if it were sent to them. A key hidden from the caller that the caller may not set (by the mapping or by
   * {@code writeRoles}) is refused as one that does not exist, and so is an unknown key (with
   * {@code rejectUnknown}; dropped without), naming the settable fields the caller may see; the id addresses an
   * existing record and is allowed. Then a visible field the caller's roles may not write is a 403 naming it,
   * as on the entity's own route. Before, a nested record's fields were checked by its repository alone: a
   * field only admins may write was written through the parent's body, and a refusal listed the nested
   * entity's hidden fields among the settable ones.
   */
  public static Veto nested(EntityModel<?> model, Object body, FieldVisibility.Scope visible, boolean rejectUnknown) {
    if (visible == null || body == null) {
      return null;
    }
    NestedRecords check = new NestedRecords(visible, rejectUnknown);
    if (body instanceof Map) {
      check.associationsOf(model, (Map<?, ?>) body, "", 0);
    } else if (body instanceof List) {
      for (Object record : (List<?>) body) {
        if (record instanceof Map) {
          check.associationsOf(model, (Map<?, ?>) record, "", 0);
        }
      }
    }
    return check.refusal();
  }

  /** One walk over the records nested in a body; what it refuses is gathered as it goes, built only when found. */
  private static final class NestedRecords {
    private final FieldVisibility.Scope visible;
    private final boolean rejectUnknown;
    private Veto action;
    private Veto.Builder hidden;
    private Veto.Builder forbidden;
    private final List<String> forbiddenFields = new ArrayList<>(0);

    NestedRecords(FieldVisibility.Scope visible, boolean rejectUnknown) {
      this.visible = visible;
      this.rejectUnknown = rejectUnknown;
    }

    Veto refusal() {
      if (action != null) {
        return action; // as on a route, the action check comes before anything about the fields
      }
      if (hidden != null) {
        return hidden.build();
      }
      if (forbidden != null) {
        Object user = visible.user();
        return forbidden.message((user instanceof User ? ((User) user).name() : "an anonymous caller") + " may not set "
            + String.join(", ", forbiddenFields) + "; leave " + (forbiddenFields.size() == 1 ? "it" : "them")
            + " out of the body").build();
      }
      return null;
    }

    void associationsOf(EntityModel<?> model, Map<?, ?> record, String prefix, int depth) {
      for (Map.Entry<?, ?> entry : record.entrySet()) {
        EntityAttribute attribute = model.attributeOrNull(String.valueOf(entry.getKey()));
        if (attribute == null || !attribute.isAssociation() || depth >= JsonCodec.MAX_DEPTH) {
          continue;
        }
        EntityModel<?> target = model.modelOf(attribute);
        Object value = entry.getValue();
        if (value instanceof Map) {
          check(target, (Map<?, ?>) value, prefix + attribute.name(), depth + 1);
        } else if (value instanceof Collection && attribute.kind() == AttributeKind.TO_MANY) {
          int index = 0;
          for (Object element : (Collection<?>) value) {
            if (element instanceof Map) {
              check(target, (Map<?, ?>) element, prefix + attribute.name() + "[" + index + "]", depth + 1);
            }
            index++;
          }
        }
      }
    }

    private void check(EntityModel<?> target, Map<?, ?> record, String field, int depth) {
      if (action == null) {
        // {id} alone refers to a record; {id, ...} changes it; without the id the record is created
        boolean hasId = record.containsKey(target.id().name());
        if (!hasId || record.size() > 1) {
          action = visible.nestedActionRefusal(target, hasId ? "update" : "store", field);
        }
      }
      Set<String> hiddenNames = visible.hidden(target);
      Set<String> unwritable = visible.unwritable(target);
      List<String> refused = new ArrayList<>(0);
      for (Iterator<? extends Map.Entry<?, ?>> entries = record.entrySet().iterator(); entries.hasNext(); ) {
        String key = String.valueOf(entries.next().getKey());
        EntityAttribute attribute = target.attributeOrNull(key);
        if (attribute != null && attribute.isId()) {
          continue;
        }
        boolean unseen = attribute == null || hiddenNames.contains(key);
        boolean settable = attribute != null && attribute.refusal() == null && !unwritable.contains(key);
        if (unseen && !settable) {
          if (!rejectUnknown) {
            entries.remove();
            continue;
          }
          refused.add(named(key));
          hidden().field(field + "." + named(key), "is not an attribute of " + target.displayName());
        } else if (!unseen && unwritable.contains(key)) {
          forbiddenFields.add(field + "." + key);
          List<String> roles = FieldPolicies.roles(visible.writeRoles(target, key));
          forbidden().field(field + "." + key, "needs the role " + (roles.size() == 1 ? roles.get(0) : "one of " + roles));
        }
      }
      if (!refused.isEmpty()) {
        hidden().message("cannot set " + String.join(", ", refused) + " on " + target.displayName() + "; settable fields: "
            + String.join(", ", target.settableNames().stream().filter(name -> !hiddenNames.contains(name)).toList()));
      }
      associationsOf(target, record, field + ".", depth);
    }

    private Veto.Builder hidden() {
      if (hidden == null) {
        hidden = Veto.builder().status(400);
      }
      return hidden;
    }

    private Veto.Builder forbidden() {
      if (forbidden == null) {
        forbidden = Veto.builder().status(403);
      }
      return forbidden;
    }
  }

  /** Collects {field, problem} for every value of {@code record} whose JSON type does not fit its attribute. */
  private static void types(EntityModel<?> model, Map<?, ?> record, String prefix, List<String[]> wrong, int depth) {
    for (Map.Entry<?, ?> entry : record.entrySet()) {
      EntityAttribute attribute = model.attributeOrNull(String.valueOf(entry.getKey()));
      if (attribute == null || !attribute.settable()) {
        continue;
      }
      Object value = entry.getValue();
      if (attribute.kind() == AttributeKind.BASIC) {
        String mismatch = ValueConverter.jsonMismatch(value, attribute.javaType());
        if (mismatch != null) {
          wrong.add(new String[] {prefix + attribute.name(), mismatch});
        }
      } else if (depth < JsonCodec.MAX_DEPTH) {
        nested(model.modelOf(attribute), attribute, value, prefix + attribute.name(), wrong, depth + 1);
      }
    }
  }

  private static void nested(EntityModel<?> target, EntityAttribute attribute, Object value, String field,
      List<String[]> wrong, int depth) {
    if (value instanceof Map) {
      types(target, (Map<?, ?>) value, field + ".", wrong, depth);
    } else if (value instanceof Boolean) {
      wrong.add(new String[] {field, "must be " + (attribute.kind() == AttributeKind.TO_ONE
          ? "an id (a number or a string) or an object" : "an array of ids or objects") + ", not "
          + ValueConverter.describe(value)});
    } else if (value instanceof Collection && attribute.kind() == AttributeKind.TO_MANY) {
      int index = 0;
      for (Object element : (Collection<?>) value) {
        if (element instanceof Map) {
          types(target, (Map<?, ?>) element, field + "[" + index + "].", wrong, depth);
        } else if (element instanceof Boolean) {
          wrong.add(new String[] {field + "[" + index + "]", "must be an id (a number or a string) or an object, not "
              + ValueConverter.describe(element)});
        }
        index++;
      }
    }
  }

  /** {@link #problems} for each record of a batch, reported together by index; {@code addressing} keys are allowed. */
  public static Veto problems(EntityModel<?> model, List<Map<String, Object>> records, Set<String> addressing,
      Set<String> hidden, Set<String> unwritable, boolean rejectUnknown, boolean json) {
    List<Veto.RecordError> errors = new ArrayList<>();
    for (int index = 0; index < records.size(); index++) {
      Map<String, Object> record = records.get(index);
      Veto found;
      if (addressing.isEmpty()) {
        found = problems(model, record, hidden, unwritable, rejectUnknown, json);
      } else {
        Map<String, Object> rest = new LinkedHashMap<>(record);
        rest.keySet().removeAll(addressing);
        found = problems(model, rest, hidden, unwritable, rejectUnknown, json);
        record.keySet().removeIf(key -> !addressing.contains(key) && !rest.containsKey(key));
      }
      if (found != null) {
        errors.add(Veto.RecordError.of(index, found));
      }
    }
    return errors.isEmpty() ? null : Veto.ofRecords(errors);
  }

  /** A client's key as a refusal names it: quoted when blank, since the key {@code ""} would name nothing. */
  private static String named(String key) {
    return key.isBlank() ? '"' + key + '"' : key;
  }
}
