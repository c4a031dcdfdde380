package dev.scribe.controller.internal.request;

import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import java.util.List;
import java.util.Map;

/**
 * How many records a record's params make: the record itself and every object under its associations
 * ({@code "subtasks": [{...}, ...]}, {@code "owner": {...}}), theirs counted the same way through the model of
 * the entity each association points to. Objects inside an attribute of JSON type (a {@code Map} or {@code List}
 * value) are that attribute's value, not records, and do not count; nor do keys that name no attribute, which
 * the binding refuses.
 */
public final class NestedRecords {

  private NestedRecords() {}

  /** The records {@code params}, a record's params, makes for {@code model}, itself included. */
  public static long in(EntityModel<?> model, Map<?, ?> params) {
    long count = 1;
    if (!model.hasAssociations()) {
      return count;
    }
    for (Map.Entry<?, ?> field : params.entrySet()) {
      Object value = field.getValue();
      if (!(value instanceof Map || value instanceof List)) {
        continue;
      }
      EntityAttribute attribute = model.attributeOrNull(String.valueOf(field.getKey()));
      if (attribute != null && attribute.isAssociation()) {
        count += under(model.modelOf(attribute), value);
      }
    }
    return count;
  }

  /**
   * The association of {@code model} under which {@code params} nests the most records, to name in a refusal;
   * null when it nests none.
   */
  public static String largestAssociation(EntityModel<?> model, Map<?, ?> params) {
    String largest = null;
    long most = 0;
    for (Map.Entry<?, ?> field : params.entrySet()) {
      EntityAttribute attribute = model.attributeOrNull(String.valueOf(field.getKey()));
      if (attribute != null && attribute.isAssociation()) {
        long records = under(model.modelOf(attribute), field.getValue());
        if (records > most) {
          largest = attribute.name();
          most = records;
        }
      }
    }
    return largest;
  }

  /** The records of an association's value: its objects, each with its own nested records. */
  private static long under(EntityModel<?> target, Object value) {
    if (value instanceof Map) {
      return in(target, (Map<?, ?>) value);
    }
    long count = 0;
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        count += under(target, element);
      }
    }
    return count;
  }
}
