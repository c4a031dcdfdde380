package dev.scribe.repository;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import java.util.Map;

/** Creates one record: a new entity bound from the params and persisted; its INSERT waits for a flush point. */
final class CreateRecord<E> implements RecordWrite<E> {
  private final WriteCall<E> call;
  private final Writes<E, ?> writes;
  private final EntityModel<E> model;

  CreateRecord(WriteCall<E> call) {
    this.call = call;
    this.writes = call.writes;
    this.model = writes.model;
  }

  @Override
  public void prepare(EventArgs record, Object input) {
    Map<String, Object> params = call.paramsOf(input, record.index());
    call.rememberCallerKeys(params);
    record.put(EventArgs.PARAMS, params);
  }

  @Override
  public Veto check(EventArgs record) {
    return writes.store.paramsCheck().check(model, null, record.params(), false, call.rejectUnknown, call.callerKeys,
        call.hiddenFields, call.unit.entityManager());
  }

  @Override
  public E write(EventArgs record) {
    UnitOfWork unit = call.unit;
    RecordBinding binding = call.binding();
    E entity = model.newInstance();
    if (call.entityHandlers) {
      unit.register(entity, record.withSelf(entity));
    }
    if (!call.presets.isEmpty()) {
      call.presets.forEach((name, value) -> model.attribute(name).write(entity, value));
    }
    writes.store.binder().bind(model, entity, record.params(), false, binding);
    // The id comes from the sequence now; the INSERT waits for the next flush point.
    unit.session().persist(writes.entityName, entity);
    unit.written(entity);
    if (unit.writesOneAtATime()) {
      unit.flushPoints().sendInserts(); // the record's rows before the next record: a refusal is its own
    }
    binding.runDeferred();
    if (writes.store.publishing()) {
      unit.publishLater(() -> new EntityCreated(model.type(), model.name(), model.idOf(entity), model.toMap(entity)));
    }
    return entity;
  }
}
