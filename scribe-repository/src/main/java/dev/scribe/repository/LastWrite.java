package dev.scribe.repository;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Statements a unit of work sends last, just before its commit ({@link UnitOfWork#commitWith}), on its own
 * connection: after the before-commit listeners, the commit's flush and every step of the commit that could
 * still write. The last one may end the transaction itself with a COMMIT sent in the same round trip as its
 * statements (on PostgreSQL: {@code INSERT ...; COMMIT} as one statement string); the commit then finds the
 * transaction ended and sends nothing.
 */
@FunctionalInterface
public interface LastWrite {

  /**
   * Sends the write on {@code connection}. {@code mayCommit}: true for the unit's last one, which may append a
   * COMMIT to its statement; the others must leave the transaction open, or what comes after them would run
   * in a transaction of its own. False for every one in a JTA transaction, which its manager commits. An
   * exception fails the unit of work as a failed commit does: nothing of it is committed, unless the
   * connection broke ({@link CommitOutcomeUnknownException}).
   */
  void write(Connection connection, boolean mayCommit) throws SQLException;
}
