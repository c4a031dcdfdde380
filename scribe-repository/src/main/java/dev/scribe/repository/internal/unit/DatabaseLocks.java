package dev.scribe.repository.internal.unit;

import dev.scribe.repository.LockConflictException;
import dev.scribe.repository.UnitOfWork;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hibernate.LockMode;
import org.hibernate.LockOptions;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.Query;

/**
 * How this store's database locks: the key locks of {@link UnitOfWork#lock}, the statement that bounds a
 * transaction's lock waits by the store's lock timeout, and row locks taken in the SELECT that loads a
 * record (one statement where the database can lock across the entity's outer joins). Immutable but for the
 * texts of its group-lock queries, kept once built.
 */
public final class DatabaseLocks {
  private final KeyLocks keyLocks;
  private final Consumer<UnitState> lockWait;
  /** True when the database locks a row across outer joins in the same SELECT that reads it. */
  private final boolean lockInOneSelect;
  private final long timeoutMillis;
  /** True where foreign keys do not keep a referred row from being deleted meanwhile: see {@link ReferenceLocks}. */
  private final boolean locksReferences;
  /** Run around the ids-only group lock: the planner kept to indexes (PostgreSQL), then let be; null elsewhere. */
  private final String seqScanOff;
  private final String seqScanDefault;
  /** The group-lock queries by entity name and padded size. */
  private final Map<String, String> lockAllQueries = new ConcurrentHashMap<>();

  private DatabaseLocks(KeyLocks keyLocks, Consumer<UnitState> lockWait, boolean lockInOneSelect, long timeoutMillis,
      boolean locksReferences) {
    this.keyLocks = keyLocks;
    this.lockWait = lockWait;
    this.lockInOneSelect = lockInOneSelect;
    this.timeoutMillis = timeoutMillis;
    this.locksReferences = locksReferences;
    boolean postgres = keyLocks instanceof KeyLocks.Advisory;
    this.seqScanOff = postgres ? "SET LOCAL enable_seqscan TO off" : null;
    this.seqScanDefault = postgres ? "SET LOCAL enable_seqscan TO DEFAULT" : null;
  }

  /** Runs {@code statement} on the unit's connection as it is, without flushing the session; nothing for null. */
  private static void settings(UnitState unit, String statement) {
    if (statement != null) {
      unit.session().doWork(connection -> {
        try (java.sql.Statement setting = connection.createStatement()) {
          setting.execute(statement);
        }
      });
    }
  }

  /**
   * PostgreSQL: advisory key locks and {@code lock_timeout}; H2: key locks in this JVM and
   * {@code LOCK_TIMEOUT}; other databases: key locks in this JVM and their own lock wait.
   */
  public static DatabaseLocks of(Dialect dialect, long timeoutMillis) {
    boolean oneSelect = dialect.supportsOuterJoinForUpdate();
    if (dialect instanceof PostgreSQLDialect) {
      return new DatabaseLocks(new KeyLocks.Advisory(), unit -> unit.entityManager()
          .createNativeQuery("set local lock_timeout = " + timeoutMillis).executeUpdate(), oneSelect, timeoutMillis, false);
    }
    Consumer<UnitState> lockWait = dialect instanceof H2Dialect
        ? unit -> unit.entityManager().createNativeQuery("SET LOCK_TIMEOUT " + timeoutMillis).executeUpdate()
        : unit -> { };
    return new DatabaseLocks(new KeyLocks.InProcess(timeoutMillis), lockWait, oneSelect, timeoutMillis,
        dialect instanceof H2Dialect);
  }

  /**
   * True where the database locks a row in the SELECT that reads it, across the entity's outer joins (H2, not
   * PostgreSQL): only there can {@link #readLocked} read entities under their locks.
   */
  public boolean locksInOneSelect() {
    return lockInOneSelect;
  }

  /**
   * Runs {@code query}, which reads entities of {@code entityName}, with a write lock on each row it reads (held
   * to the end of the unit, the wait bounded by the store's lock timeout) and without flushing the session
   * first; the entities it puts in the session are noted as read under their locks ({@link
   * UnitState#readUnderLock(Object)}, in place of those of the read before), so that a record locking one again reads
   * nothing more. Entities of {@code ids} the session held before are
   * locked but not noted: their state may have been read before the lock. Only where {@link #locksInOneSelect}.
   *
   * <p>Not flushing first is for the caller to allow: the query only chooses which rows are read and locked up
   * front, and a row it leaves out is read by its own record, under its own lock.
   */
  public <E> List<E> readLocked(UnitState unit, TypedQuery<E> query, String entityName, Collection<?> ids) {
    if (!lockInOneSelect) {
      throw new IllegalStateException("this database cannot lock rows in the SELECT that reads them with their outer"
          + " joins; lock them with lockAll instead");
    }
    SessionImplementor session = unit.session();
    EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(entityName);
    Set<Object> heldBefore = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object id : ids) {
      Object held = session.getPersistenceContextInternal().getEntity(session.generateEntityKey(id, persister));
      if (held != null) {
        heldBefore.add(held);
      }
    }
    unit.prepareLockWait();
    List<E> read = query.setLockMode(LockModeType.PESSIMISTIC_WRITE).setFlushMode(FlushModeType.COMMIT).getResultList();
    Map<Object, Object> readNow = new HashMap<>(read.size() * 2);
    for (E entity : read) {
      if (heldBefore.isEmpty() || !heldBefore.contains(entity)) {
        readNow.put(persister.getIdentifier(entity, session), entity);
      }
    }
    unit.readUnderLock(readNow);
    return read;
  }

  /** True on H2: see {@link ReferenceLocks}. */
  public boolean locksReferences() {
    return locksReferences;
  }

  /** How long a unit of work waits for a row or key lock. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** Gives a new unit of work the key locks and the lock-wait statement of this database. */
  void equip(UnitState unit) {
    unit.useLocks(keyLocks, lockWait);
  }

  /**
   * Loads {@code id} with a write lock on its row (SELECT ... FOR UPDATE), held to the end of the unit:
   * concurrent unconditional updates of one record then wait for each other instead of failing at the
   * version check. The wait is bounded by the store's lock timeout ({@link LockConflictException}).
   */
  public <E> E findForUpdate(UnitState unit, Class<E> type, Object id) {
    unit.prepareLockWait();
    // One SELECT ... FOR UPDATE where the database can lock across the entity's outer joins, so the row is
    // never read before it is locked. PostgreSQL cannot lock the nullable side of an outer join: there the row
    // is read, then locked, and the version check turns a race in between into a retry.
    LockOptions lock = new LockOptions(LockMode.PESSIMISTIC_WRITE);
    if (lockInOneSelect) {
      lock.setFollowOnLocking(false);
    }
    return unit.session().get(type, id, lock);
  }

  /**
   * True when {@code entity} is managed by the unit with its row's write lock already held (a group lock read it
   * with its lock): {@link #findForUpdate} of its id would return it as it is, without a statement, as Hibernate's
   * lookup does when the lock it holds is at least the one asked for.
   */
  public boolean heldForWrite(UnitState unit, Object entity) {
    org.hibernate.engine.spi.EntityEntry entry = unit.session().getPersistenceContextInternal().getEntry(entity);
    return entry != null && entry.getStatus() == org.hibernate.engine.spi.Status.MANAGED
        && !LockMode.PESSIMISTIC_WRITE.greaterThan(entry.getLockMode());
  }

  /**
   * Reads again, now that its row is locked, an entity without a version that this unit had read before the
   * lock (a nested write reads the record to check its parent first): locking a managed entity locks its row
   * but keeps the state read earlier, and with no version to compare, the UPDATE would write that stale state
   * over what a concurrent writer committed in between. An entity this unit has already changed is kept.
   */
  public void reloadLocked(UnitState unit, Object entity) {
    if (!ScopedAutoFlush.dirty(unit.session(), entity)) {
      unit.session().refresh(entity);
    }
  }

  /**
   * Locks and loads the rows of {@code ids} in one {@code SELECT ... FOR UPDATE} (in id order, so two
   * batches locking overlapping rows take them in the same order), so that a batch locks a group of its
   * records' rows per statement instead of one per record; each record then finds its entity managed and
   * locked. Where the database cannot lock across the entity's outer joins in one statement (PostgreSQL) it
   * locks the ids alone, in id order, and each record then reads its own row under its lock: false then.
   *
   * <p>Reading the rows by group there too (after the ids) was tried: on an analysed table it halved an update
   * batch's time, but on a table PostgreSQL had no statistics for yet (a new or freshly loaded one) the planner
   * read the group queries by sequential scans, five times slower than a lock per record, whose primary-key
   * lookup it always plans well; the ids-only lock is kept to the index for that reason.
   */
  public <E> boolean lockAll(UnitState unit, Class<E> type, String entityName, String idName, Collection<?> ids) {
    if (ids.size() < 2) {
      return false;
    }
    unit.prepareLockWait();
    if (!lockInOneSelect) {
      // The rows are still locked together, in id order, by a SELECT of their ids alone, which joins nothing;
      // each record then reads its row under its own lock. Locked record by record in the batch's order, two
      // batches naming the same rows in opposite orders each held a row the other waited for: a deadlock.
      // PostgreSQL plans a list of ids on a table it has no statistics for yet (a new or freshly loaded one) as
      // a sequential scan of the whole table, group after group (five times the batch's time, measured): the
      // statement is told to use the primary key's index, as a lookup of one id always does.
      settings(unit, seqScanOff);
      groupQuery(unit, Object.class, lockIdsQuery(entityName, idName, paddedSize(ids.size())), ids)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
      settings(unit, seqScanDefault);
      return false;
    }
    groupQuery(unit, type, entityName, idName, ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    return true;
  }

  /**
   * Locks the rows of {@code ids} in one {@code SELECT} of their ids alone, in id order, on every database; the
   * entities are not read: rows the unit read before keep their state, for their records' own locks to check.
   */
  public void lockIds(UnitState unit, String entityName, String idName, Collection<?> ids) {
    if (ids.size() < 2) {
      return;
    }
    unit.prepareLockWait();
    settings(unit, seqScanOff);
    groupQuery(unit, Object.class, lockIdsQuery(entityName, idName, paddedSize(ids.size())), ids)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    settings(unit, seqScanDefault);
  }

  /**
   * Loads the rows of {@code ids} in one SELECT, without a lock, so that the records of a delete batch (or
   * of an update batch that takes no row locks) find their entities managed instead of reading one row
   * each.
   */
  public <E> void loadAll(UnitState unit, Class<E> type, String entityName, String idName, Collection<?> ids) {
    if (ids.size() < 2) {
      return;
    }
    groupQuery(unit, type, entityName, idName, ids).getResultList();
  }

  /** The group query for {@code ids}, its places padded by repeating the last id. */
  private <E> Query<E> groupQuery(UnitState unit, Class<E> type, String entityName, String idName,
      Collection<?> ids) {
    return groupQuery(unit, type, lockAllQuery(entityName, idName, paddedSize(ids.size())), ids);
  }

  private <E> Query<E> groupQuery(UnitState unit, Class<E> type, String hql, Collection<?> ids) {
    int size = paddedSize(ids.size());
    Query<E> query = unit.session().createQuery(hql, type);
    int position = 1;
    Object last = null;
    for (Object id : ids) {
      query.setParameter(position++, id);
      last = id;
    }
    while (position <= size) {
      query.setParameter(position++, last);
    }
    return query;
  }

  /**
   * The group-lock query for {@code size} ids, one positional parameter each: Hibernate does not cache the
   * plan of a query with a list parameter ({@code in (:ids)}) and translates it again on every execution,
   * while a query with single-valued parameters is translated once per text.
   */
  private String lockAllQuery(String entityName, String idName, int size) {
    return lockAllQueries.computeIfAbsent(entityName + '#' + size, key -> {
      StringBuilder hql = new StringBuilder("select e from ").append(entityName).append(" e where e.").append(idName)
          .append(" in (");
      for (int i = 1; i <= size; i++) {
        hql.append(i == 1 ? "" : ", ").append('?').append(i);
      }
      return hql.append(") order by e.").append(idName).toString();
    });
  }

  /** The query that locks the rows of {@code size} ids by reading their ids alone. */
  private String lockIdsQuery(String entityName, String idName, int size) {
    return lockAllQueries.computeIfAbsent("ids:" + entityName + '#' + size,
        key -> lockAllQuery(entityName, idName, size).replaceFirst("^select e ", "select e." + idName + " "));
  }

  /** The next power of two: groups of every size share a few query texts, the extra places repeating an id. */
  static int paddedSize(int count) {
    return count <= 2 ? 2 : Integer.highestOneBit(count - 1) << 1;
  }
}
