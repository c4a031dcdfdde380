package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rule for a column one kind of write leaves out: Hibernate drops the value of an
 * {@code @Column(updatable = false)} attribute from every UPDATE, and that of an {@code insertable = false} one from
 * the INSERT, without a word, so the call succeeded and answered a value the database never got. Params are held to
 * the write at hand instead: a create may not set a column it does not insert, an update may not change a column
 * it does not update — a 400 naming each, as for the keys params may never set. A value equal to the one the
 * record holds anyway (the stored value sent back by a client that sends the whole record, null for a new record)
 * is no change and is allowed. Whoever wrote the key — caller or handler — the value would be lost alike.
 */
public final class OneWayColumns {
  private OneWayColumns() {}

  /**
   * The 400 naming each key of {@code params} the write cannot store, or null. {@code current}: the record the params
   * are bound to — the stored one for an update; for a create the new instance (with its presets), or null for a
   * blank one. {@code hidden}: the attributes hidden from the caller, whose stored value an update compares with
   * nothing — any value for one is refused, so that the answer tells nothing of the value it cannot read.
   */
  public static <E> Veto refusals(EntityModel<E> model, E current, Map<String, ?> params, boolean creating,
      Set<String> hidden) {
    if (!model.hasOneWayColumns()) {
      return null;
    }
    Veto.Builder veto = null;
    E record = current;
    for (String key : params.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null || !attribute.settable() || (creating ? attribute.insertable() : attribute.updatable())) {
        continue;
      }
      if (record == null) {
        record = model.newInstance();
      }
      if ((creating || !hidden.contains(key)) && same(model, attribute, attribute.read(record), params.get(key))) {
        continue;
      }
      veto = veto == null ? Veto.builder().status(400) : veto;
      add(veto, attribute, creating);
    }
    return veto == null ? null : veto.build();
  }

  /**
   * Throws the refusal when {@code value}, about to be bound to {@code entity}, would change what the write leaves
   * out: the last check, for a value a handler put after the params were checked ({@code preSetField}, a key a
   * verify handler added). {@code creating}: whether the entity is a new record rather than a stored one.
   */
  static void requireSame(EntityModel<?> model, EntityAttribute attribute, Object entity, Object value, boolean creating) {
    if ((creating ? !attribute.insertable() : !attribute.updatable())
        && !same(model, attribute, attribute.read(entity), value)) {
      throw add(Veto.builder().status(400), attribute, creating).build();
    }
  }

  private static Veto.Builder add(Veto.Builder veto, EntityAttribute attribute, boolean creating) {
    String reason = creating ? attribute.refusalOnCreate() : attribute.refusalOnUpdate();
    String message = creating ? attribute.name() + " cannot be set on create: " + attribute.notInsertedBy()
        : attribute.name() + " cannot be changed after create: " + attribute.notUpdatedBy();
    return veto.message(message).field(attribute.name(), reason);
  }

  /**
   * True when {@code proposed} (as params carry it: text, a number, an id, {@code {id: …}}) is what {@code held}
   * already is. A value that does not convert, or an association value of the wrong shape, counts as the same:
   * the params check refuses it for what it is.
   */
  static boolean same(EntityModel<?> model, EntityAttribute attribute, Object held, Object proposed) {
    if (attribute.kind() == AttributeKind.BASIC) {
      Object value;
      try {
        value = attribute.accepts(proposed) ? proposed : ValueConverter.convert(proposed, attribute.javaType());
      } catch (ValueConverter.ConversionException e) {
        return true;
      }
      value = Microseconds.cut(value);
      if (held instanceof BigDecimal && value instanceof BigDecimal) {
        return ((BigDecimal) held).compareTo((BigDecimal) value) == 0; // 12.5 is the 12.50 stored
      }
      return Objects.deepEquals(held, value);
    }
    if (attribute.kind() != AttributeKind.TO_ONE) {
      return true;
    }
    EntityModel<?> target = model.modelOf(attribute);
    Object reference = proposed;
    if (reference instanceof Collection<?> list) {
      if (list.size() > 1) {
        return true;
      }
      reference = list.isEmpty() ? null : list.iterator().next();
    }
    Object heldId = held == null ? null : target.idOf(held);
    if (reference == null) {
      return heldId == null;
    }
    Object id;
    if (target.type().isInstance(reference)) {
      id = target.idOf(reference);
    } else if (reference instanceof Map) {
      id = ((Map<?, ?>) reference).get(target.id().name()); // without one, a new record: never the one held
      if (id == null) {
        return false;
      }
    } else {
      id = reference;
    }
    try {
      return Objects.equals(heldId, ValueConverter.convertBodyId(id, target.id().javaType()));
    } catch (ValueConverter.ConversionException e) {
      return true;
    }
  }
}
