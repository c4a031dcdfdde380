package dev.scribe.outbox.internal.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the outbox's PostgreSQL notifications on a connection of its own and wakes the relay, so
 * that a commit on any instance reaches the broker without waiting for the next poll. When the connection
 * fails the relay still polls; this thread reconnects after a pause.
 */
public final class PostgresWakeups implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWakeups.class);

  private final ConnectionSource connections;
  private final String channel;
  private final WakeSignal wake;
  private final Thread thread;
  private volatile boolean running = true;

  public PostgresWakeups(ConnectionSource connections, String channel, WakeSignal wake, String instanceId) {
    this.connections = connections;
    this.channel = channel;
    this.wake = wake;
    this.thread = new Thread(this::run, "scribe-outbox-listen-" + instanceId);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      Connection connection = null;
      try {
        connection = connections.open();
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        connection.commit();
        PGConnection postgres = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = postgres.getNotifications(250);
          if (notifications != null && notifications.length > 0) {
            wake.signal();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running && connections.closed()) {
          return;  // the store was closed before the outbox; the relay stops too and says so
        }
        if (running) {
          LOG.warn("outbox: LISTEN {} failed, the relay polls until it reconnects: {}", channel, e.toString());
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      } finally {
        if (connection != null) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN " + channel);
            connection.commit();
          } catch (SQLException | RuntimeException ignored) {
            // the connection is broken and goes back to the pool as such
          }
          connections.release(connection);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
