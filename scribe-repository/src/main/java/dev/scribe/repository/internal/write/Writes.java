package dev.scribe.repository.internal.write;

import dev.scribe.core.internal.Words;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.read.Reads;
import dev.scribe.repository.internal.unit.UnitState;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The create, update and delete calls of one repository: each call runs in a unit of work, as a
 * {@link RecordLoop} over its records with the operation's {@link RecordWrite} ({@link CreateRecord},
 * {@link UpdateRecord}, {@link DeleteRecord}).
 */
public final class Writes<E, ID> {
  final Repository<E, ID> repository;
  final DataStore store;
  final EventManager events;
  final EntityModel<E> model;
  final Reads<E, ID> reads;
  /** False when no entity class of the store has a guarded attribute, so the caller's keys never matter. */
  final boolean guardedAnywhere;
  /** Hibernate's name for the entity, so a persist does not make Hibernate guess it from the instance. */
  final String entityName;
  /** The entity name at the root of its hierarchy: the name of its rows' locks ({@code ReferenceLocks}). */
  final String rootEntityName;

  public Writes(Repository<E, ID> repository, DataStore store, EventManager events, EntityModel<E> model) {
    this.repository = repository;
    this.store = store;
    this.events = events;
    this.model = model;
    this.reads = new Reads<>(repository, store, events, model);
    this.guardedAnywhere = hasGuardedAttributes(store);
    org.hibernate.persister.entity.EntityPersister persister = store.sessionFactory()
        .unwrap(SessionFactoryImplementor.class).getMappingMetamodel().getEntityDescriptor(model.type());
    this.entityName = persister.getEntityName();
    this.rootEntityName = persister.getRootEntityName();
  }

  private static boolean hasGuardedAttributes(DataStore store) {
    for (Class<?> type : store.entities().types()) {
      if (store.entities().model(type).hasGuardedAttributes()) {
        return true;
      }
    }
    return false;
  }

  public Reads<E, ID> reads() {
    return reads;
  }

  public BatchResult<E> create(List<?> inputs, CallOptions options, boolean single, Map<String, Object> presets) {
    return run(Operation.CREATE, inputs, null, options, single, presets);
  }

  public BatchResult<E> update(List<?> inputs, Object id, CallOptions options, boolean single) {
    return run(Operation.UPDATE, inputs, id, options, single, Map.of());
  }

  public BatchResult<E> delete(List<?> ids, CallOptions options, boolean single) {
    return run(Operation.DELETE, ids, null, options, single, Map.of());
  }

  Object createNested(Map<String, Object> params, Map<String, Object> presets, CallOptions options) {
    List<E> items = create(List.of(params), options, true, presets).items();
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  Object updateNested(Object id, Map<String, Object> params, CallOptions options) {
    List<E> items = update(List.of(params), id, options, true).items();
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  void deleteNested(Object id, CallOptions options) {
    delete(List.of(id), options, true);
  }

  private BatchResult<E> run(Operation op, List<?> inputs, Object singleId, CallOptions options, boolean single,
      Map<String, Object> presets) {
    String path = options.path() != null ? options.path() : repository.name() + "." + op.verb;
    // Repeatable from the inputs, so a top-level call can run again to find the record a constraint refused.
    return store.retrying(0, () -> store.inTransaction(() -> {
      UnitState unit = StoreAccess.requireUnit(store);
      Options effective = RepositoryAccess.effectiveOptions(repository, path, options);
      WriteCall<E> call = new WriteCall<>(this, op, unit, options, single, presets, singleId, path, effective);
      return new RecordLoop<>(call, recordWrite(call)).run(inputs);
    }));
  }

  private static <E> RecordWrite<E> recordWrite(WriteCall<E> call) {
    switch (call.op) {
      case CREATE:
        return new CreateRecord<>(call);
      case UPDATE:
        return new UpdateRecord<>(call);
      case DELETE:
        return new DeleteRecord<>(call);
      default:
        throw new IllegalStateException(call.op.toString());
    }
  }

  /** Creates one record: the last item of a batch of one, checked to be an entity of the repository's type. */
  public E createOne(Map<String, ?> params, CallOptions options) {
    return single(create(List.of(params), options, true, Map.of()), "create");
  }

  /** Updates one record, as {@link #createOne} creates one. */
  public E updateOne(Object id, Map<String, ?> params, CallOptions options) {
    return single(update(List.of(params), id, options, true), "update");
  }

  @SuppressWarnings("unchecked")
  private E single(BatchResult<E> result, String operation) {
    List<E> items = result.items();
    if (items.isEmpty()) {
      return null;
    }
    Object item = items.get(items.size() - 1);
    if (item != null && !model.type().isInstance(item)) {
      throw new ArgsContractException(EventArgs.RESULTS, "a processResults handler of " + repository.getClass().getSimpleName() + " replaced the result of "
          + operation + " with " + Words.withArticle(item.getClass().getName()) + "; " + operation + "(...) returns " + Words.withArticle(model.type().getSimpleName()));
    }
    return (E) item;
  }
}
