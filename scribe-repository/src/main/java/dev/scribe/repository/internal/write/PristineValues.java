package dev.scribe.repository.internal.write;

import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import java.util.List;

/**
 * The basic and to-one values of a loaded record before any handler ran, so that what handlers changed on the
 * managed entity of a record the batch then refuses is undone: a batch that keeps its valid records (with
 * {@code ignoreErrors}) flushes every managed entity, and a refused record must not be written (a {@code preUpdate}
 * that counts the update on the entity wrote the count and a new version for a record answered as refused).
 * Records run one at a time, so one instance serves a batch.
 */
final class PristineValues<E> {
  private final EntityModel<E> model;
  private E entity;
  private Object[] values;

  PristineValues(EntityModel<E> model) {
    this.model = model;
  }

  /** Remembers {@code loaded}'s values, before the record's handlers run. */
  void remember(E loaded) {
    List<EntityAttribute> attributes = model.attributes();
    Object[] read = new Object[attributes.size()];
    for (int i = 0; i < read.length; i++) {
      EntityAttribute attribute = attributes.get(i);
      if (attribute.kind() != AttributeKind.TO_MANY) {
        read[i] = attribute.read(loaded);
      }
    }
    entity = loaded;
    values = read;
  }

  /** The record is written: its values are its own now. */
  void forget() {
    entity = null;
    values = null;
  }

  /** The record was refused: every basic and to-one value a handler changed is put back. */
  void restore() {
    if (entity == null) {
      return;
    }
    List<EntityAttribute> attributes = model.attributes();
    for (int i = 0; i < values.length; i++) {
      EntityAttribute attribute = attributes.get(i);
      if (attribute.kind() != AttributeKind.TO_MANY && attribute.read(entity) != values[i]) {
        attribute.write(entity, values[i]);
      }
    }
    forget();
  }
}
