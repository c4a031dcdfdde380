package dev.scribe.repository.internal.unit;

import dev.scribe.repository.LockConflictException;
import dev.scribe.repository.UnitOfWork;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks keyed by a value, held by a unit of work until it ends ({@link UnitOfWork#lock}). Two kinds:
 * PostgreSQL's transaction-level advisory locks, which hold across every process on the database, and
 * locks inside this JVM for every other database (H2 embedded is opened by one process).
 */
abstract class KeyLocks {
  /** Waits for the lock on {@code hash} ({@code key} names it in messages), up to the store's lock timeout. */
  abstract void acquire(UnitState unit, String key, long hash);

  /** Releases the unit's locks once its transaction has ended; database locks end with the transaction. */
  abstract void release(UnitState unit, long hash);

  static String timeoutMessage(String key, long timeoutMillis) {
    return "another request held the lock on " + key + " for more than " + timeoutMillis
        + " ms; nothing was written, retry the request";
  }

  /** PostgreSQL: {@code pg_advisory_xact_lock}, bounded by the transaction's {@code lock_timeout}. */
  static final class Advisory extends KeyLocks {
    @Override
    void acquire(UnitState unit, String key, long hash) {
      unit.prepareLockWait();
      unit.entityManager().createNativeQuery("select pg_advisory_xact_lock(?1)")
          .setParameter(1, hash)
          .getSingleResult();
    }

    @Override
    void release(UnitState unit, long hash) {
      // Transaction-level advisory locks are released by the commit or rollback itself.
    }
  }

  /** One fair lock per key, in this JVM; entries exist only while a unit of work holds or waits for them. */
  static final class InProcess extends KeyLocks {
    private final ConcurrentHashMap<Long, Entry> locks = new ConcurrentHashMap<>();
    private final long timeoutMillis;

    InProcess(long timeoutMillis) {
      this.timeoutMillis = timeoutMillis;
    }

    @Override
    void acquire(UnitState unit, String key, long hash) {
      Entry entry = locks.compute(hash, (h, existing) -> {
        Entry e = existing != null ? existing : new Entry();
        e.users++;
        return e;
      });
      boolean locked = false;
      try {
        locked = entry.lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (!locked) {
          leave(hash);
        }
      }
      if (!locked) {
        throw new LockConflictException(timeoutMessage(key, timeoutMillis), true);
      }
    }

    @Override
    void release(UnitState unit, long hash) {
      Entry entry = locks.get(hash);
      if (entry != null && entry.lock.isHeldByCurrentThread()) {
        entry.lock.unlock();
        leave(hash);
      }
    }

    private void leave(long hash) {
      locks.computeIfPresent(hash, (h, e) -> --e.users == 0 ? null : e);
    }

    private static final class Entry {
      final ReentrantLock lock = new ReentrantLock(true);
      int users;
    }
  }
}
