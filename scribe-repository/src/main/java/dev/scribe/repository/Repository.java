package dev.scribe.repository;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.internal.read.Scrolls;
import dev.scribe.repository.internal.store.RepositoryRegistry;
import dev.scribe.repository.internal.write.BulkWrites;
import dev.scribe.repository.internal.write.Writes;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The repository of one entity class: create, update and delete, each for one record or a batch, and
 * reads. Every write is a unit of work (joining the open one) that fires the whole
 * {@link RepositoryTier} catalogue and, through Hibernate, the entity tier's events:
 * <pre>
 * preStart → preCreateBatch → [preCreate → preSave → validateCreate → validateSave → verifyCreate → verifySave
 *   → preSetField… preProcessAssociationParams… → prePersist → processResultsCreate → postCreate → postSave]
 *   per record → (flush point: INSERTs in JDBC batches → postPersist per row) → postCreateBatch → preStop
 * </pre>
 * Updates run the same way with {@code entity} and {@code changes} in the args and the entity's
 * {@code preUpdate}/{@code postUpdate} around the UPDATE; deletes with {@code preRemove}/{@code postRemove}
 * around the DELETE. Reads fire {@code preStart}, {@code scopeQuery} (the row scope) and {@code preStop}.
 * A call that fails after its {@code preStart} still ends with {@code preStop}, the failure under
 * {@value RepositoryTier#EXCEPTION}, before it throws that failure.
 *
 * <p>Subclass it and declare handlers by name; they are subscribed when the repository is registered:
 * <pre>{@code
 * public class TaskRepository extends Repository<Task, Long> {
 *   void preCreate(EventArgs args) { args.params().putIfAbsent("priority", 3); }
 *   void validateSave(EventArgs args) {
 *     if ("urgent".equals(args.params().get("title"))) throw Veto.field("title", "must be more specific");
 *   }
 * }
 * TaskRepository tasks = store.register(new TaskRepository());
 * BatchResult<Task> created = tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());
 * }</pre>
 *
 * <p>Options (per context path, see {@link #configure}): {@code ignoreErrors} (default false: one refused
 * record rolls the whole batch back) and {@code rejectUnknownFields} (default true: params keys that are
 * not attributes are refused; false ignores them). Thread-safe once registered.
 *
 * @param <E> the entity type
 * @param <ID> the type of its id
 */
public abstract class Repository<E, ID> {
  private final Class<E> entityType;
  private final Class<ID> idType;
  private volatile Config config = Config.empty();
  private DataStore store;
  private EventManager events;
  private EntityModel<E> model;
  private Writes<E, ID> writes;

  /** Reads the entity and id types from the subclass's declaration {@code extends Repository<Task, Long>}. */
  @SuppressWarnings("unchecked")
  protected Repository() {
    Type[] arguments = RepositoryRegistry.typeArguments(getClass());
    this.entityType = (Class<E>) arguments[0];
    this.idType = (Class<ID>) arguments[1];
  }

  /**
   * For repositories whose type arguments cannot be read from the class declaration; a null class is a
   * {@link UsageException}.
   */
  protected Repository(Class<E> entityType, Class<ID> idType) {
    if (entityType == null || idType == null) {
      throw new UsageException("Repository(" + (entityType == null ? "null" : entityType.getSimpleName() + ".class")
          + ", " + (idType == null ? "null" : idType.getSimpleName() + ".class") + "): pass the entity class and the"
          + " class of its id, e.g. Repository(Task.class, Long.class)");
    }
    this.entityType = entityType;
    this.idType = idType;
  }

  /** A configuration error when this repository is registered with a data store already. */
  final void refuseIfRegistered() {
    if (store != null) {
      throw new ConfigurationException(getClass().getSimpleName() + " is already registered with a data store");
    }
  }

  @SuppressWarnings("unchecked")
  final void attach(DataStore dataStore, EventManager manager, EntityModel<?> entityModel) {
    refuseIfRegistered();
    this.store = dataStore;
    this.events = manager;
    this.model = (EntityModel<E>) entityModel;
    this.writes = new Writes<>(this, dataStore, manager, this.model);
  }

  /** The entity class. */
  public final Class<E> entityType() {
    return entityType;
  }

  /** The id class. */
  public final Class<ID> idType() {
    return idType;
  }

  /** The resource name: by default the entity's simple name in lower camel case and plural ({@code tasks}). */
  public String name() {
    return plural(Character.toLowerCase(entityType.getSimpleName().charAt(0)) + entityType.getSimpleName().substring(1));
  }

  /** This repository's event manager (its own handlers plus the tier-wide ones). */
  public final EventManager events() {
    return registered().events;
  }

  /** The model of the entity class. */
  public final EntityModel<E> model() {
    return registered().model;
  }

  /** The data store this repository is registered with. */
  public final DataStore store() {
    return registered().store;
  }

  /** The options, with their per-path overrides. */
  public final Config config() {
    return config;
  }

  /** Replaces the options, e.g. {@code Config.of(Map.of("ignoreErrors", true)).override("admin.**", ...)}. */
  public final void configure(Config newConfig) {
    RepositoryOptions.check(required(newConfig, "configure", "a Config (Config.empty() for none)"),
        getClass().getSimpleName());
    this.config = newConfig;
  }

  /**
   * {@code value}, or a usage error naming the call and what to pass instead: a null argument is the
   * caller's mistake, not a record that does not exist or a handler that broke its args.
   */
  private static <T> T required(T value, String call, String instead) {
    if (value == null) {
      throw new UsageException(call + "(...) got null; pass " + instead);
    }
    return value;
  }

  /**
   * {@code options}, refused when they carry an expected version: only {@link #update(Object, Map, CallOptions)}
   * and {@link #delete(Object, CallOptions)} compare it, and a check that silently does not happen would let
   * the call overwrite a record the caller meant to protect.
   */
  private static CallOptions withoutExpectedVersion(CallOptions options, String call, String instead) {
    if (options.expectedVersion() != null) {
      throw new UsageException(call + "(...) got CallOptions with expectedVersion(" + options.expectedVersion()
          + "), which only update(id, ...) and delete(id, ...) compare; " + instead);
    }
    return options;
  }

  /** Creates one record; a refused record throws its veto unchanged. */
  public final E create(Map<String, ?> params) {
    return create(params, CallOptions.none());
  }

  /** Creates one record with call options. */
  public final E create(Map<String, ?> params, CallOptions options) {
    required(params, "create", "a map of the record's fields");
    return registered().writes.createOne(params, withoutExpectedVersion(required(options, "create",
        "CallOptions.none() for no options"), "create", "a new record has no version to compare"));
  }

  /**
   * Creates several records in one unit of work. Refused records (validate/verify vetoes, mass assignment,
   * conversion or constraint errors) are collected for every record; by default any refusal throws
   * {@link Veto#ofRecords} and nothing is kept, with {@code ignoreErrors} the others are kept and the
   * refusals reported in {@link BatchResult#failures()}. Any other veto stops the batch at once.
   */
  public final BatchResult<E> createBatch(List<? extends Map<String, ?>> params, CallOptions options) {
    required(params, "createBatch", "a list of maps, one per record");
    return registered().writes.create(new ArrayList<>(params), withoutExpectedVersion(required(options, "createBatch",
        "CallOptions.none() for no options"), "createBatch", "a new record has no version to compare"), false, Map.of());
  }

  /** Updates (patches) one record. */
  public final E update(ID id, Map<String, ?> params) {
    return update(id, params, CallOptions.none());
  }

  /**
   * Updates one record: a patch, or with {@code options.replace()} a replacement of every settable
   * attribute. With {@code options.expectedVersion()} a record at another version is a
   * {@link VersionConflictException}.
   */
  public final E update(ID id, Map<String, ?> params, CallOptions options) {
    required(id, "update", "the id of the record to update");
    required(params, "update", "a map of the fields to change");
    return registered().writes.updateOne(id, params, required(options, "update", "CallOptions.none() for no options"));
  }

  /**
   * Updates several records; each map carries the id attribute, and may carry the version attribute as
   * the version it expects. Refusals are handled as in {@link #createBatch}.
   */
  public final BatchResult<E> updateBatch(List<? extends Map<String, ?>> paramsWithIds, CallOptions options) {
    required(paramsWithIds, "updateBatch", "a list of maps, each with the id of its record");
    return registered().writes.update(new ArrayList<>(paramsWithIds), null, withoutExpectedVersion(required(options,
        "updateBatch", "CallOptions.none() for no options"), "updateBatch", "put the version each record expects"
        + " under its version attribute, beside its id"), false);
  }

  /** Deletes one record. */
  public final void delete(ID id) {
    delete(id, CallOptions.none());
  }

  /** Deletes one record; {@link RecordNotFoundException} when there is none. */
  public final void delete(ID id, CallOptions options) {
    required(id, "delete", "the id of the record to delete");
    required(options, "delete", "CallOptions.none() for no options");
    List<Object> ids = new ArrayList<>();
    ids.add(id);
    registered().writes.delete(ids, options, true);
  }

  /** Deletes several records; unknown ids are refusals, handled as in {@link #createBatch}. */
  public final BatchResult<E> deleteBatch(List<ID> ids, CallOptions options) {
    required(ids, "deleteBatch", "a list of ids");
    return registered().writes.delete(new ArrayList<>(ids), withoutExpectedVersion(required(options, "deleteBatch",
        "CallOptions.none() for no options"), "deleteBatch", "delete a record whose version matters with"
        + " delete(id, options)"), false);
  }

  /**
   * Updates every record matching the query's filters with {@code changes}, as update batches of
   * {@code bulkPageSize} records (option, 500): every per-record event fires with its {@code changes}
   * (old and new values), every veto applies, and the call is one unit of work, so one refusal rolls all
   * pages back (with {@code ignoreErrors} the others are kept, the refusals reported with their index in
   * id order). More than {@code maxBulkRows} (option, 10,000) matching records is a 422 before anything is
   * written. {@code preStart} handlers may narrow the query under {@code criteria}, as for a list.
   *
   * <pre>{@code
   * tasks.updateWhere(new Query().where("completed", Operator.EQ, true), Map.of("archived", true), CallOptions.none());
   * }</pre>
   */
  public final BatchResult<E> updateWhere(Query query, Map<String, ?> changes, CallOptions options) {
    required(query, "updateWhere", "a Query (new Query() matches every record)");
    required(changes, "updateWhere", "a map of the fields to change");
    return new BulkWrites<>(registered()).updateWhere(query.copy(), changes, withoutExpectedVersion(required(options,
        "updateWhere", "CallOptions.none() for no options"), "updateWhere", "filter by the version attribute"
        + " instead"));
  }

  /** Deletes every record matching the query's filters as delete batches, like {@link #updateWhere}. */
  public final BatchResult<E> deleteWhere(Query query, CallOptions options) {
    required(query, "deleteWhere", "a Query (new Query() matches every record)");
    return new BulkWrites<>(registered()).deleteWhere(query.copy(), withoutExpectedVersion(required(options, "deleteWhere",
        "CallOptions.none() for no options"), "deleteWhere", "filter by the version attribute instead"));
  }

  /** The record with that id, if any. */
  public final Optional<E> find(ID id) {
    required(id, "find", "the id of the record to find");
    return Optional.ofNullable(registered().writes.reads().get(id, CallOptions.none(), "find", false));
  }

  /** The record with that id; {@link RecordNotFoundException} when there is none. */
  public final E get(ID id) {
    return get(id, CallOptions.none());
  }

  /** The record with that id, with call options; {@link RecordNotFoundException} when there is none. */
  public final E get(ID id, CallOptions options) {
    required(id, "get", "the id of the record to get");
    E entity = registered().writes.reads().get(id, required(options, "get", "CallOptions.none() for no options"), "get", true);
    if (entity == null) { // found, but a preStop handler took the result away
      throw new RecordNotFoundException(model.displayName(), id);
    }
    return entity;
  }

  /** One page of the records matching the query; a 400 veto for unknown attributes or bad values. */
  public final Page<E> list(Query query, CallOptions options) {
    required(query, "list", "a Query (new Query() for the first page of every record)");
    return registered().writes.reads().list(query.copy(), required(options, "list", "CallOptions.none() for no options"));
  }

  /**
   * Visits every record matching the query's filters, in its sort order (page and size are ignored), from
   * a forward-only scrolling query: rows are fetched {@code scrollFetchSize} (option, 500) at a time and
   * the persistence context is cleared after each group, so memory stays constant however many rows there
   * are. A visited entity is read-only and detached once its group is done; read what you need inside the
   * visitor, and change a record through the repository ({@code update(id, params)}, which writes it), not by
   * setting its fields, which are not written.
   * Fires {@code preStart} (handlers may narrow the query under {@code criteria}, as for a list) and
   * {@code preStop}. Returns the number of records visited.
   *
   * <pre>{@code
   * long n = tasks.forEach(new Query().where("completed", Operator.EQ, true), CallOptions.none(),
   *     task -> out.println(task.getTitle()));
   * }</pre>
   */
  public final long forEach(Query query, CallOptions options, java.util.function.Consumer<? super E> visitor) {
    required(query, "forEach", "a Query (new Query() visits every record)");
    required(visitor, "forEach", "the code to run for each record");
    return new Scrolls<>(registered()).forEach(query.copy(), required(options, "forEach", "CallOptions.none() for no options"),
        visitor);
  }

  /** How many records match the query's filters. */
  public final long count(Query query, CallOptions options) {
    required(query, "count", "a Query (new Query() counts every record)");
    return registered().writes.reads().count(query.copy(), required(options, "count", "CallOptions.none() for no options"));
  }

  /**
   * The ids among {@code ids} whose records are inside the caller's row scope (the call's user, or the open
   * unit of work's), converted to the id type (one that does not convert is a 400 {@link dev.scribe.core.Veto},
   * as for {@link #get}; nulls are left out): one query per 500 ids, none when no {@code scopeQuery} handler
   * restricts — then every id is kept, so pass ids of records that exist (records already loaded some other way, such as the
   * associations a response embeds). {@code scopeQuery} fires with the path {@code <name>.embed} unless
   * the options name one.
   */
  @SuppressWarnings("unchecked")
  public final Set<ID> idsInScope(Collection<?> ids, CallOptions options) {
    required(ids, "idsInScope", "the ids to check (List.of() for none)");
    required(options, "idsInScope", "CallOptions.none() for no options");
    return (Set<ID>) (Set<?>) registered().writes.reads().idsInScope(ids, options);
  }

  /**
   * The caller's row scope as one predicate over {@code root}, for a query a handler writes itself with the
   * Criteria API: {@code scopeQuery} fires (path {@code <name>.query}, the user of the open unit of work)
   * and its criteria come back joined with AND, {@code cb.conjunction()} when nothing restricts. Reads made
   * through the repository's own methods are scoped already; this is for the ones that go around them.
   *
   * <pre>{@code
   * CriteriaBuilder cb = em.getCriteriaBuilder();
   * CriteriaQuery<Task> q = cb.createQuery(Task.class);
   * Root<Task> task = q.from(Task.class);
   * q.where(cb.equal(task.get("title"), title), tasks.scopePredicate(cb, task));
   * }</pre>
   */
  public final Predicate scopePredicate(CriteriaBuilder cb, Root<? extends E> root) {
    return scopePredicate(cb, root, CallOptions.none());
  }

  /** {@link #scopePredicate(CriteriaBuilder, Root)} with call options: a user, a path. */
  public final Predicate scopePredicate(CriteriaBuilder cb, Root<? extends E> root, CallOptions options) {
    required(cb, "scopePredicate", "the CriteriaBuilder of the query, em.getCriteriaBuilder()");
    required(root, "scopePredicate", "the Root of the query to scope, query.from(" + entityType().getSimpleName()
        + ".class)");
    required(options, "scopePredicate", "CallOptions.none() for no options");
    return registered().writes.reads().scopePredicate(cb, root, options);
  }

  /** {@code raw} as an id; a 400 veto {@code id 'abc' is not a valid Long} when it is not one. */
  @SuppressWarnings("unchecked")
  final ID convertId(String raw) {
    return (ID) ValueConverter.convertId(raw, idType);
  }

  /**
   * The effective options of a call: the options for its path, the call's overrides on top, and on top of those
   * its own {@code ignoreErrors(...)}, which the write follows, so that {@code args.config()} says what it runs with.
   */
  final Options effectiveOptions(String path, CallOptions options) {
    Options effective = config.resolve(path).with(options.optionOverrides());
    return options.ignoreErrors() == null ? effective
        : effective.with(Map.of(RepositoryOptions.IGNORE_ERRORS.name(), options.ignoreErrors()));
  }

  final Writes<E, ID> writes() {
    return registered().writes;
  }

  private Repository<E, ID> registered() {
    if (store == null) {
      throw new UsageException(getClass().getSimpleName() + " is not registered; call store.register(repository) first");
    }
    return this;
  }

  static String plural(String word) {
    return RepositoryRegistry.plural(word);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + entityType.getSimpleName() + "]";
  }
}
