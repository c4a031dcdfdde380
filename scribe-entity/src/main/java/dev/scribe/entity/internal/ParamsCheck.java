package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.convert.JsonValues;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Collection;
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
 * the map is a mutable {@code HashMap} or a {@link WritableParams} frame), so later handlers and the
 * binding see them typed.
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
   * create), as one veto, or null when there are none. {@code callerKeys}: see {@link EntityModel#refusals(Map, boolean, Set)}.
   * Association values are checked too when {@code targets} are given: their shape (400), the
   * type of the ids they name (400) and that those ids name a record {@code targets} finds (422), so that a
   * bad reference in one record of a batch is reported with that record instead of stopping the batch while
   * it is bound.
   */
  public <E> Veto check(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      boolean rejectUnknown, Set<String> callerKeys, Targets targets) {
    return check(model, current, params, replace, rejectUnknown, callerKeys, Set.of(), targets);
  }

  /**
   * How the check finds the record an id in an association names: as the binding will find it (the repository
   * tier inside the caller's row scope, see {@link BindContext#find}), so that a record the caller may not see
   * is refused here as a missing one is.
   */
  @FunctionalInterface
  public interface Targets {
    /** The entity of {@code type} with {@code id} that params may point an association at, or null. */
    Object find(Class<?> type, Object id);
  }

  /** {@link #check} for a caller from whom the attributes in {@code unlisted} are hidden: messages do not list them. */
  public <E> Veto check(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      boolean rejectUnknown, Set<String> callerKeys, Set<String> unlisted, Targets targets) {
    return check(model, current, params, replace, rejectUnknown, callerKeys, unlisted, targets, current == null);
  }

  /**
   * {@link #check} for a create ({@code creating}; {@code current} is then the new instance with its presets, or
   * null) or an update of the stored {@code current}: a value for a column the write leaves out is refused unless
   * the record holds it already ({@link OneWayColumns}).
   */
  public <E> Veto check(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      boolean rejectUnknown, Set<String> callerKeys, Set<String> unlisted, Targets targets,
      boolean creating) {
    Veto refused = model.refusals(params, rejectUnknown, callerKeys, unlisted);
    RecordProblems problems = null;
    if (refused != null) {
      problems = new RecordProblems();
      problems.add(refused);
    }
    Veto unstored = OneWayColumns.refusals(model, current, params, creating, unlisted);
    if (unstored != null) {
      problems = problems == null ? new RecordProblems() : problems;
      problems.add(unstored);
    }
    boolean constrained = isConstrained(model.type());
    boolean normalize = params instanceof HashMap || params instanceof WritableParams;
    Map<String, Object> converted = constrained ? new HashMap<>() : null;
    Map<String, String> unstorable = null;
    // By key, not by entry: a params frame would wrap every entry of the caller's map in one of its own
    for (String key : params.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null || !attribute.settable()) {
        continue;
      }
      if (attribute.kind() != AttributeKind.BASIC) {
        if (targets != null) {
          Veto wrong = associationProblem(model, attribute, params.get(key), targets);
          if (wrong != null) {
            problems = problems == null ? new RecordProblems() : problems;
            problems.add(wrong);
          }
        }
        continue;
      }
      Object raw = params.get(key);
      Object value;
      try {
        value = attribute.accepts(raw) ? raw : ValueConverter.convert(raw, attribute.javaType());
      } catch (ValueConverter.ConversionException e) {
        if (problems == null) {
          problems = new RecordProblems();
        }
        problems.messages.add(attribute.name() + ": " + e.getMessage());
        problems.fields(attribute.name()).add(e.getMessage());
        problems.status = 400;
        continue;
      }
      if (normalize && value != raw) {
        params.put(key, value); // an existing key: no change to the map's structure during the loop
      }
      if (converted != null) {
        converted.put(attribute.name(), value);
      }
      String unfit = value instanceof String ? textProblem(attribute, (String) value)
          : value instanceof java.math.BigDecimal ? decimalProblem(attribute, (java.math.BigDecimal) value)
          : value instanceof java.time.LocalTime ? timeProblem(attribute, (java.time.LocalTime) value)
          : JsonValues.problem(value);
      if (unfit != null) {
        if (unstorable == null) {
          unstorable = new LinkedHashMap<>();
        }
        unstorable.put(attribute.name(), unfit);
      }
    }
    if (constrained) {
      problems = violations(model, current, params, replace, converted, problems);
    }
    if (unstorable != null) {
      problems = storageProblems(unstorable, problems);
    }
    return problems == null ? null : problems.veto();
  }

  /**
   * Why a text value cannot be stored in its column, or null: longer than the column, or holding the NUL
   * character, which database text types refuse. Checked here so that the client gets a 422 naming the
   * field, before the database is asked.
   */
  private static String textProblem(EntityAttribute attribute, String text) {
    int max = attribute.maxLength();
    if (max >= 0 && text.length() > max) {
      // the column counts UTF-16 code units, as Java does: a client counting 128 emoji was told it had 256
      boolean wide = text.codePointCount(0, text.length()) != text.length();
      return "must be at most " + max + " characters long (it has " + text.length()
          + (wide ? ", a character outside the Basic Multilingual Plane, like an emoji, counting as 2)" : ")");
    }
    if (text.indexOf('\0') >= 0) {
      return "must not contain the NUL character (\\u0000)";
    }
    return null;
  }

  /**
   * Why a time of day cannot be stored in its column without changing it, or null: more digits after the point of
   * its seconds than reach the column, which would be rounded ({@code 23:59:59.9999} became midnight).
   */
  private static String timeProblem(EntityAttribute attribute, java.time.LocalTime time) {
    int allowed = attribute.secondDigits();
    int nano = time.getNano();
    if (allowed < 0 || nano == 0) {
      return null;
    }
    int digits = 9;
    for (int rest = nano; rest % 10 == 0; rest /= 10) {
      digits--;
    }
    if (digits <= allowed) {
      return null;
    }
    java.time.LocalTime cut = time.withNano(nano - nano % (int) Math.pow(10, 9 - allowed));
    String has = digits + (digits == 1 ? " digit" : " digits") + " after the point";
    if (allowed == 0) {
      return "must be a whole number of seconds (it has " + has + "): its column keeps whole seconds, and the"
          + " fraction would be rounded; send " + cut;
    }
    return "must have at most " + allowed + (allowed == 1 ? " digit" : " digits") + " after the point of its seconds"
        + " (it has " + digits + "): " + (allowed == 3 ? "a time of day is stored to the millisecond"
            : "its column keeps " + allowed) + ", and finer digits would be rounded; send " + cut;
  }

  /**
   * Why a decimal cannot be stored in its column without changing it, or null: more digits after the point
   * than the column's scale (the database would round it) or before it than precision minus scale (the
   * database would refuse it).
   */
  private static String decimalProblem(EntityAttribute attribute, java.math.BigDecimal value) {
    int precision = attribute.decimalPrecision();
    if (precision <= 0) {
      return null;
    }
    int scale = attribute.decimalScale();
    if (value.signum() != 0 && value.scale() >= 0 && value.scale() <= scale
        && value.precision() - value.scale() <= precision - scale) {
      // Fits as written: stripping trailing zeros takes as many digits from both sides of the count, so it fits
      // stripped too; the stripped copy is made only for a value that may not (every decimal of every record)
      return null;
    }
    java.math.BigDecimal plain = value.signum() == 0 ? java.math.BigDecimal.ZERO : value.stripTrailingZeros();
    int fraction = Math.max(plain.scale(), 0);
    if (fraction > scale) {
      return "must have at most " + scale + " digits after the decimal point (it has " + fraction + ")";
    }
    int whole = plain.precision() - plain.scale();
    if (whole > precision - scale) {
      return "must be less than 10^" + (precision - scale) + " in magnitude (at most " + (precision - scale)
          + " digits before the decimal point)";
    }
    return null;
  }

  /** Adds the text problems of fields that have no other error yet (a {@code @Size} violation says the same). */
  private static RecordProblems storageProblems(Map<String, String> unstorable, RecordProblems found) {
    RecordProblems problems = found;
    for (Map.Entry<String, String> entry : unstorable.entrySet()) {
      if (problems != null && problems.fields.containsKey(entry.getKey())) {
        continue;
      }
      if (problems == null) {
        problems = new RecordProblems();
      }
      problems.fields(entry.getKey()).add(entry.getValue());
    }
    return problems;
  }

  private <E> RecordProblems violations(EntityModel<E> model, E current, Map<String, Object> params, boolean replace,
      Map<String, Object> converted, RecordProblems found) {
    RecordProblems problems = found;
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
        problems = new RecordProblems();
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

  /**
   * What is wrong with the value of one association whatever record it is written to, or null: the shape the
   * association takes and the type of the ids it names (a 400). An update by query checks it once for all the
   * records it matches, instead of refusing each of them alike. Whether the ids exist is not asked.
   */
  public static Veto associationShapeProblem(EntityModel<?> model, EntityAttribute attribute, Object raw) {
    return associationProblem(model, attribute, raw, null);
  }

  /**
   * What is wrong with the value of one association, or null: it must have the shape the association
   * takes, and the ids it names must convert and exist (asked of {@code targets}; not asked without
   * them). Nested objects without an id are new records, checked when they are created.
   */
  private static Veto associationProblem(EntityModel<?> model, EntityAttribute attribute, Object raw,
      Targets targets) {
    EntityModel<?> target = model.modelOf(attribute);
    try {
      List<Object> values = AssociationBinder.valuesOf(model, attribute, raw);
      Map<Object, Integer> named = new HashMap<>();
      for (int index = 0; index < values.size(); index++) {
        Object value = values.get(index);
        Object id;
        if (target.type().isInstance(value)) {
          continue;
        } else if (value instanceof Map) {
          id = ((Map<?, ?>) value).get(target.id().name());
          if (id == null) {
            continue;
          }
        } else if (value instanceof Collection) {
          throw AssociationBinder.invalid(model, attribute, value, "takes ids or objects, not nested lists");
        } else {
          id = value;
        }
        Object converted = AssociationBinder.convertId(model, attribute, target, id,
            attribute.kind() == AttributeKind.TO_MANY ? "element " + index + ": " : "");
        Integer first = converted == null ? null : named.putIfAbsent(converted, index);
        if (first != null) {
          // the list held the record twice: the answer listed it twice, though the database keeps one link
          String text = "element " + index + " names " + target.displayName() + " " + converted + ", as element " + first
              + " does; name each " + target.displayName() + " once";
          throw Veto.builder().status(400).message(attribute.name() + ": " + text).field(attribute.name(), text).build();
        }
        if (targets != null) {
          AssociationBinder.find(attribute, target, converted, targets);
        }
      }
      return null;
    } catch (Veto refused) {
      return refused;
    }
  }

  /** True when the class declares any Bean Validation constraint. */
  public boolean isConstrained(Class<?> type) {
    // A batch asks about one class for every record: the last answer is kept where one read finds it
    Known last = this.last;
    if (last != null && last.type == type) {
      return last.constrained;
    }
    boolean answer = constrained.computeIfAbsent(type, t -> validator.getConstraintsForClass(t).isBeanConstrained());
    this.last = new Known(type, answer);
    return answer;
  }

  private volatile Known last;

  private record Known(Class<?> type, boolean constrained) {}

  private static <E> E probe(EntityModel<E> model, E current, Map<String, Object> converted, boolean replace) {
    E probe = model.newInstance();
    if (current != null) {
      for (EntityAttribute attribute : model.attributes()) {
        // a replacing update resets what its params leave out, but not what it cannot update
        if (attribute.kind() != AttributeKind.TO_MANY && (!replace || !attribute.settable() || !attribute.updatable())) {
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
