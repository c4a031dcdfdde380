package dev.scribe.repository.internal.write;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.RecordNotFoundException;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.VersionConflictException;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.DatabaseLocks;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The records an update or delete finds and writes back: looked up inside the caller's row scope (and
 * locked, for an unconditional update), checked against the version the caller expects, and flushed with
 * a stale version reported as a conflict naming the record.
 */
final class ExistingRecords<E> {
  private final WriteCall<E> call;
  private final Writes<E, ?> writes;
  private final EntityModel<E> model;

  /** The inputs of a batch call, whose rows are locked a group at a time; null for a single record. */
  private List<?> batch;
  /** The index of the first record whose row the last group lock did not cover. */
  private int lockedUpTo;

  /**
   * The index of the record that named each id first in this batch; filled only once the ids stop rising
   * ({@link #named}).
   */
  private final Map<Object, Integer> firstNamedBy = new java.util.HashMap<>();
  /**
   * The ids named so far, with the index of the record naming each, while every id is greater than the one
   * before it (a bulk write's pages name their ids in order): no id can then repeat an earlier one, and
   * nothing is looked up. The first id out of order moves them into {@link #firstNamedBy}.
   */
  private final java.util.ArrayList<Object> risingIds = new java.util.ArrayList<>();
  private int[] risingIndexes = new int[64];
  private boolean rising = true;
  /** Ids whose rows this call's group reads loaded (locked, or just before their own lock). */
  private final Set<Object> readByGroup = new java.util.HashSet<>();
  /**
   * The ids of the rows the last group lock locked, or that were read under their locks before it, whose place
   * in the caller's row scope is asked for all of them in one query when the group's first record needs it;
   * empty when the rows were not locked as a group.
   */
  private Set<Object> groupLocked = Set.of();
  /** The row scope the group's query asked with, and the ids of {@link #groupLocked} inside it; null until asked. */
  private RowScope groupScope;
  private Set<Object> groupInScope;
  /**
   * The record being written as its prepare step loaded it, and its id: handlers may change the entity, never
   * replace either. Records run one at a time (prepare, handlers, write), so one pair serves them all.
   */
  private E prepared;
  private Object preparedId;

  ExistingRecords(WriteCall<E> call) {
    this.call = call;
    this.writes = call.writes;
    this.model = writes.model;
  }

  Object convertId(Object raw) {
    try {
      return ValueConverter.convertBodyId(raw, model.id().javaType());
    } catch (ValueConverter.ConversionException e) {
      throw Veto.builder().status(400).message(model.id().name() + " " + e.getMessage())
          .field(model.id().name(), e.getMessage()).build();
    }
  }

  /**
   * The record to update or delete, looked up inside the caller's row scope. In a batch without row-scope
   * handlers the rows of the next {@link WriteCall#lockGroup} records are read in one statement first.
   */
  E load(Object id, EventArgs record) {
    // An update batch that locks its rows groups its loads through the locks; its conditional records, which
    // take no lock, load on their own, so that no row is read unlocked before its record locks it.
    boolean locking = call.op == Operation.UPDATE && call.lockOnUpdate;
    if (!locking && id != null && batch != null && record.index() >= lockedUpTo
        && !writes.events.hasHandlers(RepositoryTier.SCOPE_QUERY) && managed(id) == null) {
      loadGroup(record.index());
    }
    return lookup(id, record);
  }

  private E lookup(Object id, EventArgs record) {
    E entity = id == null ? null : writes.reads.lookup(call.unit.entityManager(), id, record);
    if (entity == null) {
      throw new RecordNotFoundException(model.displayName(), id);
    }
    return entity;
  }

  void batchStarted(List<?> inputs) {
    batch = call.single || inputs.size() < 2 ? null : inputs;
    lockedUpTo = 0;
    readByGroup.clear();
    groupLocked = Set.of();
    groupScope = null;
    groupInScope = null;
    firstNamedBy.clear();
    risingIds.clear();
    rising = true;
  }

  /**
   * Notes that the record {@code index} names {@code id}; returns the index of the record that named it first
   * when one did, or null.
   */
  private Integer named(Object id, int index) {
    if (rising) {
      int count = risingIds.size();
      if (count == 0 || above(id, risingIds.get(count - 1))) {
        if (count == risingIndexes.length) {
          risingIndexes = java.util.Arrays.copyOf(risingIndexes, count * 2);
        }
        risingIds.add(id);
        risingIndexes[count] = index;
        return null;
      }
      rising = false;
      for (int i = 0; i < count; i++) {
        firstNamedBy.putIfAbsent(risingIds.get(i), risingIndexes[i]);
      }
      risingIds.clear();
    }
    return firstNamedBy.putIfAbsent(id, index);
  }

  /** True when {@code id} sorts after {@code last}, both of one comparable class (ids of one attribute). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean above(Object id, Object last) {
    return id instanceof Comparable && id.getClass() == last.getClass() && ((Comparable) id).compareTo(last) > 0;
  }

  /**
   * Notes that the record at {@code index}, left out of this run of the unit, named {@code raw}: a later record
   * naming it again is still the repeat it was in the run that wrote the left-out record.
   */
  void namedBy(Object raw, int index) {
    if (raw == null) {
      return;
    }
    try {
      named(convertId(raw), index);
    } catch (Veto unconvertible) {
      // it could not have been written; it names nothing a later record repeats
    }
  }

  /**
   * Refuses the record when an earlier record of the batch named the same {@code id} (400, naming that record),
   * before it is looked up. A delete would look up a row the earlier record deleted (a 404 for a row that is
   * still there once the batch rolls back); an update would apply the two records one after the other, and
   * which of them a caller meant to win is not for the batch's order to decide.
   */
  void requireNamedOnce(Object id, EventArgs record) {
    Integer first = named(id, record.index());
    if (first != null) {
      throw Veto.builder().status(400)
          .message("record " + record.index() + " of the " + call.op.name().toLowerCase(java.util.Locale.ROOT)
              + " batch repeats the " + model.id().name() + " " + id + " of record " + first + "; name each "
              + model.displayName() + " once")
          .field(model.id().name(), "repeats record " + first)
          .build();
    }
  }

  /** The record, with its row locked to the end of the unit (see {@link DatabaseLocks#findForUpdate}). */
  E loadForUpdate(Object id, EventArgs record) {
    if (id == null) {
      throw new RecordNotFoundException(model.displayName(), null);
    }
    UnitState unit = call.unit;
    // A record this unit read before is checked against its version when it is locked. One a page read under
    // its lock is taken as it is, while the session still manages it.
    Object lockedRead = unit.readUnderLock(id);
    boolean lockedAndManaged = lockedRead != null && stillManaged(lockedRead);
    Object read = lockedAndManaged ? lockedRead : managed(id);
    boolean readLocked = read != null && read == lockedRead;
    // a row a page read locked needs its group only to be asked about a restricted row scope with the others:
    // see inScope. A row this unit read unlocked before (a nested route reads every record of its batch first,
    // to check its parent) is locked with its group too: left to its own record, it was locked in the batch's
    // order, and two nested batches naming the same rows in opposite orders deadlocked on PostgreSQL.
    if (!readLocked && batch != null && record.index() >= lockedUpTo) {
      lockGroup(record.index());
    }
    Object readVersion = read == null ? null : model.versionOf(model.type().cast(read));
    E entity;
    try {
      // a row its group lock read is managed and locked already: looked up again, it would be returned as it is
      entity = lockedAndManaged || (read != null && readByGroup.contains(id)
          && StoreAccess.locks(writes.store).heldForWrite(unit, read)) ? model.type().cast(read)
          : StoreAccess.locks(writes.store).findForUpdate(unit, model.type(), id);
    } catch (RuntimeException e) {
      RuntimeException translated = StoreAccess.translate(writes.store, e);
      if (translated instanceof VersionConflictException && readVersion != null) {
        VersionConflictException named = new VersionConflictException(model.displayName(), id, readVersion, null);
        named.initCause(e);
        throw named;
      }
      throw translated;
    }
    if (entity == null) {
      // The row scope is asked about a missing row too, as about a row outside it: a row out of scope answered
      // after scopeQuery had run, a missing one before, and the handlers that ran (the trace's X-Scribe-Handlers,
      // a handler that counts) told another caller's record from none.
      writes.reads.scope(record);
      throw new RecordNotFoundException(model.displayName(), id);
    }
    if (read != null && model.version() == null && !readByGroup.contains(id) && !readLocked) {
      StoreAccess.locks(writes.store).reloadLocked(unit, entity);
    }
    if (writes.events.hasHandlers(RepositoryTier.SCOPE_QUERY) && !inScope(id, record, readLocked)) {
      // Checked once the row is locked: a scoped read before the lock would let every concurrent
      // writer of the row read the same version and all but one fail their version check.
      throw new RecordNotFoundException(model.displayName(), id);
    }
    return entity;
  }

  /**
   * True when the locked row {@code id} is inside the row scope the {@code scopeQuery} handlers give for the
   * record. Rows locked as a group are asked about together, with the scope of the group's first record, as
   * they stand then: one query instead of one per record (each translated anew, and flushing the records
   * before it: four fifths of a scoped bulk update's time). A record whose handlers give another scope asks on
   * its own.
   */
  private boolean inScope(Object id, EventArgs record, boolean readLocked) {
    RowScope scope = writes.reads.scope(record);
    if (scope == null) {
      return true;
    }
    if (readLocked && batch != null && record.index() >= lockedUpTo) {
      // The row was read locked with its page: its group is formed now, to be asked about the scope together.
      // Not before the scope is known: an unrestricted one (every record of an unscoped bulk write whose
      // scopeQuery handlers restrict nothing) asks nothing, and the group's rows left unread by the page are
      // then locked by their own records, a group at a time.
      lockGroup(record.index());
    }
    EntityManager entityManager = call.unit.entityManager();
    if (groupLocked.contains(id)) {
      if (groupScope == null) {
        groupScope = scope;
        groupInScope = writes.reads.inScope(entityManager, groupLocked, scope);
      }
      if (ValueAccess.sameScope(groupScope, scope)) {
        return groupInScope.contains(id);
      }
    }
    return writes.reads.lookupIn(entityManager, id, scope) != null;
  }

  /**
   * True while {@code entity} is managed and not removed in this unit: a row read under its lock is then the
   * record as it is; a removed one is looked up again, and not found.
   */
  private boolean stillManaged(Object entity) {
    org.hibernate.engine.spi.EntityEntry entry = call.unit.session().getPersistenceContextInternal().getEntry(entity);
    return entry != null && entry.getStatus() == org.hibernate.engine.spi.Status.MANAGED;
  }

  private Object managed(Object id) {
    UnitState unit = call.unit;
    return unit.session().getPersistenceContextInternal().getEntity(unit.session().generateEntityKey(id,
        unit.session().getFactory().getMappingMetamodel().getEntityDescriptor(writes.entityName)));
  }

  /** Reads the rows of the next {@code batchSize} records from {@code first} in one statement, unlocked. */
  private void loadGroup(int first) {
    int end = Math.min(batch.size(), first + StoreAccess.batchSize(writes.store));
    lockedUpTo = end;
    Set<Object> ids = groupIds(first, end, false, null);
    StoreAccess.locks(writes.store).loadAll(call.unit, model.type(), writes.entityName, model.id().name(), ids);
    readByGroup.addAll(ids);
  }

  /**
   * Locks the rows of the next {@code batchSize} records from {@code first} in one statement. Records this
   * unit read before are left to their own lock, which checks the version they were read at; records that
   * state a version take no lock; ids that do not convert are left to their record, which reports them.
   */
  private void lockGroup(int first) {
    int end = Math.min(batch.size(), first + StoreAccess.batchSize(writes.store));
    lockedUpTo = end;
    Set<Object> readLocked = new LinkedHashSet<>();
    Set<Object> readBefore = new LinkedHashSet<>();
    Set<Object> ids = groupIds(first, end, true, readLocked, readBefore);
    boolean locked;
    if (readBefore.isEmpty()) {
      locked = StoreAccess.locks(writes.store).lockAll(call.unit, model.type(), writes.entityName,
          model.id().name(), ids);
    } else {
      // The rows read before are locked with the others, in id order, by their ids alone: read again with their
      // locks, a managed entity would keep the state read before, and its record's own lock (which follows,
      // on a row this unit then holds) is what checks the version it was read at, or reads it again.
      Set<Object> all = new LinkedHashSet<>(ids);
      all.addAll(readBefore);
      StoreAccess.locks(writes.store).lockIds(call.unit, writes.entityName, model.id().name(), all);
      locked = false;
    }
    // read just now for this call (locked, or just before each record locks its own): not read again
    readByGroup.addAll(ids);
    if (locked) {
      readLocked.addAll(ids);
    }
    // rows read under their locks before (a bulk write's page, DatabaseLocks.readLocked) are asked about the
    // row scope with the rows locked just now
    groupLocked = readLocked;
    groupScope = null;
    groupInScope = null;
    if (!locked && call.op == Operation.DELETE && !writes.events.hasHandlers(RepositoryTier.SCOPE_QUERY)) {
      // Where each record locks its own row, a delete batch still reads its group's rows in one SELECT, as it
      // did before deletes took locks; each record's lock then checks the version it read.
      StoreAccess.locks(writes.store).loadAll(call.unit, model.type(), writes.entityName, model.id().name(), ids);
    }
  }

  /**
   * The ids of the records from {@code first} to {@code end} not yet managed (an input is a map holding the
   * id, or for a delete the id itself); {@code locking}: without the records that state a version. The ids of
   * managed entities read under their locks go into {@code readLocked}, unless it is null.
   */
  private Set<Object> groupIds(int first, int end, boolean locking, Set<Object> readLocked) {
    return groupIds(first, end, locking, readLocked, null);
  }

  /** As above; the ids of managed entities read without their locks go into {@code readBefore}, unless it is null. */
  private Set<Object> groupIds(int first, int end, boolean locking, Set<Object> readLocked, Set<Object> readBefore) {
    Set<Object> ids = new LinkedHashSet<>();
    String idName = model.id().name();
    String versionName = model.version() == null ? null : model.version().name();
    for (int index = first; index < end; index++) {
      Object input = batch.get(index);
      Object raw = input instanceof Map ? ((Map<?, ?>) input).get(idName) : input;
      if (raw == null || (locking && versionName != null && input instanceof Map && ((Map<?, ?>) input).get(versionName) != null)) {
        continue; // a conditional record does not wait for a lock: it fails fast on a stale version
      }
      try {
        Object id = ValueConverter.convert(raw, model.id().javaType());
        Object managed = managed(id);
        if (managed == null) {
          ids.add(id);
        } else if (readLocked != null && call.unit.readUnderLock(id) == managed) {
          readLocked.add(id);
        } else if (readBefore != null) {
          readBefore.add(id);
        }
      } catch (ValueConverter.ConversionException e) {
        // reported by its own record
      }
    }
    return ids;
  }

  /** Remembers the record's entity and id as its prepare step loaded them, for {@link #unreplaced}. */
  void prepared(E entity, Object id) {
    prepared = entity;
    preparedId = id;
  }

  /**
   * The record's entity as loaded, after its pre, validate and verify handlers: they may change the entity
   * but not replace it, nor the id (an object the unit does not manage would be written nowhere).
   */
  E unreplaced(EventArgs record) {
    E loaded = prepared;
    Object id = preparedId;
    prepared = null;
    Object entity = record.get(EventArgs.ENTITY);
    if (entity != loaded) {
      throw new ArgsContractException(EventArgs.ENTITY, "a handler of " + call.writes.repository.getClass().getSimpleName()
          + " replaced '" + EventArgs.ENTITY + "' in the args of " + call.op.verb + " of " + model.displayName() + " " + id
          + (call.single ? "" : " (record " + record.index() + ")") + " with " + (entity == null ? "null"
              : "another " + entity.getClass().getSimpleName()) + "; change the loaded entity's fields, or the params,"
          + " instead of replacing it");
    }
    if (!Objects.equals(record.get(EventArgs.ID), id)) {
      throw new ArgsContractException(EventArgs.ID, "a handler of " + call.writes.repository.getClass().getSimpleName()
          + " replaced '" + EventArgs.ID + "' in the args of " + call.op.verb + " of " + model.displayName() + " " + id
          + " with " + record.get(EventArgs.ID) + "; the record to " + call.op.verb + " is the one loaded: call the"
          + " repository for another record");
    }
    return loaded;
  }

  void checkVersion(E entity, Object id, Object expected) {
    if (expected == null || model.version() == null) {
      return;
    }
    Object wanted = model.convert(model.version().name(), expected);
    Object actual = model.versionOf(entity);
    if (!Objects.equals(wanted, actual)) {
      throw new VersionConflictException(model.displayName(), id, wanted, actual);
    }
  }

  /**
   * Flushes the record's write — only its entity unless {@code full} (or the unit cannot scope the
   * flush), otherwise Hibernate's full flush; a stale version is a conflict naming the record and the
   * version it read. A record of a batch that set basic fields only is not flushed here: its UPDATE waits
   * for the batch's next flush point (DESIGN §3), as an INSERT does.
   */
  void flush(E written, Object readVersion, boolean full) {
    UnitState unit = call.unit;
    if (!full && !call.single && unit.deferUpdate(written)) {
      return; // a batch's UPDATEs go in JDBC batches at its flush points, where a refusal is found by replay
    }
    try {
      if (full || !unit.flushPoints().flushOne(written)) {
        unit.entityManager().flush();
      }
    } catch (RuntimeException e) {
      RuntimeException translated = StoreAccess.translate(writes.store, e, written);
      if (translated instanceof VersionConflictException && readVersion != null) {
        VersionConflictException conflict = (VersionConflictException) translated;
        VersionConflictException named = new VersionConflictException(model.displayName(), model.idOf(written),
            readVersion, conflict.actualVersion());
        named.initCause(e);
        throw named;
      }
      throw translated;
    }
  }
}
