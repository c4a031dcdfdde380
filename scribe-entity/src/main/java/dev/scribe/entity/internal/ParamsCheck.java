package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks params before they are bound, together with the validate handlers: keys that may not be set
 * (400), values that do not convert to their attribute's type (400), and the entity's Bean Validation
 * constraints (422) evaluated on a probe instance — the current state with the params applied — so
 * nothing is written to the real entity. Values that convert are written back into the params (when
 * the map is a mutable {@code HashMap}), so later handlers and the binding see them typed.
 *
 * <p>Thread-safe.
 */
public final class ParamsCheck {
  private final Validator validator;
  private final Map<Class<?>, Boolean> constrained = new ConcurrentHashMap<>();

  public ParamsCheck(Validator validator) {
    this.validator = validator;
  }

  /**
   * The problems of {@code params} for an entity whose current state is {@code current} (null for a
   * create), as one veto, or null when there are none. {@code callerKeys}: see {@link EntityBinder#refusals}.
   */
  public <E> Veto check(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      boolean rejectUnknown, Set<String> callerKeys) {
    Veto refused = EntityBinder.refusals(model, params, rejectUnknown, callerKeys);
    Problems problems = null;
    if (refused != null) {
      problems = new Problems();
      problems.messages.addAll(refused.messages());
      Problems found = problems;
      refused.fieldErrors().forEach((field, list) -> found.fields(field).addAll(list));
      problems.status = 400;
    }
    boolean constrained = isConstrained(model.type());
    boolean normalize = params instanceof HashMap;
    Map<String, Object> converted = constrained ? new HashMap<>() : null;
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      EntityAttribute attribute = model.attributeOrNull(entry.getKey());
      if (attribute == null || !attribute.settable() || attribute.kind() != AttributeKind.BASIC) {
        continue;
      }
      Object raw = entry.getValue();
      Object value;
      try {
        value = attribute.accepts(raw) ? raw : ValueConverter.convert(raw, attribute.javaType());
      } catch (ValueConverter.ConversionException e) {
        if (problems == null) {
          problems = new Problems();
        }
        problems.messages.add(attribute.name() + ": " + e.getMessage());
        problems.fields(attribute.name()).add(e.getMessage());
        problems.status = 400;
        continue;
      }
      if (normalize && value != raw) {
        entry.setValue(value);
      }
      if (converted != null) {
        converted.put(attribute.name(), value);
      }
    }
    if (constrained) {
      problems = violations(model, current, params, replace, converted, problems);
    }
    return problems == null ? null : problems.veto();
  }

  private <E> Problems violations(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      Map<String, Object> converted, Problems found) {
    Problems problems = found;
    List<ConstraintViolation<E>> violations = new ArrayList<>(validator.validate(probe(model, current, converted, replace)));
    if (violations.isEmpty()) {
      return problems;
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < model.attributes().size(); i++) {
      order.put(model.attributes().get(i).name(), i);
    }
    violations.sort(Comparator.<ConstraintViolation<E>>comparingInt(v -> order.getOrDefault(field(v), -1))
        .thenComparing(v -> v.getPropertyPath().toString()).thenComparing(ConstraintViolation::getMessage));
    for (ConstraintViolation<E> violation : violations) {
      String field = field(violation);
      EntityAttribute attribute = field == null ? null : model.attributeOrNull(field);
      if (attribute != null && attribute.isAssociation() && params.get(field) != null) {
        continue;
      }
      if (field != null && params.containsKey(field) && !converted.containsKey(field)
          && attribute != null && attribute.kind() == AttributeKind.BASIC && attribute.settable()) {
        continue;
      }
      if (problems == null) {
        problems = new Problems();
      }
      if (field == null) {
        problems.messages.add(violation.getMessage());
      } else {
        problems.fields(field).add(violation.getMessage());
      }
      if (problems.status == 0) {
        problems.status = 422;
      }
    }
    return problems;
  }

  /** The problems of one record, turned into one veto. */
  private static final class Problems {
    final List<String> messages = new ArrayList<>();
    final Map<String, List<String>> fields = new LinkedHashMap<>();
    int status;

    List<String> fields(String field) {
      return fields.computeIfAbsent(field, k -> new ArrayList<>());
    }

    Veto veto() {
      Veto.Builder builder = Veto.builder().status(status == 0 ? 422 : status);
      List<String> distinct = new ArrayList<>();
      for (String message : messages) {
        if (!distinct.contains(message)) {
          distinct.add(message);
        }
      }
      distinct.forEach(builder::message);
      fields.forEach((field, list) -> list.forEach(message -> builder.field(field, message)));
      return builder.build();
    }
  }

  /** True when the class declares any Bean Validation constraint. */
  public boolean isConstrained(Class<?> type) {
    return constrained.computeIfAbsent(type, t -> validator.getConstraintsForClass(t).isBeanConstrained());
  }

  private static <E> E probe(EntityModel<E> model, E current, Map<String, Object> converted, boolean replace) {
    E probe = model.newInstance();
    if (current != null) {
      for (EntityAttribute attribute : model.attributes()) {
        if (attribute.kind() != AttributeKind.TO_MANY && (!replace || !attribute.settable())) {
          attribute.write(probe, attribute.read(current));
        }
      }
    }
    converted.forEach((name, value) -> model.attribute(name).write(probe, value));
    return probe;
  }

  private static String field(ConstraintViolation<?> violation) {
    for (Path.Node node : violation.getPropertyPath()) {
      return node.getName();
    }
    return null;
  }
}
