package dev.scribe.repository.internal.store;

import dev.scribe.core.Veto;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.CommitOutcomeUnknownException;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.LockConflictException;
import dev.scribe.repository.VersionConflictException;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.unit.DroppedRecords;
import dev.scribe.repository.internal.unit.RecordRefusedAtFlush;
import dev.scribe.repository.internal.unit.UnitState;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.RollbackException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.StaleObjectStateException;
import org.hibernate.StaleStateException;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.exception.LockAcquisitionException;

/**
 * Turns what Hibernate and the database throw into the repository tier's failures: optimistic-lock
 * failures into {@link VersionConflictException}, lock timeouts, deadlocks and serialisation failures into
 * {@link LockConflictException}, a pool timeout or a lost connection into
 * {@link DatabaseUnavailableException}, constraint violations into {@link ConstraintConflictException}.
 * Vetoes pass unchanged. Immutable; the unit of work is passed by the caller, null outside one.
 */
public final class ErrorTranslation {
  /** SQLStates of a lost race: serialisation failure, deadlock, lock not available (PostgreSQL), lock timeout and concurrent update (H2). */
  private static final Set<String> LOCK_STATES = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

  private final EntityCatalog catalog;
  private final Constraints constraints;
  private final long retryAfterSeconds;
  private final long lockTimeoutMillis;

  public ErrorTranslation(EntityCatalog catalog, Constraints constraints, long retryAfterSeconds, long lockTimeoutMillis) {
    this.catalog = catalog;
    this.constraints = constraints;
    this.retryAfterSeconds = retryAfterSeconds;
    this.lockTimeoutMillis = lockTimeoutMillis;
  }

  /** Translates {@code e}, naming {@code written} when Hibernate does not say which record failed. */
  public RuntimeException translate(RuntimeException e, Object written, UnitState unit) {
    if (e instanceof Veto || e instanceof DroppedRecords.Dropped) {
      return e;
    }
    if (e instanceof RecordRefusedAtFlush) {
      // Inside a record of an outer call, that call reports it under its record's index.
      return unit != null && unit.handlingRecord() ? e : ((RecordRefusedAtFlush) e).refusal();
    }
    DatabaseUnavailableException unavailable = ValueAccess.unavailable(e, retryAfterSeconds);
    if (unavailable != null) {
      return unavailable;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
        return conflict(cause, e, written);
      }
      if (cause instanceof Veto && e instanceof RollbackException) {
        return (Veto) cause;
      }
    }
    RuntimeException lock = lockConflict(e);
    if (lock != null) {
      return lock;
    }
    boolean attributed = unit == null || unit.recordsEntered() <= 1 || unit.writesOneAtATime();
    ConstraintConflictException constraint = constraints.translate(e, written, attributed, () -> managedEntities(unit),
        concealed(unit));
    if (constraint != null) {
      return constraint;
    }
    RuntimeException missing = missingTable(e);
    return missing != null ? missing : e;
  }

  /** SQLSTATEs of a table or sequence that does not exist: the standard's and H2's, PostgreSQL's. */
  private static final java.util.Set<String> UNDEFINED_TABLE = java.util.Set.of("42S02", "90036", "42P01");

  /**
   * A statement on a table that does not exist, as a failure that says what to do: the store was built with
   * no schema action (the default) on a database whose schema nobody created.
   */
  private static RuntimeException missingTable(RuntimeException e) {
    if (e instanceof dev.scribe.core.ScribeException) {
      return null; // said already (a call translates its failure, and its unit of work sees it again)
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException && UNDEFINED_TABLE.contains(((java.sql.SQLException) cause).getSQLState())) {
        return new dev.scribe.core.ScribeException("the database has no table or sequence this statement needs ("
            + cause.getMessage().lines().findFirst().orElse("") + "): its schema was not created; create it, or let"
            + " the store create or update it with DataStore.builder(...).schemaAction(\"update\")", e);
      }
    }
    return null;
  }

  /**
   * {@code e}, thrown by the commit itself, translated: a connection lost there (not a busy pool) leaves
   * the outcome unknown, since the database may have committed before the connection went.
   */
  public RuntimeException translateCommitFailure(RuntimeException e, UnitState unit) {
    RuntimeException translated = translate(e, null, unit);
    if (translated instanceof DatabaseUnavailableException && !((DatabaseUnavailableException) translated).saturated()) {
      return new CommitOutcomeUnknownException(retryAfterSeconds, e);
    }
    return translated;
  }

  /** A row the database refused when it was inserted on its own: the failure of that entity's record. */
  public RuntimeException refusedRow(RuntimeException refused, Object entity, UnitState unit) {
    ConstraintConflictException constraint = constraints.translate(refused, entity, true, () -> managedEntities(unit),
        concealed(unit));
    return constraint != null ? constraint : translate(refused, entity, unit);
  }

  /** The attributes of each entity type the unit's caller may not see, which a conflict does not name. */
  private static java.util.function.Function<Class<?>, java.util.Set<String>> concealed(UnitState unit) {
    return unit == null ? type -> java.util.Set.of() : unit::concealed;
  }

  private static List<Object> managedEntities(UnitState unit) {
    List<Object> entities = new ArrayList<>();
    if (unit != null) {
      for (Map.Entry<Object, EntityEntry> entry : unit.session().getPersistenceContextInternal().reentrantSafeEntityEntries()) {
        entities.add(entry.getKey());
      }
    }
    return entities;
  }

  private RuntimeException lockConflict(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      boolean lockFailure = cause instanceof PessimisticLockException
          || cause instanceof LockTimeoutException
          || cause instanceof org.hibernate.PessimisticLockException
          || cause instanceof LockAcquisitionException;
      String state = cause instanceof SQLException ? ((SQLException) cause).getSQLState() : null;
      if (lockFailure || (state != null && LOCK_STATES.contains(state))) {
        String what = "40P01".equals(state) ? "the database broke a deadlock between this request and another"
            : "40001".equals(state) ? "the database could not serialise this request with a concurrent one"
            : "90131".equals(state) ? "another request changed the same row at the same time"
            : "a record or key this request needed was locked by another request for more than " + lockTimeoutMillis + " ms";
        boolean timedOut = !"40P01".equals(state) && !"40001".equals(state) && !"90131".equals(state);
        LockConflictException conflict = new LockConflictException(what + "; nothing was written, retry the request", timedOut);
        conflict.initCause(e);
        return conflict;
      }
    }
    return null;
  }

  private VersionConflictException conflict(Throwable cause, RuntimeException original, Object written) {
    Object entity = cause instanceof OptimisticLockException ? ((OptimisticLockException) cause).getEntity() : null;
    if (entity == null) {
      entity = written;
    }
    StaleObjectStateException stale = null;
    for (Throwable c = original; c != null; c = c.getCause()) {
      if (c instanceof StaleObjectStateException) {
        stale = (StaleObjectStateException) c;
      }
    }
    String name = "record";
    Object id = null;
    Object version = null;
    if (entity != null) {
      EntityModel<?> model = catalog.modelOrNull(entity.getClass());
      if (model != null) {
        name = model.displayName();
        id = model.idOf(entity);
        version = model.versionOf(entity);
      }
    }
    if (stale != null) {
      id = id != null ? id : stale.getIdentifier();
      if (entity == null) {
        for (Class<?> type : catalog.types()) {
          if (type.getName().equals(stale.getEntityName())) {
            name = catalog.model(type).displayName();
          }
        }
      }
    }
    VersionConflictException conflict = new VersionConflictException(name, id, version, null);
    conflict.initCause(original);
    return conflict;
  }
}
