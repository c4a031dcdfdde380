package dev.scribe.repository.internal.store;

import dev.scribe.core.Scribe;
import dev.scribe.core.Trace;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares into the trace open on the thread, so that a traced unit of
 * work reports how many statements it sent. Installed only when the kernel traces; leaves the SQL as is.
 */
final class TraceStatementCounter implements StatementInspector {
  private static final long serialVersionUID = 1L;

  private final transient Scribe scribe;

  TraceStatementCounter(Scribe scribe) {
    this.scribe = scribe;
  }

  @Override
  public String inspect(String sql) {
    Trace trace = scribe.currentTrace();
    if (trace != null) {
      trace.statementPrepared();
    }
    return sql;
  }
}
