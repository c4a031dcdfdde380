package dev.scribe.repository;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Trace;
import dev.scribe.core.TraceScope;
import dev.scribe.entity.internal.EntityEventContext;
import jakarta.persistence.EntityManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * One entity manager and one transaction, shared by every repository call made while it is open on the
 * thread: the top-level call (or {@link DataStore#inTransaction}) opens it, nested calls join it. It
 * commits when the top-level call returns normally; a veto or exception anywhere rolls all of it back.
 * Completed writes are published, and {@link #afterCommit} callbacks run, only after the commit.
 *
 * <p>Confined to the thread that opened it.
 *
 * <pre>{@code
 * store.inTransaction(() -> {
 *   Task task = tasks.create(Map.of("title", "write docs"));
 *   store.currentUnitOfWork().orElseThrow().afterCommit(() -> cache.evict(task.getId()));
 *   return task;
 * });
 * }</pre>
 */
public final class UnitOfWork {
  private final EntityManager entityManager;
  private final SessionImplementor session;
  private final TraceScope traceScope;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Supplier<EntityEvent>> published = new ArrayList<>();
  private final Map<Object, EventArgs> entityArgs = new IdentityHashMap<>();
  private final Set<Object> persisted = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<EventArgs> records = new ArrayDeque<>();
  private final Entities entities = new Entities();
  private boolean rollbackOnly;
  private RuntimeException failure;

  UnitOfWork(EntityManager entityManager, TraceScope traceScope) {
    this.entityManager = entityManager;
    this.session = entityManager.unwrap(SessionImplementor.class);
    this.traceScope = traceScope;
  }

  /** The entity manager every call of this unit of work uses. */
  public EntityManager entityManager() {
    return entityManager;
  }

  /** Runs {@code action} after the transaction committed; never after a rollback. Failures are logged. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** The trace of this unit of work, or null when tracing is off. */
  public Trace trace() {
    return traceScope.trace();
  }

  /** True when the unit of work will roll back instead of committing. */
  public boolean rollbackOnly() {
    return rollbackOnly;
  }

  /** Makes the unit of work roll back when the top-level call ends, even if it ends normally. */
  public void setRollbackOnly() {
    rollbackOnly = true;
  }

  SessionImplementor session() {
    return session;
  }

  TraceScope traceScope() {
    return traceScope;
  }

  EntityEventContext entities() {
    return entities;
  }

  /** Records the first failure that escaped a repository call, so the unit cannot commit after it. */
  void failed(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
  }

  RuntimeException failure() {
    return failure;
  }

  void publishLater(Supplier<EntityEvent> event) {
    published.add(event);
  }

  List<Supplier<EntityEvent>> published() {
    return published;
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  /** Registers the args of events about {@code entity} (the record's args with self = entity). */
  void register(Object entity, EventArgs args) {
    entityArgs.put(entity, args);
  }

  void enterRecord(EventArgs recordArgs) {
    records.push(recordArgs);
  }

  void leaveRecord() {
    records.pop();
  }

  /** The entity-tier view of this unit of work. */
  private final class Entities implements EntityEventContext {
    @Override
    public EventArgs entityArgs(Object entity, Map<String, Object> params) {
      EventArgs args = entityArgs.get(entity);
      if (args == null) {
        EventArgs record = records.peek();
        if (record == null) {
          args = EventArgs.builder().self(entity).build();
        } else {
          args = record.withSelf(entity);
          args.remove(EventArgs.PARAMS);
          args.remove(EventArgs.ENTITY);
          args.remove(EventArgs.CHANGES);
        }
        entityArgs.put(entity, args);
      }
      if (params != null && args.get(EventArgs.PARAMS) == null) {
        args.put(EventArgs.PARAMS, params);
      }
      return args;
    }

    @Override
    public boolean firstPersist(Object entity) {
      return persisted.add(entity);
    }
  }
}
