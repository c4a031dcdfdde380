package dev.scribe.repository.internal.unit;

import org.hibernate.SessionEventListener;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * Counts the JDBC statements one unit of work prepares on its connection, so that a failure can tell whether
 * it came from the first of them: a connection the pool handed out dead, on which nothing succeeded. Preparing
 * sends nothing; the statement is sent right after. Confined to the unit's thread.
 */
final class FirstStatementWatch implements SessionEventListener {
  private static final long serialVersionUID = 1L;

  private int prepared;

  /** Starts counting the statements of {@code session}. */
  static FirstStatementWatch on(SessionImplementor session) {
    FirstStatementWatch watch = new FirstStatementWatch();
    session.addEventListeners(watch);
    return watch;
  }

  @Override
  public void jdbcPrepareStatementStart() {
    prepared++;
  }

  /** True when exactly one statement was prepared: a failure now is that of the connection's first use. */
  boolean atFirstStatement() {
    return prepared == 1;
  }
}
