package dev.scribe.entity.internal;

import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.FlushEvent;
import org.hibernate.event.spi.FlushEventListener;

/**
 * Runs after Hibernate's own flush listeners: sends what is left in the session's JDBC batch, so a
 * flush — explicit, before a query, or at commit — always leaves every executed insert in the database,
 * then runs the entity post events queued during the flush.
 */
final class PendingBatchFlusher implements FlushEventListener, AutoFlushEventListener {
  private static final long serialVersionUID = 1L;

  private final transient EntityEventBridge bridge;

  PendingBatchFlusher(EntityEventBridge bridge) {
    this.bridge = bridge;
  }

  @Override
  public void onFlush(FlushEvent event) {
    send(event.getSession());
  }

  @Override
  public void onAutoFlush(AutoFlushEvent event) {
    send(event.getSession());
  }

  @Override
  public void onAutoPreFlush(EventSource source) {
    send(source);
  }

  private void send(EventSource session) {
    session.getJdbcCoordinator().executeBatch();
    bridge.runDeferred();
  }
}
