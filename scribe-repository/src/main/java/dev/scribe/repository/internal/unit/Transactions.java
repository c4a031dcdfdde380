package dev.scribe.repository.internal.unit;

import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import dev.scribe.core.TraceScope;
import dev.scribe.core.UsageException;
import dev.scribe.repository.CommitOutcomeUnknownException;
import dev.scribe.repository.ConstraintConflictException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.LockConflictException;
import dev.scribe.repository.VersionConflictException;
import dev.scribe.repository.internal.ValueAccess;
import dev.scribe.repository.internal.store.CommitPublishing;
import dev.scribe.repository.internal.store.ErrorTranslation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * The units of work of a {@link DataStore}, one per thread: opens one or joins the open one, commits it and
 * hands its completed writes to {@link CommitPublishing}, rolls it back on a failure (translated by
 * {@link ErrorTranslation}), runs a unit again when it lost a race, and carries the user of
 * {@link DataStore#actingAs}. Thread-safe; each unit is confined to the thread that opened it.
 */
public final class Transactions {
  private final Scribe scribe;
  private final SessionFactory sessionFactory;
  private final DatabaseLocks locks;
  private final ErrorTranslation errors;
  private final CommitPublishing publishing;
  private final boolean scopedAutoFlush;
  private final ThreadLocal<UnitState> units = new ThreadLocal<>();
  /** Set by {@link #retrying} while it runs its work again to attribute a constraint violation to its record. */
  private final ThreadLocal<Boolean> oneAtATime = new ThreadLocal<>();
  /** Set by {@link #retrying} while it runs: the records of ignoreErrors batches it runs again without. */
  private final ThreadLocal<DroppedRecords> dropped = new ThreadLocal<>();
  /** The caller of the work {@link #actingAs} runs on this thread: the user of every unit of work it opens. */
  private final ThreadLocal<Object> actingUser = new ThreadLocal<>();
  /**
   * {@link #actingUser} for work done for an anonymous caller: its units of work are anonymous from the start,
   * and a call naming a user of its own does not make it theirs.
   */
  private static final Object ANONYMOUS = new Object();

  public Transactions(Scribe scribe, SessionFactory sessionFactory, DatabaseLocks locks, ErrorTranslation errors,
      CommitPublishing publishing, boolean scopedAutoFlush) {
    this.scribe = scribe;
    this.sessionFactory = sessionFactory;
    this.locks = locks;
    this.errors = errors;
    this.publishing = publishing;
    this.scopedAutoFlush = scopedAutoFlush;
  }

  /** The unit of work open on this thread, or null. */
  public UnitState current() {
    return units.get();
  }

  /** The unit of work open on this thread; a {@link UsageException} when none is. */
  public UnitState require() {
    UnitState unit = units.get();
    if (unit == null) {
      throw new UsageException("no unit of work is open on this thread; call it inside store.inTransaction(...)");
    }
    return unit;
  }

  /** {@code e} translated in the unit open on this thread; see {@link ErrorTranslation#translate}. */
  public RuntimeException translate(RuntimeException e, Object written) {
    return errors.translate(e, written, units.get());
  }

  /** See {@link DataStore#inTransaction(Supplier)}. */
  public <T> T inTransaction(Supplier<T> work) {
    UnitState current = units.get();
    if (current != null) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        RuntimeException translated = translate(e, null);
        current.failed(translated);
        throw translated;
      } catch (Exception checked) {
        ScribeException failure = undeclared(checked); // fails the unit its caller may go on in, as any failure does
        current.failed(failure);
        throw failure;
      }
    }
    if (sessionFactory.isClosed()) {
      // Hibernate's own "EntityManagerFactory is closed" does not say which object or what to do
      throw new UsageException("this DataStore is closed; it cannot open a unit of work. Build a new DataStore, or"
          + " close the store only after the last call to its repositories");
    }
    Attempt first = new Attempt(true);
    try {
      return run(work, first);
    } catch (RuntimeException failure) {
      if (!first.runAgain) {
        throw failure;
      }
      try {
        return run(work, new Attempt(false));
      } catch (RuntimeException again) {
        again.addSuppressed(failure);
        throw again;
      }
    }
  }

  /**
   * One run of a unit of work opened on this thread. When {@code attempt} may be followed by another, it says
   * whether its failure was that of a dead connection met by its first statement (see {@link #deadAtFirstUse}).
   */
  private <T> T run(Supplier<T> work, Attempt attempt) {
    EntityManager entityManager = sessionFactory.createEntityManager();
    TraceScope trace = scribe.openTrace();
    UnitState unit = new UnitState(entityManager, trace, (refused, entity) -> errors.refusedRow(refused, entity, units.get()));
    locks.equip(unit);
    unit.writeOneAtATime(Boolean.TRUE.equals(oneAtATime.get()));
    unit.scopedFlush(scopedAutoFlush);
    Object acting = actingUser.get();
    if (acting != null) {
      unit.setUser(acting == ANONYMOUS ? null : acting);
    }
    units.set(unit);
    FirstStatementWatch statements = FirstStatementWatch.on(unit.session());
    EntityTransaction transaction = entityManager.getTransaction();
    T result;
    boolean committed = false;
    boolean ending = false;
    boolean outcomeUnknown = false;
    Throwable thrown = null;
    try {
      begin(transaction);
      result = work.get();
      if (unit.failure() != null) {
        throw unit.failure();
      }
      if (unit.rollbackOnly()) {
        ending = true;
        transaction.rollback();
      } else {
        publishing.beforeCommit(unit);
        // Flushed before the commit, so that a refused statement is translated while its entity is still managed.
        CommitFlush.run(unit);
        // Nothing runs between that flush and the commit that could change an entity, so the commit's own
        // flush would only walk every managed entity again (a cascade and a dirty check each).
        entityManager.unwrap(Session.class).setHibernateFlushMode(FlushMode.MANUAL);
        LastWrites.beforeCommitOf(unit);
        try {
          ending = true;
          transaction.commit();
        } catch (RuntimeException e) {
          RuntimeException failure = errors.translateCommitFailure(e, unit);
          outcomeUnknown = failure instanceof CommitOutcomeUnknownException;
          throw failure;
        }
        committed = true;
      }
    } catch (RuntimeException | Error e) {
      // Translated before the rollback, which detaches the entities that tell which attribute failed.
      RuntimeException failure = e instanceof Error ? null
          : unit.failure() != null ? unit.failure() : translate((RuntimeException) e, null);
      rollbackQuietly(transaction, e);
      thrown = failure != null ? failure : e;
      attempt.runAgain = !attempt.last && !ending && statements.atFirstStatement() && deadAtFirstUse(failure);
      if (failure != null) {
        throw failure;
      }
      throw e;
    } catch (Exception checked) {
      // A checked exception the work or a listener threw without declaring it (Kotlin code may): without this it
      // passed the rollback above, and every caller that handles a unit's runtime failures (onError, preStop)
      ScribeException failure = undeclared(checked);
      rollbackQuietly(transaction, checked);
      thrown = failure;
      throw failure;
    } finally {
      unit.end();
      unit.releaseLocks();
      units.remove();
      trace.close();
      if (!committed) {
        RuntimeException closeFailure = closeAfterFailure(entityManager, thrown);
        if (outcomeUnknown) {
          publishing.outcomeUnknown(unit);
        } else {
          publishing.afterRollback(unit);
        }
        if (closeFailure != null) {
          throw closeFailure;
        }
      }
    }
    try {
      if (committed) {
        publishing.afterCommit(unit);
      }
    } finally {
      entityManager.close();
    }
    return result;
  }

  /** The failure of a unit of work whose code threw {@code checked} without declaring it. */
  private static ScribeException undeclared(Exception checked) {
    return new ScribeException("the unit of work failed with " + checked + ", a checked exception its code threw"
        + " without declaring it; it is the cause of this ScribeException, and nothing was committed", checked);
  }

  /**
   * True for the failure of a connection that was dead when the pool handed it out: a connection exception
   * (SQL state class 08, which drivers and pools give a closed or broken connection) or the server having
   * terminated that connection's process (PostgreSQL's 57P01), and not a commit whose outcome is unknown.
   * HikariCP evicts a connection failing with those states, so another run gets another connection. Only asked
   * when the failing statement was the unit's first: nothing it sent succeeded, so nothing can have been
   * written, whether the unit reads or writes. A database that closed itself (H2's own states) is not one of
   * them: another connection would meet it closed as well.
   */
  private static boolean deadAtFirstUse(RuntimeException failure) {
    if (failure == null || failure instanceof CommitOutcomeUnknownException) {
      return false;
    }
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
      if (cause instanceof SQLException) {
        String state = ((SQLException) cause).getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * One run of a unit of work: whether it is the last one the unit gets, and, after it failed, whether it
   * should be run again on another connection.
   */
  private static final class Attempt {
    final boolean last;
    boolean runAgain;

    Attempt(boolean mayRunAgain) {
      this.last = !mayRunAgain;
    }
  }

  /**
   * Begins the unit's transaction. A connection that fails before anything was sent on it (a database that
   * closed, a pooled connection evicted as broken) is one the database cannot serve: a JDBC connection
   * failure, which the unit reports as {@code DatabaseUnavailableException}, whatever SQL state the driver
   * or the pool gave it.
   */
  private static void begin(EntityTransaction transaction) {
    try {
      transaction.begin();
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof java.sql.SQLException) {
          throw new org.hibernate.exception.JDBCConnectionException("cannot begin a transaction: " + cause.getMessage(),
              (java.sql.SQLException) cause);
        }
      }
      throw e;
    }
  }

  /**
   * Closes the unit's entity manager; when a failure is on its way to the caller, a failure to release the
   * connection (a broken or closed database) is added to it rather than thrown in its place. Otherwise that
   * failure, translated, is returned for the caller to throw once the unit's rollback actions have run.
   */
  private RuntimeException closeAfterFailure(EntityManager entityManager, Throwable thrown) {
    try {
      entityManager.close();
      return null;
    } catch (RuntimeException closeFailure) {
      if (thrown == null) {
        return translate(closeFailure, null);
      }
      thrown.addSuppressed(closeFailure);
      return null;
    }
  }

  private static void rollbackQuietly(EntityTransaction transaction, Throwable cause) {
    try {
      if (transaction.isActive()) {
        transaction.rollback();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** See {@link DataStore#retrying(int, Supplier)}. */
  public <T> T retrying(int retries, Supplier<T> work) {
    if (units.get() != null) {
      return work.get();
    }
    boolean replayed = false;
    boolean waitedOut = false;
    int attempt = 0;
    DroppedRecords droppedRecords = new DroppedRecords();
    dropped.set(droppedRecords);
    try {
      while (true) {
        try {
          if (replayed) {
            oneAtATime.set(Boolean.TRUE);
          }
          return work.get();
        } catch (DroppedRecords.Dropped e) {
          if (!droppedRecords.add(e)) {
            throw e.reported;
          }
        } catch (ConstraintConflictException e) {
          if (ValueAccess.attributed(e) || replayed) {
            throw e;
          }
          replayed = true;
        } catch (VersionConflictException | LockConflictException e) {
          boolean timedOut = e instanceof LockConflictException && ((LockConflictException) e).timedOut();
          // A wait that timed out already took the whole lock timeout: once more covers a lock held by a
          // unit that has since ended (or a cycle the other side broke by timing out too); every run after
          // that would most likely wait out the same long unit again, keeping the caller the more.
          if (attempt >= retries || !retryable(e) || (timedOut && waitedOut)) {
            throw e;
          }
          waitedOut |= timedOut;
          pause(attempt++);
        } finally {
          oneAtATime.remove();
        }
      }
    } finally {
      dropped.remove();
    }
  }

  /** The records {@link #retrying} runs again without, or null outside it. */
  public DroppedRecords droppedRecords() {
    return dropped.get();
  }

  /** True for a failure that another run of the same unit of work may not meet: a lost race. */
  public static boolean retryable(Throwable failure) {
    if (failure instanceof LockConflictException) {
      return true;
    }
    return failure instanceof VersionConflictException && ((VersionConflictException) failure).actualVersion() == null;
  }

  /** A random pause, growing with the attempt, so that the losers of one race do not meet again at once. */
  private static void pause(int attempt) {
    long bound = Math.min(200, 10L << Math.min(attempt, 4));
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockConflictException("interrupted while waiting to run the unit of work again");
    }
  }

  /**
   * See {@link DataStore#actingAs}. A nested call naming a user runs its work as that user, also in the unit of
   * work already open, and the outer one is back after it, returned or thrown; one naming none (an in-process
   * action whose request has no user) keeps the outer caller.
   */
  public <T> T actingAs(Object user, Supplier<T> work) {
    Object outer = actingUser.get();
    if (outer != null && user == null) {
      return work.get();
    }
    actingUser.set(user == null ? ANONYMOUS : user);
    UnitState open = units.get();
    Object openUser = open == null ? null : open.user();
    boolean openUserSet = open != null && open.userSet();
    if (open != null) {
      open.setUser(user);
    }
    try {
      return work.get();
    } finally {
      if (open != null && open.user() == user) {
        // unless the work itself named another caller for the unit (a login)
        open.restoreUser(openUser, openUserSet);
      }
      if (outer == null) {
        actingUser.remove();
      } else {
        actingUser.set(outer);
      }
    }
  }
}
