package dev.scribe.repository.internal.write;

import dev.scribe.core.internal.Words;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Veto;
import dev.scribe.core.internal.CoreAccess;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.internal.FailedCall;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.DroppedRecords;
import dev.scribe.repository.internal.unit.RecordRefusedAtFlush;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The batch loop every create, update and delete call runs: the batch and record events in their order
 * (DESIGN §3), each record in its own args frame, the refusals of validate and verify handlers collected
 * per record, and the flush points of creates and updates. What happens to one record is its {@link RecordWrite}'s.
 */
final class RecordLoop<E> {
  private static final CoreAccess CORE = CoreAccess.get();

  private final WriteCall<E> call;
  private final RecordWrite<E> write;
  private final EventManager events;
  private final Operation op;
  private Veto firstRefusal;
  /** True when a record of another call started this one (a handler's call, or a nested child's). */
  private boolean nested;
  /** preStart has fired: from then on the call ends with preStop, whether it fails or not. */
  private boolean started;
  /** preStop has fired: a failure after it (its handler's, a check of what it left) does not fire it again. */
  private boolean stopped;

  RecordLoop(WriteCall<E> call, RecordWrite<E> write) {
    this.call = call;
    this.write = write;
    this.events = call.writes.events;
    this.op = call.op;
  }

  BatchResult<E> run(List<?> inputs) {
    try {
      return runBatch(inputs);
    } catch (RecordRefusedAtFlush refused) {
      if (call.unit.handlingRecord()) {
        stopFailed(refused.refusal());
        throw refused; // a record of an outer call wrote this one: that call reports it
      }
      RuntimeException reported = call.single ? refused.refusal() : ofRecord(refused.index(), refused.refusal());
      RuntimeException failure = dropping(refused.index(), refused.refusal(), reported);
      call.unit.reported(refused, failure);
      stopFailed(reported);
      throw failure;
    } catch (RuntimeException e) {
      if (!started || stopped) {
        throw e;
      }
      throw FailedCall.stopped(call.writes.store, events, call.args, e);
    } catch (Error e) {
      if (!started || stopped) {
        throw e;
      }
      throw FailedCall.stopped(events, call.args, e);
    }
  }

  /** preStop of a call that failed with {@code shown}, unless it has fired already (or preStart has not). */
  private void stopFailed(RuntimeException shown) {
    if (started && !stopped) {
      FailedCall.stop(events, call.args, shown);
    }
  }

  /** The key of this batch call among the ones a {@link DroppedRecords} loop runs again. */
  private String callKey() {
    return call.path + "#" + op.verb;
  }

  /**
   * What a database refusal of the record {@code index} becomes: under {@code ignoreErrors}, in a unit that
   * {@link DataStore#retrying} can run again, the record is dropped and the unit runs again without it;
   * otherwise the batch fails with it ({@code reported}).
   */
  private RuntimeException dropping(int index, RuntimeException refusal, RuntimeException reported) {
    if (call.single || !call.ignoreErrors || !(refusal instanceof Veto) || StoreAccess.droppedRecords(call.writes.store) == null) {
      return reported;
    }
    return new DroppedRecords.Dropped(callKey(), index, (Veto) refusal, reported);
  }

  private BatchResult<E> runBatch(List<?> inputs) {
    EventArgs args = call.args;
    List<Object> results = new ArrayList<>(inputs.size()); // a result per record, unless refused
    call.unit.expectRecords(inputs.size());
    args.put(EventArgs.PARAMS, new ArrayList<>(inputs));
    args.put(EventArgs.RESULTS, results);
    started = true;
    events.fire(RepositoryTier.PRE_START, args);
    events.fire(op.preBatch, args);
    List<?> records = recordsAfterBatchEvent(args);
    write.batchStarted(records);
    List<Veto.RecordError> failures = new ArrayList<>();
    Object last = null;
    int batchSize = StoreAccess.batchSize(call.writes.store);
    DroppedRecords dropped = call.ignoreErrors && !call.single ? StoreAccess.droppedRecords(call.writes.store) : null;
    nested = call.unit.handlingRecord();
    Map<Integer, Veto> refusedBefore = dropped == null || nested ? Map.of() : dropped.of(callKey());
    for (int index = 0; index < records.size(); index++) {
      Veto refusedByDatabase = refusedBefore.get(index);
      if (refusedByDatabase != null) {
        failures.add(Veto.RecordError.of(index, refusedByDatabase)); // in an earlier run of the unit
        write.dropped(index, records.get(index));
        continue;
      }
      EventArgs record = args.copy(); // a frame: shares the batch's args, keeps its own per-record keys
      record.put(EventArgs.INDEX, index);
      record.put(EventArgs.LAST_RESULT, last);
      call.unit.enterRecord(record);
      try {
        last = runRecord(record, records.get(index), failures, last);
      } finally {
        call.unit.leaveRecord();
      }
      if (op.flushesInBatches() && (index + 1) % batchSize == 0) {
        call.unit.flushPoints().flush(); // a full JDBC batch of records
      }
    }
    if (!failures.isEmpty()) {
      if (call.single) {
        if (nested) {
          call.unit.nestedRefusal(firstRefusal); // a child of a record: that record's refusal, in its batch
        }
        throw firstRefusal;
      }
      if (!call.ignoreErrors) {
        throw Veto.ofRecords(failures);
      }
    }
    args.put(EventArgs.LAST_RESULT, last);
    if (op.flushesInBatches()) {
      // postCreateBatch / postUpdateBatch see every row written and every postPersist / postUpdate run
      call.unit.flushPoints().flush();
    }
    events.fire(op.postBatch, args);
    stopped = true;
    events.fire(RepositoryTier.PRE_STOP, args);
    List<Object> kept = args.results();
    if (kept != null) {
      for (int i = 0; i < kept.size(); i++) {
        Object item = kept.get(i);
        if (notAnEntity(item)) {
          throw notAnEntity(item, op.postBatch.name() + " or " + RepositoryTier.PRE_STOP.name(), "item " + i + " of the results");
        }
      }
    }
    return ValueAccess.batchResult(itemsOf(kept), failures);
  }

  /** Runs one record of the batch; returns the result the next record sees as {@code lastResult}. */
  private Object runRecord(EventArgs record, Object input, List<Veto.RecordError> failures, Object last) {
    Veto refusal = prepareAndCheck(record, input);
    if (refusal != null) {
      write.refused(record);
      failures.add(Veto.RecordError.of(record.index(), refusal));
      if (firstRefusal == null) {
        firstRefusal = refusal;
      }
      return last;
    }
    if (!failures.isEmpty() && !call.ignoreErrors) {
      return last;
    }
    E entity;
    try {
      entity = write.write(record);
    } catch (RuntimeException e) {
      if (!call.single && e instanceof Veto && call.unit.isNestedRefusal(e)) {
        throw childRefused(record.index(), (Veto) e);
      }
      throw attributed(e, record);
    }
    List<Object> shared = record.results();
    record.put(EventArgs.LAST_RESULT, entity);
    if (shared != null) {
      shared.add(entity);
    }
    events.fire(op.processResults, record);
    Object result = record.lastResult();
    if (notAnEntity(result)) {
      throw notAnEntity(result, op.processResults.name(), "the result of record " + record.index());
    }
    if (result != entity && shared != null && !shared.isEmpty() && shared.get(shared.size() - 1) == entity) {
      shared.set(shared.size() - 1, result);
    }
    events.fire(op.post, record);
    if (op.saves) {
      events.fire(RepositoryTier.POST_SAVE, record);
    }
    return result;
  }

  /** Runs the record's pre, validate and verify events; returns its refusal, or null to write it. */
  private Veto prepareAndCheck(EventArgs record, Object input) {
    try {
      write.prepare(record, input);
    } catch (Veto veto) {
      return veto;
    }
    events.fire(op.pre, record);
    if (op.saves) {
      events.fire(RepositoryTier.PRE_SAVE, record);
      requireParams(record, op.pre, RepositoryTier.PRE_SAVE);
    }
    if (events.hasHandlers(op.pre) || (op.saves && events.hasHandlers(RepositoryTier.PRE_SAVE))) {
      write.afterPreHandlers(record); // without a pre handler nothing prepare left can have changed
    }
    Veto refusal = null;
    try {
      events.fire(op.validate, record);
      if (op.saves) {
        events.fire(RepositoryTier.VALIDATE_SAVE, record);
      }
    } catch (Veto veto) {
      refusal = veto;
    }
    if (op.saves) {
      requireParams(record, op.validate, RepositoryTier.VALIDATE_SAVE);
    }
    refusal = combine(refusal, write.check(record));
    if (refusal != null) {
      return refusal;
    }
    try {
      events.fire(op.verify, record);
      if (op.saves) {
        events.fire(RepositoryTier.VERIFY_SAVE, record);
      }
    } catch (Veto veto) {
      return veto;
    }
    if (op.saves) {
      requireParams(record, op.verify, RepositoryTier.VERIFY_SAVE);
    }
    return null;
  }

  /**
   * The record's params, which the check and the binding read next: a handler that removed them (or put
   * null there) broke the args contract, reported as such rather than as a failure deep in the binding.
   * The events are named only when the message is built: this runs three times for every record.
   */
  private void requireParams(EventArgs record, Event operationEvent, Event saveEvent) {
    if (record.get(EventArgs.PARAMS) == null) {
      throw new ArgsContractException(EventArgs.PARAMS, "a " + operationEvent.name() + " or " + saveEvent.name()
          + " handler of " + call.writes.repository.getClass().getSimpleName() + " removed 'params' from the args of "
          + op.verb + " of record " + record.index() + " (or put null there); change the entries of the params map, or"
          + " put another map there, instead of removing it");
    }
  }

  /**
   * True when {@code result} is not an entity of the repository's type (nor null), which the call must not
   * return: checked inside the unit of work, so that a handler that broke it rolls the write back instead of
   * failing the caller after the commit. Asked for every record; its message is built only when it fails.
   */
  private boolean notAnEntity(Object result) {
    return result != null && !call.writes.model.type().isInstance(result);
  }

  /** The failure of a {@code result} {@link #notAnEntity} found, left by {@code events} in place of {@code what}. */
  private ArgsContractException notAnEntity(Object result, String events, String what) {
    Class<?> type = call.writes.model.type();
    return new ArgsContractException(EventArgs.LAST_RESULT, "a " + events + " handler of "
        + call.writes.repository.getClass().getSimpleName() + " replaced " + what + " of " + op.verb + " with a "
        + result.getClass().getName() + "; " + op.verb + " returns " + type.getSimpleName()
        + " entities: put another " + type.getSimpleName() + " (or null) there, or change the entity's fields");
  }

  private List<?> recordsAfterBatchEvent(EventArgs args) {
    Object value = args.get(EventArgs.PARAMS);
    if (!(value instanceof List)) {
      throw new ArgsContractException(EventArgs.PARAMS, "a " + op.preBatch.name() + " handler of "
          + call.writes.repository.getClass().getSimpleName() + " replaced params with "
          + (value == null ? "null" : Words.withArticle(value.getClass().getName())) + "; a batch's params must stay a list");
    }
    return (List<?>) value;
  }

  @SuppressWarnings("unchecked")
  private List<E> itemsOf(List<Object> results) {
    return results == null ? List.of() : (List<E>) (List<?>) results;
  }

  /**
   * A child the record's params create or update was refused (its validate or verify handlers, its params
   * check): the record's refusal, named by its index. The record may be half-bound, so the batch cannot go on
   * with the next one: under {@code ignoreErrors}, in a unit {@link DataStore#retrying} can run again, the unit
   * runs again without the record; otherwise the batch fails naming it.
   */
  private RuntimeException childRefused(int index, Veto refusal) {
    RuntimeException reported = ofRecord(index, refusal);
    RuntimeException failure = nested ? reported : dropping(index, refusal, reported);
    call.unit.nestedRefusalReported(refusal, failure);
    return failure;
  }

  /** A failure of the record {@code index}, reported as a batch reports a refused record. */
  private static RuntimeException ofRecord(int index, RuntimeException refusal) {
    if (!(refusal instanceof Veto)) {
      return refusal;
    }
    Veto veto = Veto.ofRecords(List.of(Veto.RecordError.of(index, (Veto) refusal)));
    veto.initCause(refusal);
    return veto;
  }

  /**
   * A constraint violation raised by the record's own write, while the unit sends each record's
   * statements before the next, belongs to this record: reported under its index in a batch.
   */
  private RuntimeException attributed(RuntimeException failure, EventArgs record) {
    if (call.single || !call.unit.writesOneAtATime()) {
      return failure;
    }
    RuntimeException translated = StoreAccess.translate(call.writes.store, failure, record.get(EventArgs.ENTITY));
    if (translated instanceof ConstraintConflictException) {
      Veto veto = Veto.ofRecords(List.of(Veto.RecordError.of(record.index(), (Veto) translated)));
      veto.initCause(failure);
      return dropping(record.index(), translated, veto);
    }
    return translated;
  }

  /**
   * A handler veto and the params check's problems of one record, reported together: the handler's veto, of
   * its own class (a caller's {@code catch (TitleTaken e)} still catches it), with the problems added.
   */
  static Veto combine(Veto handler, Veto checked) {
    if (checked == null) {
      return handler;
    }
    if (handler == null) {
      return checked;
    }
    return CORE.reportedWith(handler, checked);
  }
}
