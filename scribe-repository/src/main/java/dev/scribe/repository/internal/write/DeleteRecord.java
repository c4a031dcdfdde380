package dev.scribe.repository.internal.write;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.ReferenceLocks;
import dev.scribe.repository.internal.unit.UnitState;
import java.util.Map;

/**
 * Deletes one record, found by id inside the caller's row scope (its row locked when no version is expected,
 * option {@code lockOnUpdate}); its DELETE is sent before the next record.
 */
final class DeleteRecord<E> implements RecordWrite<E> {
  private final WriteCall<E> call;
  private final EntityModel<E> model;
  private final ExistingRecords<E> existing;
  /** The loaded record's values before its handlers ran, put back when the batch refuses it. */
  private final PristineValues<E> pristine;

  DeleteRecord(WriteCall<E> call) {
    this.call = call;
    this.model = call.writes.model;
    this.existing = new ExistingRecords<>(call);
    this.pristine = new PristineValues<>(model);
  }

  @Override
  public void prepare(EventArgs record, Object input) {
    if (input == null) {
      throw Veto.builder().status(400)
          .message("record " + record.index() + " of the delete batch is null; each element is the "
              + model.id().name() + " of a " + model.displayName() + " to delete")
          .field(model.id().name(), "is required in a delete batch")
          .build();
    }
    Object id = existing.convertId(input);
    existing.requireNamedOnce(id, record);
    Object expected = call.single ? call.options.expectedVersion() : null;
    boolean locksReferences = StoreAccess.locks(call.writes.store).locksReferences();
    E entity;
    if (expected == null && call.lockOnUpdate) {
      // Locked as an unconditional update locks it: a delete racing updates of its record waits for them and
      // reads the row they committed, instead of failing its version check once per update it met.
      entity = existing.loadForUpdate(id, record);
      if (locksReferences) {
        // After the row lock, never before: an update holding the row lock may insert a child under it, which
        // takes this key lock, and would wait for a delete that waits for it.
        ReferenceLocks.lockRow(call.unit, call.writes.rootEntityName, id);
      }
    } else {
      if (locksReferences) {
        // before the record is read and its verify handlers look for the rows that refer to it
        ReferenceLocks.lockRow(call.unit, call.writes.rootEntityName, id);
      }
      entity = existing.load(id, record);
    }
    existing.checkVersion(entity, id, expected);
    existing.prepared(entity, id);
    pristine.remember(entity);
    record.remove(EventArgs.PARAMS);
    record.put(EventArgs.ID, id);
    record.put(EventArgs.ENTITY, entity);
  }

  @Override
  public void dropped(int index, Object input) {
    existing.namedBy(input, index);
  }

  @Override
  public void batchStarted(java.util.List<?> records) {
    existing.batchStarted(records);
  }

  @Override
  public Veto check(EventArgs record) {
    return null;
  }

  @Override
  public void refused(EventArgs record) {
    pristine.restore();
  }

  @Override
  public E write(EventArgs record) {
    pristine.forget();
    UnitState unit = call.unit;
    E entity = existing.unreplaced(record);
    unit.written(entity); // from here a flush before a query sends it as it is (see ScopedAutoFlush)
    Object readVersion = model.versionOf(entity);
    Map<String, Object> snapshot = StoreAccess.publishing(call.writes.store) ? model.toMap(entity) : null;
    if (call.entityHandlers) {
      unit.register(entity, record.withSelf(entity));
    }
    unit.entityManager().remove(entity);
    // Cascaded removals and the collections of the removed entity need Hibernate's full flush.
    existing.flush(entity, readVersion, true);
    Object id = record.id();
    if (snapshot != null) {
      unit.publishLater(() -> ValueAccess.deleted(model.type(), model.name(), id, snapshot));
    }
    return entity;
  }
}
