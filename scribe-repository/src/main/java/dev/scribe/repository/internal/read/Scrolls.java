package dev.scribe.repository.internal.read;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Options;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.internal.FailedCall;
import dev.scribe.repository.internal.RepositoryAccess;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.CacheMode;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;

/**
 * Reads every record of a query, one at a time, from a forward-only scrolling query: rows come from the
 * database {@code fetchSize} at a time and the persistence context is cleared after each such group, so
 * memory stays the same whatever the number of rows. Fires {@code preStart} (the {@link Query} under
 * {@value RepositoryTier#CRITERIA}; handlers may narrow it, as for a list) and {@code preStop} (with {@code result},
 * the number of records visited).
 */
public final class Scrolls<E, ID> {
  /** The option naming how many rows are fetched at a time, and how often the persistence context is cleared. */

  private final Repository<E, ID> repository;
  private final DataStore store;
  private final EventManager events;
  private final CriteriaQueries<E> queries;

  public Scrolls(Repository<E, ID> repository) {
    this.repository = repository;
    this.store = repository.store();
    this.events = repository.events();
    this.queries = new CriteriaQueries<>(repository.model(), repository.name());
  }

  public long forEach(Query query, CallOptions options, Consumer<? super E> visitor) {
    return store.inTransaction(() -> {
      String path = options.path() != null ? options.path() : repository.name() + ".scroll";
      Options effective = RepositoryAccess.effectiveOptions(repository, path, options);
      EventArgs args = RepositoryAccess.callArgs(repository, path, options, effective);
      UnitState unit = StoreAccess.requireUnit(store);
      if (unit.trace() != null) {
        args.put(EventArgs.TRACE, unit.trace());
      }
      args.put(RepositoryTier.CRITERIA, query);
      long visited;
      try {
        visited = scroll(unit, args, effective, path, visitor);
      } catch (RuntimeException e) {
        throw FailedCall.stopped(store, events, args, e);
      } catch (Error e) {
        throw FailedCall.stopped(events, args, e);
      }
      args.put(EventArgs.RESULT, visited);
      events.fire(RepositoryTier.PRE_STOP, args);
      return visited;
    });
  }

  /** Fires {@code preStart} and visits the matching rows group by group; the number visited. */
  private long scroll(UnitState unit, EventArgs args, Options effective, String path, Consumer<? super E> visitor) {
    events.fire(RepositoryTier.PRE_START, args);
    Object criteria = args.get(RepositoryTier.CRITERIA);
    if (!(criteria instanceof Query)) {
      throw new ArgsContractException(RepositoryTier.CRITERIA, "a preStart handler replaced the '" + RepositoryTier.CRITERIA + "' args key of " + path
          + "; it must stay a Query");
    }
    int fetchSize = Math.max(1, RepositoryOptions.SCROLL_FETCH_SIZE.in(effective));
    EntityManager entityManager = unit.entityManager();
    // Pending changes are written first: letting entities go below must not drop them.
    entityManager.flush();
    // The rows read go out of the persistence context group by group (constant memory). When it holds
    // nothing else, clearing it is the cheap way; entities the unit held before the scroll stay managed
    // (detaching them would lose their later changes), so then only the scroll's own are let go.
    PersistenceContext context = unit.session().getPersistenceContextInternal();
    Set<Object> heldBefore = null;
    if (context.getNumberOfManagedEntities() > 0) {
      heldBefore = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Map.Entry<Object, EntityEntry> entry : context.reentrantSafeEntityEntries()) {
        heldBefore.add(entry.getKey());
      }
    }
    List<E> group = heldBefore == null ? null : new ArrayList<>();
    long visited = 0;
    @SuppressWarnings("unchecked")
    org.hibernate.query.Query<E> scroll = entityManager.createQuery(queries.ordered(entityManager, (Query) criteria,
        RepositoryAccess.writes(repository).reads().scope(args)))
        .unwrap(org.hibernate.query.Query.class);
    scroll.setFetchSize(fetchSize).setReadOnly(true).setCacheMode(CacheMode.IGNORE);
    unit.readRowsReadOnly(); // an update of a row read so makes it writable first (UnitState.writable)
    try (ScrollableResults<E> rows = scroll.scroll(ScrollMode.FORWARD_ONLY)) {
      while (rows.next()) {
        E row = rows.get();
        visitor.accept(row);
        visited++;
        if (group != null && !heldBefore.contains(row)) {
          group.add(row);
        }
        if (visited % fetchSize == 0) {
          if (group == null) {
            entityManager.clear();
          } else {
            group.forEach(read -> {
              if (entityManager.contains(read)) {
                entityManager.detach(read);
              }
            });
            group.clear();
          }
        }
      }
    }
    return visited;
  }
}
