package dev.scribe.repository.internal.read;

import dev.scribe.core.internal.Words;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import dev.scribe.repository.RecordNotFoundException;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.UnitOfWork;
import dev.scribe.repository.internal.FailedCall;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the reads of one repository, each inside a unit of work: {@code preStart}, the query,
 * {@code preStop}. The query object is in the args under {@value RepositoryTier#CRITERIA} (handlers may add filters in
 * {@code preStart}); the result under {@code result} (get, count) or {@code results} (list).
 */
public final class Reads<E, ID> {
  private final Repository<E, ID> repository;
  private final DataStore store;
  private final EventManager events;
  private final EntityModel<E> model;
  private final CriteriaQueries<E> queries;
  /** How many ids one scope check asks the database about at most. */
  static final int ID_CHUNK = 500;

  public Reads(Repository<E, ID> repository, DataStore store, EventManager events, EntityModel<E> model) {
    this.repository = repository;
    this.store = store;
    this.events = events;
    this.model = model;
    this.queries = new CriteriaQueries<>(model, repository.name());
  }

  /**
   * The record with that id, or null when there is none and {@code required} is false ({@code find}). When
   * {@code required} ({@code get}), a missing record is the call's failure: {@code preStop} carries the
   * {@link RecordNotFoundException} the call then throws, as it carries an update's not-found. It is thrown once
   * the call has left its unit of work, so that it does not fail a unit its caller opened: code that looks a
   * record up and handles its absence (an upload's condition checked when the record is missing) goes on.
   */
  public E get(Object id, CallOptions options, String operation, boolean required) {
    RecordNotFoundException[] missing = new RecordNotFoundException[1];
    E found = store.inTransaction(() -> {
      EventArgs args = start(operation, options);
      args.put(EventArgs.ID, id);
      E entity;
      try {
        events.fire(RepositoryTier.PRE_START, args);
        Object wanted = args.id();
        // a raw repository reference (or a preStart handler) may hand in an id of another type: a 400, as for delete
        entity = wanted == null ? null
            : lookup(StoreAccess.requireUnit(store).entityManager(), model.convert(model.id().name(), wanted), args);
      } catch (RuntimeException e) {
        throw FailedCall.stopped(store, events, args, e);
      } catch (Error e) {
        throw FailedCall.stopped(events, args, e);
      }
      if (entity == null && required) {
        missing[0] = new RecordNotFoundException(model.displayName(), id);
        FailedCall.stop(events, args, missing[0]);
        return null;
      }
      args.put(EventArgs.RESULT, entity);
      events.fire(RepositoryTier.PRE_STOP, args);
      return args.get(EventArgs.RESULT, model.type());
    });
    if (missing[0] != null) {
      throw missing[0];
    }
    return found;
  }

  public Page<E> list(Query query, CallOptions options) {
    return store.inTransaction(() -> {
      EventArgs args = start("list", options);
      args.put(RepositoryTier.CRITERIA, query);
      Query effective;
      List<E> items;
      long total;
      try {
        events.fire(RepositoryTier.PRE_START, args);
        effective = criteria(args);
        RowScope scope = scope(args);
        items = queries.list(StoreAccess.requireUnit(store).entityManager(), effective, scope);
        total = queries.count(StoreAccess.requireUnit(store).entityManager(), effective, scope);
      } catch (RuntimeException e) {
        throw FailedCall.stopped(store, events, args, e);
      } catch (Error e) {
        throw FailedCall.stopped(events, args, e);
      }
      List<Object> results = new ArrayList<>(items);
      args.put(EventArgs.RESULTS, results);
      args.put(RepositoryTier.TOTAL, total);
      events.fire(RepositoryTier.PRE_STOP, args);
      @SuppressWarnings("unchecked")
      List<E> finalItems = (List<E>) (List<?>) args.results();
      if (finalItems != null) {
        for (int i = 0; i < finalItems.size(); i++) {
          Object item = finalItems.get(i);
          if (!model.type().isInstance(item)) {   // null included: a page holds entities only
            throw new ArgsContractException(EventArgs.RESULTS, "a preStop handler of " + repository.getClass().getSimpleName()
                + " put " + (item == null ? "null" : Words.withArticle(item.getClass().getName())) + " at " + i
                + " of the results of list; list returns a page of "
                + model.type().getSimpleName() + " entities: remove entries or put " + model.type().getSimpleName()
                + " entities there");
          }
        }
      }
      Number finalTotal = args.get(RepositoryTier.TOTAL, Number.class);
      return ValueAccess.page(finalItems == null ? List.of() : finalItems, effective.page(), effective.size(),
          finalTotal == null ? total : finalTotal.longValue());
    });
  }

  public long count(Query query, CallOptions options) {
    return store.inTransaction(() -> {
      EventArgs args = start("count", options);
      args.put(RepositoryTier.CRITERIA, query);
      long total;
      try {
        events.fire(RepositoryTier.PRE_START, args);
        Query effective = criteria(args);
        total = queries.count(StoreAccess.requireUnit(store).entityManager(), effective, scope(args));
      } catch (RuntimeException e) {
        throw FailedCall.stopped(store, events, args, e);
      } catch (Error e) {
        throw FailedCall.stopped(events, args, e);
      }
      args.put(EventArgs.RESULT, total);
      events.fire(RepositoryTier.PRE_STOP, args);
      Number counted = args.get(EventArgs.RESULT, Number.class);
      if (counted == null) {
        throw new ArgsContractException(EventArgs.RESULT, "a preStop handler of " + repository.getClass().getSimpleName()
            + " removed the count of count from '" + EventArgs.RESULT + "' (or put null there); count returns it:"
            + " put another number there instead");
      }
      return counted.longValue();
    });
  }

  /**
   * The record with that id inside the row scope of the open unit of work's user, or null: how an
   * association set from params finds its target, so that params cannot point at a row out of scope.
   */
  public E lookupInScope(Object id) {
    if (!events.hasHandlers(RepositoryTier.SCOPE_QUERY)) {
      return StoreAccess.requireUnit(store).entityManager().find(model.type(), id);
    }
    String path = repository.name() + ".find";
    CallOptions none = CallOptions.none();
    EventArgs args = RepositoryAccess.callArgs(repository, path, none, RepositoryAccess.effectiveOptions(repository, path, none));
    return lookup(StoreAccess.requireUnit(store).entityManager(), id, args);
  }


  /**
   * The record with that id inside the caller's row scope, or null: how reads and the lookups of updates
   * and deletes find a record. Without {@code scopeQuery} handlers it is the entity manager's own find.
   */
  public E lookup(EntityManager entityManager, Object id, EventArgs args) {
    return lookupIn(entityManager, id, scope(args));
  }

  /** The record with that id inside {@code scope} (null: no restriction), or null. */
  public E lookupIn(EntityManager entityManager, Object id, RowScope scope) {
    return scope == null ? entityManager.find(model.type(), id) : queries.find(entityManager, id, scope);
  }

  /** The ids among {@code ids} of records inside {@code scope}, in one query. */
  public Set<Object> inScope(EntityManager entityManager, Collection<?> ids, RowScope scope) {
    return new java.util.HashSet<>(queries.idsAmong(entityManager, ids, scope));
  }

  /**
   * The ids among {@code ids} whose records are inside the caller's row scope, in one query per
   * {@value #ID_CHUNK} ids; every id (no query at all) when no {@code scopeQuery} handler restricts.
   */
  public Set<Object> idsInScope(Collection<?> ids, CallOptions options) {
    Set<Object> wanted = new LinkedHashSet<>();
    for (Object id : ids) {
      if (id != null) {
        // as the records have them: an id given as another type (an Integer for a Long, text) came back as given
        // when nothing restricted, and "abc" failed in Hibernate when a scope did; a 400 as get("abc") is
        wanted.add(model.convert(model.id().name(), id));
      }
    }
    if (wanted.isEmpty() || !events.hasHandlers(RepositoryTier.SCOPE_QUERY)) {
      return wanted;
    }
    return store.inTransaction(() -> {
      RowScope scope = scope(start("embed", options));
      if (scope == null) {
        return wanted;
      }
      EntityManager entityManager = StoreAccess.requireUnit(store).entityManager();
      Set<Object> kept = new LinkedHashSet<>();
      List<Object> all = new ArrayList<>(wanted);
      for (int from = 0; from < all.size(); from += ID_CHUNK) {
        kept.addAll(queries.idsAmong(entityManager, all.subList(from, Math.min(all.size(), from + ID_CHUNK)), scope));
      }
      return kept;
    });
  }

  /** The caller's row scope as one predicate over {@code root}: {@code cb.conjunction()} when nothing restricts. */
  public Predicate scopePredicate(CriteriaBuilder cb, Root<?> root, CallOptions options) {
    RowScope scope = scope(start("query", options));
    if (scope == null) {
      return cb.conjunction();
    }
    return cb.and(ValueAccess.predicates(scope, cb, root, model).toArray(new Predicate[0]));
  }

  /** Fires {@code scopeQuery} with a fresh scope under {@value RowScope#ARGS_KEY}; null when nobody restricts. */
  public RowScope scope(EventArgs args) {
    if (!events.hasHandlers(RepositoryTier.SCOPE_QUERY)) {
      return null;
    }
    RowScope scope = ValueAccess.rowScope();
    args.put(RowScope.ARGS_KEY, scope);
    try {
      events.fire(RepositoryTier.SCOPE_QUERY, args);
    } finally {
      args.remove(RowScope.ARGS_KEY);
    }
    return scope.isUnrestricted() ? null : scope;
  }

  private EventArgs start(String operation, CallOptions options) {
    String path = options.path() != null ? options.path() : repository.name() + "." + operation;
    Options effective = RepositoryAccess.effectiveOptions(repository, path, options);
    EventArgs args = RepositoryAccess.callArgs(repository, path, options, effective);
    UnitOfWork unit = store.currentUnitOfWork().orElse(null);
    if (unit != null && unit.trace() != null) {
      args.put(EventArgs.TRACE, unit.trace());
    }
    return args;
  }

  private static Query criteria(EventArgs args) {
    Object value = args.get(RepositoryTier.CRITERIA);
    if (!(value instanceof Query)) {
      throw new ArgsContractException(RepositoryTier.CRITERIA, "a preStart handler replaced the '" + RepositoryTier.CRITERIA + "' args key with "
          + (value == null ? "null" : Words.withArticle(value.getClass().getName())) + "; it must stay a Query");
    }
    return (Query) value;
  }
}
