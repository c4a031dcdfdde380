package dev.scribe.repository.internal.write;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.UnitState;
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
    // A nested record's presets (the parent it is created under) are judged by its constraints with its
    // params, as they are written with them: a required parent is there.
    E current = call.presets.isEmpty() ? null : withPresets(model.newInstance());
    Map<String, Object> params = record.params();
    return call.checked(params, StoreAccess.paramsCheck(writes.store).check(model, current, params, false,
        call.rejectUnknown, call.callerKeys, call.hiddenFields, call.checkTargets(), true));
  }

  private E withPresets(E entity) {
    call.presets.forEach((name, value) -> model.attribute(name).write(entity, value));
    return entity;
  }

  @Override
  public E write(EventArgs record) {
    UnitState unit = call.unit;
    RecordBinding binding = call.binding();
    E entity = model.newInstance();
    if (call.entityHandlers) {
      unit.register(entity, record.withSelf(entity));
    }
    if (!call.presets.isEmpty()) {
      withPresets(entity);
    }
    StoreAccess.binder(writes.store).bind(model, entity, record.params(), false, binding);
    // The id comes from the sequence now; the INSERT waits for the next flush point.
    unit.persistNew(writes.entityName, entity);
    unit.created(entity);
    if (unit.writesOneAtATime()) {
      unit.flushPoints().sendInserts(); // the record's rows before the next record: a refusal is its own
    }
    binding.runDeferred();
    if (StoreAccess.publishing(writes.store)) {
      unit.publishLater(() -> ValueAccess.created(model.type(), model.name(), model.idOf(entity), model.toMap(entity)));
    }
    return entity;
  }
}
