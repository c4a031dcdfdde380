package dev.scribe.entity.internal;

import java.util.function.Supplier;
import org.hibernate.engine.jdbc.batch.internal.BatchBuilderImpl;
import org.hibernate.engine.jdbc.batch.spi.Batch;
import org.hibernate.engine.jdbc.batch.spi.BatchBuilder;
import org.hibernate.engine.jdbc.batch.spi.BatchKey;
import org.hibernate.engine.jdbc.batch.spi.BatchObserver;
import org.hibernate.engine.jdbc.mutation.JdbcValueBindings;
import org.hibernate.engine.jdbc.mutation.TableInclusionChecker;
import org.hibernate.engine.jdbc.mutation.group.PreparedStatementGroup;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * Lets a repository insert one record at a time — so that each record's INSERT and {@code postPersist}
 * happen before its {@code processResults} and {@code post} events — without giving up JDBC batching.
 *
 * <p>{@link #executeInserts} runs Hibernate's queued insert actions (each adds its statement to the JDBC
 * batch and fires {@code postPersist}) and leaves the statements in the open batch instead of sending a
 * batch of one: Hibernate's trailing "execute the batch" at the end of the insert actions is deferred.
 * The batch is sent as usual when it is full, when a statement of another kind or table comes, at every
 * flush (explicit, automatic before a query, or at commit; {@link ScribeIntegrator} hooks the flush
 * events), so rows become visible to SQL exactly when rows persisted through plain Hibernate would.
 * Every other use of the batch is Hibernate's standard behaviour.
 *
 * <p>Install it with the setting {@code hibernate.jdbc.batch.builder}. Thread-safe.
 */
public final class InsertBatching implements BatchBuilder {
  private static final long serialVersionUID = 1L;

  private final transient BatchBuilderImpl standard;
  private final transient ThreadLocal<SessionImplementor> window = new ThreadLocal<>();

  /** Batches of {@code batchSize} statements (the {@code hibernate.jdbc.batch_size} setting). */
  public InsertBatching(int batchSize) {
    this.standard = new BatchBuilderImpl(batchSize);
  }

  /** Executes the session's queued inserts; their statements stay in the open JDBC batch. */
  public void executeInserts(SessionImplementor session) {
    window.set(session);
    try {
      session.getActionQueue().executeInserts();
    } finally {
      // Cleared rather than removed: the thread's entry is reused by its next record instead of reallocated.
      window.set(null);
    }
  }

  @Override
  public Batch buildBatch(BatchKey key, Integer batchSize, Supplier<PreparedStatementGroup> statementGroupSupplier,
      JdbcCoordinator jdbcCoordinator) {
    return new DeferrableBatch(standard.buildBatch(key, batchSize, statementGroupSupplier, jdbcCoordinator),
        jdbcCoordinator);
  }

  /**
   * True for the one "execute the batch" Hibernate runs right after the insert actions of
   * {@link #executeInserts}: the session is in the window and its insert list has just been cleared.
   */
  private boolean defers(JdbcCoordinator coordinator) {
    SessionImplementor session = window.get();
    return session != null && session.getJdbcCoordinator() == coordinator
        && session.getActionQueue().numberOfInsertions() == 0;
  }

  /** Hibernate's batch, whose trailing execute-and-release after {@link #executeInserts} is skipped. */
  private final class DeferrableBatch implements Batch {
    private final Batch delegate;
    private final JdbcCoordinator coordinator;
    private boolean deferred;

    DeferrableBatch(Batch delegate, JdbcCoordinator coordinator) {
      this.delegate = delegate;
      this.coordinator = coordinator;
    }

    @Override
    public BatchKey getKey() {
      return delegate.getKey();
    }

    @Override
    public void addObserver(BatchObserver observer) {
      delegate.addObserver(observer);
    }

    @Override
    public PreparedStatementGroup getStatementGroup() {
      return delegate.getStatementGroup();
    }

    @Override
    public void addToBatch(JdbcValueBindings jdbcValueBindings, TableInclusionChecker inclusionChecker) {
      delegate.addToBatch(jdbcValueBindings, inclusionChecker);
    }

    @Override
    public void execute() {
      if (defers(coordinator)) {
        deferred = true;
        return;
      }
      deferred = false;
      delegate.execute();
    }

    @Override
    public void release() {
      if (deferred && defers(coordinator)) {
        return;
      }
      deferred = false;
      delegate.release();
    }

    @Override
    public String toString() {
      return "DeferrableBatch(" + delegate + ")";
    }
  }
}
