package dev.scribe.repository.internal.unit;

import dev.scribe.repository.LastWrite;
import java.util.List;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.resource.transaction.spi.TransactionCoordinator;
import org.hibernate.resource.transaction.spi.TransactionObserver;

/**
 * Sends a unit's {@link LastWrite}s inside Hibernate's commit, as its last step before the JDBC commit.
 * Hibernate's commit first runs its before-completion steps — the session's (its flush, the version checks and
 * increments of optimistic locks, the interceptor), then the registered synchronizations, then the observers
 * in the order they were added — and then calls {@code Connection.commit()}, with nothing in between. Added just
 * before the commit, this observer is the last of them, so nothing the unit sends follows the last write, which
 * may therefore carry the COMMIT itself; the JDBC commit then has nothing left to send (pgjdbc sends no COMMIT
 * for a transaction the server reports ended). A failure here fails the commit: Hibernate rolls back (nothing
 * to send when the COMMIT already failed) and throws it from the commit.
 */
final class LastWrites implements TransactionObserver {
  private final SessionImplementor session;
  private final List<LastWrite> writes;
  private final boolean mayCommit;

  private LastWrites(SessionImplementor session, List<LastWrite> writes, boolean mayCommit) {
    this.session = session;
    this.writes = writes;
    this.mayCommit = mayCommit;
  }

  /** Makes the commit of {@code unit}'s transaction, which comes next, send its last writes first. */
  static void beforeCommitOf(UnitState unit) {
    if (unit.hasLastWrites()) {
      TransactionCoordinator coordinator = unit.session().getTransactionCoordinator();
      // a JTA transaction (an application's own Hibernate settings) is committed by its manager, not by a COMMIT
      boolean mayCommit = !coordinator.getTransactionCoordinatorBuilder().isJta();
      coordinator.addObserver(new LastWrites(unit.session(), List.copyOf(unit.lastWrites()), mayCommit));
    }
  }

  @Override
  public void afterBegin() {}

  @Override
  public void beforeCompletion() {
    // doWork translates an SQLException with the dialect, as the unit's other statements are
    session.doWork(connection -> {
      int last = writes.size() - 1;
      for (int i = 0; i <= last; i++) {
        writes.get(i).write(connection, mayCommit && i == last);
      }
    });
  }

  @Override
  public void afterCompletion(boolean successful, boolean delayed) {
    session.getTransactionCoordinator().removeObserver(this);
  }
}
