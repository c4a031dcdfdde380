package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Bean Validation constraints of a nested record the binder binds directly, its entity having no repository to
 * check its params. Hibernate's own validation at flush is switched off (a {@code ConstraintViolationException}
 * must never reach a caller), so without this check a blank {@code @NotBlank} title of a cascaded subtask was
 * stored. A violation is a 422 with the record's field errors, which the binder names under the nested field
 * ({@code subtasks[1].title}). Thread-safe.
 */
final class NestedConstraints {
  private final Validator validator;
  private final Map<Class<?>, Boolean> constrained = new ConcurrentHashMap<>();

  NestedConstraints(Validator validator) {
    this.validator = validator;
  }

  /** Throws the 422 of {@code record}'s violations, but those on the attribute {@code skipped} (may be null). */
  <E> void check(EntityModel<E> model, Object record, String skipped) {
    Class<?> type = record.getClass();
    if (!constrained.computeIfAbsent(type, t -> validator.getConstraintsForClass(t).isBeanConstrained())) {
      return;
    }
    List<ConstraintViolation<Object>> violations = new ArrayList<>(validator.validate(record));
    violations.removeIf(violation -> skipped != null && skipped.equals(field(violation)));
    if (violations.isEmpty()) {
      return;
    }
    Map<String, Integer> order = new java.util.HashMap<>();
    for (int i = 0; i < model.attributes().size(); i++) {
      order.put(model.attributes().get(i).name(), i);
    }
    violations.sort(Comparator.<ConstraintViolation<Object>>comparingInt(v -> order.getOrDefault(field(v), -1))
        .thenComparing(v -> v.getPropertyPath().toString()).thenComparing(ConstraintViolation::getMessage));
    Veto.Builder refusal = Veto.builder().status(422);
    for (ConstraintViolation<Object> violation : violations) {
      String field = field(violation);
      if (field == null) {
        refusal.message(violation.getMessage());
      } else {
        refusal.field(field, violation.getMessage());
      }
    }
    throw refusal.build();
  }

  private static String field(ConstraintViolation<?> violation) {
    for (Path.Node node : violation.getPropertyPath()) {
      return node.getName();
    }
    return null;
  }
}
