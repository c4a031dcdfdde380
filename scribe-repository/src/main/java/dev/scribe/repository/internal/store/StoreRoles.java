package dev.scribe.repository.internal.store;

import dev.scribe.core.Scribe;
import dev.scribe.entity.internal.EntityEventBridge;
import dev.scribe.repository.internal.unit.DatabaseLocks;
import dev.scribe.repository.internal.unit.ReferenceLocks;
import dev.scribe.repository.internal.unit.AwaitingWriteFlush;
import dev.scribe.repository.internal.unit.ScopedAutoFlush;
import dev.scribe.repository.internal.unit.UpdateJournal;
import dev.scribe.repository.internal.unit.Transactions;
import dev.scribe.repository.internal.unit.UnitState;

/**
 * The roles a {@code DataStore} is the front of, wired together from the builder's settings: Hibernate
 * started ({@link StoreBootstrap}), the repositories ({@link RepositoryRegistry}), the database's locks
 * ({@link DatabaseLocks}), publishing ({@link CommitPublishing}) and the units of work
 * ({@link Transactions}, which translate failures with {@link ErrorTranslation}).
 */
public final class StoreRoles {
  private final StoreBootstrap hibernate;
  private final RepositoryRegistry repositories;
  private final CommitPublishing publishing;
  private final DatabaseLocks locks;
  private final Transactions transactions;
  /** The connections of the store's own pool; 0 when the application gave its data source. */
  private final int poolSize;
  private final java.time.Duration connectionWait;
  /**
   * Permits for reads streamed to a client as it reads them (exports), which hold a connection for as long
   * as the client takes: half the pool, so that slow or stalled readers cannot take every connection.
   */
  private final java.util.concurrent.Semaphore streamingReads;
  private final int streamingReadLimit;
  /**
   * Permits for writing requests, which may wait on row locks while holding their connections: all of the
   * pool but a fifth (at least one), kept for reads, so that writers queued behind a long unit of work (a bulk
   * update) cannot take every connection; null (no limit) for a pool under 4 or the application's data source.
   */
  private final java.util.concurrent.Semaphore writeSlots;
  private final int writeSlotLimit;
  private final java.time.Duration retryAfter;

  public StoreRoles(Scribe scribe, StoreSettings settings) {
    EntityEventBridge bridge = new EntityEventBridge();
    this.hibernate = new StoreBootstrap(scribe, settings, bridge);
    this.repositories = new RepositoryRegistry(scribe, hibernate.catalog());
    this.locks = DatabaseLocks.of(hibernate.dialect(), settings.lockTimeout.toMillis());
    this.poolSize = settings.dataSource == null && settings.jdbcUrl != null ? settings.poolSize : 0;
    this.connectionWait = settings.connectionWait;
    this.streamingReadLimit = poolSize > 0 ? Math.max(1, poolSize / 2) : Integer.MAX_VALUE;
    this.streamingReads = new java.util.concurrent.Semaphore(streamingReadLimit, true);
    this.writeSlotLimit = poolSize >= 4 ? poolSize - Math.max(1, poolSize / 5) : Integer.MAX_VALUE;
    this.writeSlots = poolSize >= 4 ? new java.util.concurrent.Semaphore(writeSlotLimit, true) : null;
    this.retryAfter = settings.retryAfter;
    this.publishing = new CommitPublishing(settings.asyncExecutor);
    ErrorTranslation errors = new ErrorTranslation(hibernate.catalog(), hibernate.constraints(),
        retryAfterSeconds(settings.retryAfter), locks.timeoutMillis());
    this.transactions = new Transactions(scribe, hibernate.sessionFactory(), locks, errors, publishing,
        settings.scopedAutoFlush);
    UpdateJournal.install(hibernate.sessionFactoryImplementor(), transactions::current);
    if (locks.locksReferences()) {
      ReferenceLocks.install(hibernate.sessionFactoryImplementor(), transactions::current);
    }
    if (settings.scopedAutoFlush) {
      ScopedAutoFlush.install(hibernate.sessionFactoryImplementor(), transactions::current);
    }
    AwaitingWriteFlush.install(hibernate.sessionFactoryImplementor(), transactions::current);
    bridge.connect(hibernate.catalog(), () -> {
      UnitState unit = transactions.current();
      return unit == null ? null : unit.entities();
    });
  }

  /** Hibernate: the session factory, the entity catalogue, the binder and the params check. */
  public StoreBootstrap hibernate() {
    return hibernate;
  }

  public RepositoryRegistry repositories() {
    return repositories;
  }

  public CommitPublishing publishing() {
    return publishing;
  }

  public DatabaseLocks locks() {
    return locks;
  }

  /** The connections of the store's own pool; 0 when the application gave its data source (size unknown). */
  public int poolSize() {
    return poolSize;
  }

  /**
   * The permits of reads streamed to clients at their pace: half the store's own pool (at least one);
   * without limit when the application gave its data source, whose size the store does not know.
   */
  public java.util.concurrent.Semaphore streamingReads() {
    return streamingReads;
  }

  /** The number of reads streamed to clients that may run at once, or {@link Integer#MAX_VALUE} for no limit. */
  public int streamingReadLimit() {
    return streamingReadLimit;
  }

  /** The permits of writing requests (see {@link #writeSlotLimit}), or null when they are not limited. */
  public java.util.concurrent.Semaphore writeSlots() {
    return writeSlots;
  }

  /** How many writing requests may hold a connection at once, or {@link Integer#MAX_VALUE} for no limit. */
  public int writeSlotLimit() {
    return writeSlotLimit;
  }

  /**
   * The Retry-After proposed to a client refused for a saturated pool or an unreachable database, in the whole
   * seconds of RFC 9110's delta-seconds: at least 1, and rounded up, so that a client never comes back sooner than
   * the configured delay (toSeconds() cut 1500 ms to 1 s, and 999 ms to 0 s, which the message said).
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds(retryAfter);
  }

  private static long retryAfterSeconds(java.time.Duration delay) {
    return Math.max(1, delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0));
  }

  /** How long a request waits for a connection before a 503. */
  public java.time.Duration connectionWait() {
    return connectionWait;
  }

  public Transactions transactions() {
    return transactions;
  }

  /** Closes the session factory, the pool it opened and the owned validator factory, then the owned async executor. */
  public void close() {
    try {
      hibernate.close();
    } finally {
      publishing.close();
    }
  }
}
