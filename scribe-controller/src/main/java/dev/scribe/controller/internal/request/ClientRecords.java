package dev.scribe.controller.internal.request;

import dev.scribe.controller.http.codec.JsonCodec;
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
}
