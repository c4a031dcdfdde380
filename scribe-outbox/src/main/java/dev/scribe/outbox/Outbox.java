package dev.scribe.outbox;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.relay.ConnectionSource;
import dev.scribe.outbox.internal.relay.Dialect;
import dev.scribe.outbox.internal.relay.OutboxTable;
import dev.scribe.outbox.internal.relay.OutboxWriter;
import dev.scribe.outbox.internal.relay.PostgresWakeups;
import dev.scribe.outbox.internal.relay.Relay;
import dev.scribe.outbox.internal.relay.WakeSignal;
import dev.scribe.repository.DataStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * A transactional outbox on a {@link DataStore}: every unit of work writes its completed writes into the
 * outbox table in its own transaction (nothing for a rollback), and a relay in this instance publishes
 * them to the settings' {@link EventPublisher}. Several instances on one PostgreSQL database each run a
 * relay; they share the rows without publishing one twice in the normal course (rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and held for the lease), keep each aggregate's events in order, retry with exponential
 * back-off and dead-letter a row after the last attempt. On H2 one relay runs.
 *
 * <p>Delivery is at least once: a relay that dies between the broker's confirm and recording it leaves the
 * row to be published again (at once when its connection closes, after its lease otherwise); consumers
 * de-duplicate by the event id
 * ({@link ChangeConsumer} does).
 *
 * <pre>{@code
 * DataStore store = DataStore.builder(scribe).jdbcUrl(url).entities(Task.class).build();
 * Outbox outbox = Outbox.install(store, OutboxSettings.publishingTo(
 *     RabbitPublisher.create(URI.create("amqp://guest:guest@127.0.0.1:5672"), "scribe.changes")));
 * ...
 * outbox.close();   // before store.close()
 * }</pre>
 */
public final class Outbox implements AutoCloseable {
  /** The stores an outbox was installed on: a second one would write every event twice. */
  private static final Set<DataStore> INSTALLED = Collections.newSetFromMap(new WeakHashMap<>());

  private final DataStore store;
  private final OutboxTable table;
  private final OutboxSettings settings;
  private final ConnectionSource connections;
  private final WakeSignal wake = new WakeSignal();
  private final Relay relay;
  private final PostgresWakeups wakeups;
  /** Set by the first close: the publisher is the application's, and its close need not be idempotent. */
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private Outbox(DataStore store, OutboxSettings settings) {
    this.store = store;
    this.settings = settings;
    this.connections = new ConnectionSource(store.sessionFactory());
    try {
      Connection connection = connections.open();
      try {
        this.table = new OutboxTable(settings.table(), Dialect.of(connection));
        if (settings.createTable()) {
          createTable(connection);
        } else {
          requireTable(connection, settings.table());
        }
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      // the database's error kept as the cause: its SQL state and stack say whether the schema, a grant or the
      // connection was at fault
      throw new ConfigurationException("cannot create the outbox table " + settings.table() + ": " + e.getMessage(), e);
    }
    if (settings.publisher() != null) {
      this.relay = new Relay(table, settings, connections, wake);
      this.wakeups = table.dialect() == Dialect.POSTGRES
          ? new PostgresWakeups(connections, table.channel(), wake, settings.instanceId()) : null;
    } else {
      this.relay = null;
      this.wakeups = null;
    }
    store.addBeforeCommitListener(new OutboxWriter(table, settings.user(), settings.traceId(), wake::signal,
        this::relaying));
  }

  /**
   * Creates the outbox table when missing, makes every unit of work of {@code store} write its events into
   * it, and starts this instance's relay when the settings name a publisher. Install it before the first
   * write, once per store: a second install on the same store is refused, even after {@link #close}
   * (the first one's listener stays on the store).
   *
   * @throws ConfigurationException when {@code store} already has an outbox
   */
  public static Outbox install(DataStore store, OutboxSettings settings) {
    if (store == null) {
      throw new UsageException("Outbox.install(null, settings): pass the DataStore whose writes the outbox records");
    }
    if (settings == null) {
      throw new UsageException("Outbox.install(store, null): pass the settings, e.g. OutboxSettings.builder().build()"
          + " to write the table only or OutboxSettings.publishingTo(publisher) to relay it");
    }
    requireOpen(store);
    synchronized (INSTALLED) {
      if (!INSTALLED.add(store)) {
        throw new ConfigurationException("this DataStore already has an outbox; a second one would write every event"
            + " twice. Install one Outbox per store and share it");
      }
    }
    Outbox outbox;
    try {
      outbox = new Outbox(store, settings);
    } catch (RuntimeException e) {
      synchronized (INSTALLED) {
        INSTALLED.remove(store);
      }
      throw e;
    }
    if (outbox.wakeups != null) {
      outbox.wakeups.start();
    }
    if (outbox.relay != null) {
      outbox.relay.start();
    }
    return outbox;
  }

  /** The outbox table's name. */
  public String table() {
    return table.name();
  }

  /** True while this instance's relay runs (false without a publisher). */
  public boolean relaying() {
    return relay != null && relay.alive();
  }

  /** Wakes the relay now instead of at its next poll. */
  public void wake() {
    wake.signal();
  }

  /** The number of rows per status: {@code PENDING}, {@code PUBLISHED} and {@code DEAD}. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(OutboxTable.PENDING, 0L);
    counts.put(OutboxTable.PUBLISHED, 0L);
    counts.put(OutboxTable.DEAD, 0L);
    query("SELECT status, COUNT(*) FROM " + table.name() + " GROUP BY status", statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
      return null;
    });
    return counts;
  }

  /** Publishes the dead-lettered rows again, from their first attempt; returns how many. */
  public int replayDead() {
    return replay("status = '" + OutboxTable.DEAD + "'", statement -> { });
  }

  /**
   * Publishes every row written at or after {@code since} again (published, dead or pending); returns how many.
   * {@code Instant.MIN} replays every row, {@code Instant.MAX} none.
   */
  public int replaySince(Instant since) {
    if (since == null) {
      throw new UsageException("replaySince(null): pass the instant from which to publish the rows again, e.g."
          + " Instant.now().minus(Duration.ofHours(1))");
    }
    if (since.isAfter(LATEST_ROW)) {
      return 0; // no row is written after the year 9999, and no database timestamp reaches Instant.MAX
    }
    // before 1970 no row was written either: the beginning of time (Instant.MIN) replays every row, where
    // Timestamp.from overflowed and the database refused years its timestamps do not hold
    Instant from = since.isBefore(Instant.EPOCH) ? Instant.EPOCH : since;
    return replay("created_at >= ?", statement -> statement.setTimestamp(1, Timestamp.from(from)));
  }

  private static final Instant LATEST_ROW = Instant.parse("9999-12-31T23:59:59Z");

  /** Publishes the rows with these ids again; returns how many exist. */
  public int replay(Collection<UUID> ids) {
    if (ids == null) {
      throw new UsageException("replay(null): pass the ids of the rows to publish again (List.of() for none)");
    }
    // checked before the first row is replayed: each id is its own statement, so a null met halfway would
    // leave the ones before it replayed and the rest not
    for (UUID id : ids) {
      if (id == null) {
        throw new UsageException("replay(" + ids + "): the ids include null; pass the ids of existing rows only");
      }
    }
    int count = 0;
    for (UUID id : ids) {
      count += replay("id = ?", statement -> statement.setObject(1, id));
    }
    return count;
  }

  /**
   * Stops the relay after its round in flight, then closes the publisher. The store stays open. Closing a closed
   * outbox does nothing more (the publisher is closed once).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (relay != null) {
        relay.close();
      }
      if (wakeups != null) {
        wakeups.close();
      }
    } finally {
      if (settings.publisher() != null) {
        settings.publisher().close();
      }
    }
  }

  private int replay(String condition, Binder binder) {
    int count = query("UPDATE " + table.name() + " SET status = '" + OutboxTable.PENDING + "', attempts = 0,"
        + " next_attempt_at = CURRENT_TIMESTAMP, lease_owner = NULL, lease_until = NULL, published_at = NULL,"
        + " last_error = NULL WHERE " + condition, statement -> {
          binder.bind(statement);
          return statement.executeUpdate();
        });
    wake.signal();
    return count;
  }

  /**
   * Without createTable the table must be there: else the install passed and every write of the application then
   * failed at its commit, on an INSERT into a table that does not exist.
   */
  private static void requireTable(Connection connection, String name) {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT id FROM " + name + " WHERE 1 = 0").close();
    } catch (SQLException e) {
      try {
        if (!connection.getAutoCommit()) {
          connection.rollback();   // PostgreSQL refuses every later statement of a transaction after a failed one
        }
      } catch (SQLException ignored) {
        e.addSuppressed(ignored);
      }
      throw new ConfigurationException("the outbox table " + name + " cannot be read (" + e.getMessage() + ") and"
          + " createTable(false) keeps Outbox.install from creating it; create the table first (docs/outbox.md lists"
          + " its columns), name the existing one with table(...), or leave createTable on", e);
    }
  }

  private void createTable(Connection connection) throws SQLException {
    try {
      table.create(connection);
    } catch (SQLException e) {
      // Two instances starting together on PostgreSQL can both try to create the table; one wins.
      table.create(connection);
    }
  }

  /** Hibernate's own "Provider is closed" does not say which object or what to do. */
  private static void requireOpen(DataStore store) {
    if (store.sessionFactory().isClosed()) {
      throw new UsageException("this DataStore is closed; the outbox cannot reach its table. Build a new DataStore,"
          + " or close the store only after the last call to its outbox (outbox.close() first)");
    }
  }

  private <T> T query(String sql, Statement<T> work) {
    requireOpen(store);
    try {
      Connection connection = connections.open();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        T result = work.run(statement);
        connection.commit();
        return result;
      } finally {
        connections.release(connection);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("outbox statement on " + table.name() + " failed: " + e.getMessage(), e);
    }
  }

  private interface Statement<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }
}
