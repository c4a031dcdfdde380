package dev.scribe.repository.internal.write;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.internal.FailedCall;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.read.CriteriaQueries;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates or deletes every record a query matches, as batches: the ids are read first (the query's
 * filters, narrowed by {@code preStart} handlers as for a list), refused with a 422 before anything is
 * written when there are more than {@code maxBulkRows} (option, 10,000), then the records go through
 * {@code updateBatch} / {@code deleteBatch} {@code bulkPageSize} (option, 500) at a time, so every
 * per-record event fires with its {@code changes}, every veto applies, and the whole call is one unit
 * of work: a refusal anywhere rolls every page back, unless {@code ignoreErrors} keeps the valid records.
 * Record indexes in failures count across pages, in id order. Where the database locks a row in the SELECT
 * that reads it, each page's rows are read with their locks in one statement before its records run.
 */
public final class BulkWrites<E, ID> {

  private final Repository<E, ID> repository;
  private final DataStore store;
  private final CriteriaQueries<E> queries;

  public BulkWrites(Repository<E, ID> repository) {
    this.repository = repository;
    this.store = repository.store();
    this.queries = new CriteriaQueries<>(repository.model(), repository.name());
  }

  public BatchResult<E> updateWhere(Query query, Map<String, ?> changes, CallOptions options) {
    String path = options.path() != null ? options.path() : repository.name() + ".update";
    BulkChanges.check(repository.model(), changes, options, RepositoryAccess.effectiveOptions(repository, path, options));
    return store.inTransaction(() -> run(query, options, "update", (ids, pageOptions) -> {
      List<Map<String, Object>> records = new ArrayList<>();
      for (Object id : ids) {
        Map<String, Object> record = new LinkedHashMap<>(changes);
        record.put(repository.model().id().name(), id);
        records.add(record);
      }
      return repository.updateBatch(records, pageOptions);
    }));
  }

  public BatchResult<E> deleteWhere(Query query, CallOptions options) {
    return store.inTransaction(() -> run(query, options, "delete", (ids, pageOptions) -> {
      @SuppressWarnings("unchecked")
      List<ID> typed = (List<ID>) (List<?>) ids;
      return repository.deleteBatch(typed, pageOptions);
    }));
  }

  private interface Page<E> {
    BatchResult<E> write(List<Object> ids, CallOptions options);
  }

  private BatchResult<E> run(Query query, CallOptions options, String operation, Page<E> page) {
    refusePaging(query, operation + "Where");
    String path = options.path() != null ? options.path() : repository.name() + "." + operation;
    Options effective = RepositoryAccess.effectiveOptions(repository, path, options);
    int maxRows = RepositoryOptions.MAX_BULK_ROWS.in(effective);
    int pageSize = Math.max(1, RepositoryOptions.BULK_PAGE_SIZE.in(effective));
    Matches matches = matches(query, options, path, effective, maxRows);
    List<Object> ids = matches.ids;
    // one query for every page, translated once, each page binding its own range
    TypedQuery<E> pages = ids.size() > 1 && readsPagesLocked(effective, matches.scope)
        ? queries.between(StoreAccess.requireUnit(store).entityManager(), matches.criteria, matches.scope) : null;
    boolean ignoreErrors = options.ignoreErrors() != null ? options.ignoreErrors() : RepositoryOptions.IGNORE_ERRORS.in(effective);
    // Pages keep their valid records and report their refusals, so that the refusals are numbered across the
    // whole call here; without ignoreErrors the first page with a refusal stops the call and the unit of
    // work rolls every page back.
    CallOptions pageOptions = options.toBuilder().path(path).ignoreErrors(true).build();
    List<E> items = new ArrayList<>();
    List<Veto.RecordError> failures = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += pageSize) {
      List<Object> slice = ids.subList(from, Math.min(ids.size(), from + pageSize));
      if (pages != null && slice.size() > 1) {
        readPage(pages, slice);
      }
      BatchResult<E> result = page.write(new ArrayList<>(slice), pageOptions);
      items.addAll(result.items());
      failures.addAll(shifted(result.failures(), from, slice));
      if (!failures.isEmpty() && !ignoreErrors) {
        throw Veto.ofRecords(failures);
      }
    }
    return ValueAccess.batchResult(items, failures);
  }

  /**
   * A page or size on the query would read as a limit the call does not have: a caller giving size 1 must not
   * believe one record changes. (The default page and size are those of a new query, which cannot be told
   * from the same values set on purpose.)
   */
  private static void refusePaging(Query query, String call) {
    String given = query.page() != 1 ? "page " + query.page() : query.size() != Query.DEFAULT_SIZE ? "size " + query.size() : null;
    if (given != null) {
      throw new UsageException(call + " changes every record the query's filters match; the query's " + given
          + " does not apply to it: leave the page and size out, or narrow the filters (maxBulkRows caps the records"
          + " of one call)");
    }
  }

  /**
   * The page's refusals, numbered across the whole call, without those of records deleted since their ids
   * were read (a 404 for a row that is gone): they are no longer among the records the query matches, as an
   * SQL {@code UPDATE ... WHERE} would not find them either. A 404 of a record that is still there is a
   * handler's veto, and stays. Re-reading each page's rows with the filters (locked) instead was measured at
   * four times the time of the whole bulk update on H2: a record changed meanwhile so that it no longer
   * matches is still written.
   */
  private List<Veto.RecordError> shifted(List<Veto.RecordError> errors, int offset, List<Object> slice) {
    List<Veto.RecordError> shifted = new ArrayList<>();
    for (Veto.RecordError error : errors) {
      if (error.status() != 404 || stillThere(slice.get(error.index()))) {
        shifted.add(new Veto.RecordError(offset + error.index(), error.status(), error.messages(), error.fieldErrors()));
      }
    }
    return shifted;
  }

  private boolean stillThere(Object id) {
    return StoreAccess.requireUnit(store).entityManager().find(repository.entityType(), id) != null;
  }

  /**
   * True when each page's rows are read with their locks in one statement before the page's records run
   * ({@link #readPage}): where the database locks a row in the SELECT that reads it, for a call that locks its
   * rows (option {@code lockOnUpdate}) without a row scope, whose restrictions could join other tables' rows
   * into the statement's locks. Otherwise each record's lock reads its row (in groups, see ExistingRecords).
   */
  private boolean readsPagesLocked(Options effective, RowScope scope) {
    return StoreAccess.locks(store).locksInOneSelect() && RepositoryOptions.LOCK_ON_UPDATE.in(effective)
        && (scope == null || scope.isUnrestricted());
  }

  /**
   * Reads the page's rows with their write locks in one statement, as a range of ids with the call's filters
   * (in id order, as the groups of ids were locked), so that its records find their entities read and locked
   * instead of reading them a group of ids at a time: one statement per page instead of one per {@code
   * batchSize} records, without the list of ids a database compares each row with. A row of the page that no
   * longer matches is read by its record, as before; a matching row added inside the range since the ids were
   * read is locked too, but not written.
   */
  private void readPage(TypedQuery<E> pages, List<Object> slice) {
    pages.setParameter(CriteriaQueries.FIRST, slice.get(0)).setParameter(CriteriaQueries.LAST, slice.get(slice.size() - 1));
    StoreAccess.locks(store).readLocked(StoreAccess.requireUnit(store), pages,
        RepositoryAccess.writes(repository).entityName, slice);
  }

  /** The ids a bulk call matched (in id order), with the criteria and the row scope they were read with. */
  private static final class Matches {
    final List<Object> ids;
    final Query criteria;
    final RowScope scope;

    Matches(List<Object> ids, Query criteria, RowScope scope) {
      this.ids = ids;
      this.criteria = criteria;
      this.scope = scope;
    }
  }

  /** The matching records, in id order; a 422 when there are more than {@code maxRows}. */
  private Matches matches(Query query, CallOptions options, String path, Options effective, int maxRows) {
    EventArgs args = RepositoryAccess.callArgs(repository, path, options, effective);
    UnitState unit = StoreAccess.requireUnit(store);
    if (unit.trace() != null) {
      args.put(EventArgs.TRACE, unit.trace());
    }
    args.put(RepositoryTier.CRITERIA, query);
    List<Object> ids;
    Query matched;
    RowScope scope;
    try {
      repository.events().fire(RepositoryTier.PRE_START, args);
      Object criteria = args.get(RepositoryTier.CRITERIA);
      if (!(criteria instanceof Query)) {
        throw new ArgsContractException(RepositoryTier.CRITERIA, "a preStart handler replaced the '" + RepositoryTier.CRITERIA + "' args key of " + path
            + "; it must stay a Query");
      }
      matched = (Query) criteria;
      scope = RepositoryAccess.writes(repository).reads().scope(args);
      ids = queries.ids(unit.entityManager(), matched, scope,
          maxRows == Integer.MAX_VALUE ? maxRows : maxRows + 1);
      if (ids.size() > maxRows) {
        long total = queries.count(unit.entityManager(), (Query) criteria, scope);
        throw Veto.builder().status(422)
            .message(path + " matches " + total + " records, more than the " + maxRows + " one call may change"
                + " (option " + RepositoryOptions.MAX_BULK_ROWS.name() + "); narrow the filter or raise the option")
            .build();
      }
    } catch (RuntimeException e) {
      throw FailedCall.stopped(store, repository.events(), args, e);
    } catch (Error e) {
      throw FailedCall.stopped(repository.events(), args, e);
    }
    args.put(EventArgs.RESULT, ids.size());
    repository.events().fire(RepositoryTier.PRE_STOP, args);
    return new Matches(ids, matched, scope);
  }
}
