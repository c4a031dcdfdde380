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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks params before they are bound, together with the validate handlers: keys that may not be set
 * (400), values that do not convert to their attribute's type (400), and the entity's Bean Validation
 * constraints (422) evaluated on a probe instance — the current state with the params applied — so
 * nothing is written to the real entity.
 *
 * <p>Thread-safe.
 */
public final class ParamsCheck {
  private final EntityBinder binder;
  private final Validator validator;
  private final Map<Class<?>, Boolean> constrained = new ConcurrentHashMap<>();

  public ParamsCheck(EntityBinder binder, Validator validator) {
    this.binder = binder;
    this.validator = validator;
  }

  /**
   * The problems of {@code params} for an entity whose current state is {@code current} (null for a
   * create), as one veto, or null when there are none.
   */
  public <E> Veto check(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      boolean rejectUnknown) {
    Veto refused = binder.refusals(model, params, rejectUnknown);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    List<String> messages = new ArrayList<>();
    int status = 0;
    if (refused != null) {
      messages.addAll(refused.messages());
      refused.fieldErrors().forEach((field, list) -> fields.computeIfAbsent(field, k -> new ArrayList<>()).addAll(list));
      status = 400;
    }
    Map<String, Object> converted = new HashMap<>();
    for (Map.Entry<String, Object> entry : params.entrySet()) {
      EntityAttribute attribute = model.find(entry.getKey()).orElse(null);
      if (attribute == null || !attribute.settable() || attribute.kind() != AttributeKind.BASIC) {
        continue;
      }
      try {
        converted.put(attribute.name(), attribute.accepts(entry.getValue()) ? entry.getValue()
            : ValueConverter.convert(entry.getValue(), attribute.javaType()));
      } catch (ValueConverter.ConversionException e) {
        messages.add(attribute.name() + ": " + e.getMessage());
        fields.computeIfAbsent(attribute.name(), k -> new ArrayList<>()).add(e.getMessage());
        status = 400;
      }
    }
    if (isConstrained(model.type())) {
      List<ConstraintViolation<E>> violations = new ArrayList<>(validator.validate(probe(model, current, converted, replace)));
      Map<String, Integer> order = new HashMap<>();
      for (int i = 0; i < model.attributes().size(); i++) {
        order.put(model.attributes().get(i).name(), i);
      }
      violations.sort(Comparator.<ConstraintViolation<E>>comparingInt(v -> order.getOrDefault(field(v), -1))
          .thenComparing(v -> v.getPropertyPath().toString()).thenComparing(ConstraintViolation::getMessage));
      boolean any = false;
      for (ConstraintViolation<E> violation : violations) {
        String field = field(violation);
        if (field == null) {
          messages.add(violation.getMessage());
          any = true;
          continue;
        }
        EntityAttribute attribute = model.find(field).orElse(null);
        if (attribute != null && attribute.isAssociation() && params.get(field) != null) {
          continue;
        }
        if (fields.containsKey(field) && converted.get(field) == null && params.containsKey(field)) {
          continue;
        }
        fields.computeIfAbsent(field, k -> new ArrayList<>()).add(violation.getMessage());
        any = true;
      }
      if (any && status == 0) {
        status = 422;
      }
    }
    if (status == 0 && messages.isEmpty()) {
      return null;
    }
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
