package dev.scribe.outbox.internal.relay;

import dev.scribe.outbox.BrokerUnavailableException;
import dev.scribe.outbox.EventPublisher;
import dev.scribe.outbox.OutboxEvent;
import dev.scribe.outbox.OutboxSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's relay: a thread that claims due outbox rows, hands them to the publisher and records the
 * outcome. Rows are held while in flight — on PostgreSQL by the round's row locks, which PostgreSQL lets go
 * once the round's transaction idles longer than the lease ({@link #lockedRound}), on H2 and after a slow
 * publish by a lease written with the claim — so a relay that dies leaves them to the others by the lease at
 * the latest; each aggregate's rows go out in sequence order, never one before an earlier one is published.
 */
public final class Relay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final long CLEANUP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  /**
   * How long close() waits at least for the round in flight: a lease shorter than a round (1 ms, say) gave it
   * no time at all, and the publisher was interrupted mid-publish, its rows to go out again.
   */
  private static final long CLOSE_PATIENCE_MILLIS = 10_000;
  /** PostgreSQL: the transaction's commit does not wait for the disk ({@link #commitBookkeeping}). */
  private static final String ASYNCHRONOUS_COMMIT = "SET LOCAL synchronous_commit TO OFF";
  /**
   * {@link #ASYNCHRONOUS_COMMIT} for a statement sent on an auto-committing connection in the same string:
   * pgjdbc sends the two in one round trip, ended by one Sync, and PostgreSQL runs the statements up to a Sync
   * in one transaction, which it commits at the Sync. A function call rather than {@code SET LOCAL}, which
   * warns there ("can only be used in transaction blocks") although it applies all the same.
   */
  private static final String ASYNCHRONOUS_ONE_TRIP = "SELECT set_config('synchronous_commit', 'off', true);";
  /**
   * {@link #ASYNCHRONOUS_ONE_TRIP} for the settle, which is also planned with sequential scans off. pgjdbc keeps
   * it prepared on its connection, and PostgreSQL its generic plan, made a few rounds after the table was
   * created — nearly empty, never analysed — and kept until the table is analysed: a sequential scan, which
   * then read every row of the table each round, the published rows that stay for the retention (7 days) and
   * their dead versions included, to find the round's ids, which the primary key finds at any size of the table.
   * (The claim is left to the planner: with sequential scans off it drained a backlog of 5,000 rows more slowly.)
   */
  private static final String SETTLE_ONE_TRIP =
      "SELECT set_config('synchronous_commit', 'off', true), set_config('enable_seqscan', 'off', true);";

  private final OutboxTable table;
  /**
   * Sent with the locked claim: the round's commit does not wait for the disk ({@link #commitBookkeeping}), and
   * PostgreSQL ends the session when the round's transaction idles longer than the lease.
   */
  private final String lockedClaimSetup;
  private final OutboxSettings settings;
  private final ConnectionSource connections;
  private final EventPublisher publisher;
  private final WakeSignal wake;
  private final Thread thread;
  private volatile boolean running = true;
  /** Counted down by {@link #close}: ends a pause (a linger, a back-off) at once. */
  private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
  private long lastCleanup = System.nanoTime();
  /** How long the last call of the publisher with a round's batch took ({@link #brokerSlow}). */
  private long lastPublishNanos;
  private boolean brokerDown;

  public Relay(OutboxTable table, OutboxSettings settings, ConnectionSource connections, WakeSignal wake) {
    this.table = table;
    this.settings = settings;
    this.connections = connections;
    this.publisher = settings.publisher();
    this.wake = wake;
    // the setting takes at most Integer.MAX_VALUE ms (about 24 days); a longer lease is held that long
    long timeoutMillis = Math.min(settings.lease().toMillis(), Integer.MAX_VALUE);
    this.lockedClaimSetup = "SELECT set_config('synchronous_commit', 'off', true),"
        + " set_config('idle_in_transaction_session_timeout', '" + timeoutMillis + "', true);";
    this.thread = new Thread(this::run, "scribe-outbox-relay-" + settings.instanceId());
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public boolean alive() {
    return thread.isAlive();
  }

  private void run() {
    long brokerBackoff = 0;
    int failedRounds = 0; // in a row, for another reason than the broker (the database unreachable, say)
    while (running) {
      try {
        int claimed = round();
        if (brokerDown) {
          LOG.info("outbox relay {}: the broker is reachable again", settings.instanceId());
          brokerDown = false;
        }
        if (failedRounds > 0) {
          LOG.info("outbox relay {}: relaying again after {} failed rounds", settings.instanceId(), failedRounds);
          failedRounds = 0;
        }
        brokerBackoff = 0;
        if (claimed > 0 && claimed < settings.batchSize() && !settings.linger().isZero()
            && !pause(settings.linger().toMillis())) {
          return;
        }
        if (claimed < settings.batchSize()) {
          wake.await(settings.pollInterval());
        }
      } catch (BrokerUnavailableException e) {
        if (!brokerDown) {
          LOG.warn("outbox relay {}: the broker is unavailable, events wait in the outbox: {}", settings.instanceId(),
              e.getMessage());
          brokerDown = true;
        }
        brokerBackoff = brokerBackoff == 0 ? 100 : Math.min(brokerBackoff * 2, 5_000);
        if (!pause(brokerBackoff)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        if (connections.closed()) {
          // the store was closed before the outbox: no round can succeed again, and failing one every poll
          // interval for the life of the process only filled the log
          LOG.warn("outbox relay {}: its DataStore is closed, so the relay stops; close the outbox before the store",
              settings.instanceId());
          return;
        }
        // the first failure with its stack trace, the ones after it (a database outage fails every round) in a line
        if (failedRounds++ == 0) {
          LOG.warn("outbox relay {}: a round failed, retrying: {}", settings.instanceId(), e.toString(), e);
        } else {
          LOG.warn("outbox relay {}: round {} failed too, retrying: {}", settings.instanceId(), failedRounds,
              e.toString());
        }
        if (!pause(settings.pollInterval().toMillis())) {
          return;
        }
      }
    }
  }

  /** Waits {@code millis} unless the relay is closed meanwhile; false when it was. */
  private boolean pause(long millis) {
    try {
      stopping.await(millis, TimeUnit.MILLISECONDS);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** Claims, publishes and settles one batch; returns how many rows it claimed. */
  int round() throws SQLException, BrokerUnavailableException, InterruptedException {
    if (table.dialect == Dialect.POSTGRES && !brokerSlow()) {
      return lockedRound();
    }
    List<OutboxEvent> batch = claim();
    if (batch.isEmpty()) {
      cleanUpNowAndThen();
      return 0;
    }
    Map<UUID, String> failures;
    try {
      failures = timedPublish(batch);
    } catch (BrokerUnavailableException | InterruptedException e) {
      release(batch);
      throw e;
    } catch (RuntimeException e) {
      publishAlone(batch, e);
      return batch.size();
    }
    settle(batch, failures);
    return batch.size();
  }

  /**
   * PostgreSQL: one transaction per round. The claim locks the round's rows ({@code FOR UPDATE SKIP LOCKED})
   * and writes nothing; the rows stay locked while they are published, and the outcome is written and
   * committed with them in one round trip, the locks released by that commit. The lease is the
   * transaction's own: PostgreSQL ends a session idle in a transaction longer than the lease
   * ({@code idle_in_transaction_session_timeout}), which rolls the round back and frees its rows for any
   * relay, as an expired lease would; a relay whose process dies frees them at once, with its connection.
   */
  private int lockedRound() throws SQLException, BrokerUnavailableException, InterruptedException {
    Connection connection = connections.open();
    try {
      List<OutboxEvent> batch = claimLocked(connection);
      if (batch.isEmpty()) {
        connections.release(connection); // its rollback ends the transaction of the claim, which locked nothing
        connection = null;
        cleanUpNowAndThen();
        return 0;
      }
      Map<UUID, String> failures;
      try {
        failures = timedPublish(batch);
      } catch (BrokerUnavailableException | InterruptedException e) {
        connection.rollback(); // the rows go back to the outbox as they were
        throw e;
      } catch (RuntimeException e) {
        publishAlone(batch, e, connection);
        return batch.size();
      }
      try {
        settle(batch, failures, connection);
      } catch (SQLException e) {
        if (lastPublishNanos > settings.lease().toNanos()) {
          throw new SQLException("outbox relay " + settings.instanceId() + ": the publish of " + batch.size()
              + " events took " + TimeUnit.NANOSECONDS.toMillis(lastPublishNanos) + " ms, longer than the lease ("
              + settings.lease().toMillis() + " ms), and PostgreSQL ended the round's transaction: the events go out"
              + " again, and the next rounds lease their rows; give the relay a longer lease if the broker is this"
              + " slow", e.getSQLState(), e);
        }
        throw e;
      }
      return batch.size();
    } finally {
      if (connection != null) {
        connections.release(connection);
      }
    }
  }

  /**
   * True when the last publish took more than half the lease: the next round leases its rows (a committed
   * lease, {@link #claim}) instead of holding them locked, so that a broker slower than the lease still
   * drains the outbox rather than having every round ended by PostgreSQL's timeout and published again.
   */
  private boolean brokerSlow() {
    return lastPublishNanos > settings.lease().toNanos() / 2;
  }

  private Map<UUID, String> timedPublish(List<OutboxEvent> batch)
      throws BrokerUnavailableException, InterruptedException {
    long start = System.nanoTime();
    try {
      return published(batch);
    } finally {
      lastPublishNanos = System.nanoTime() - start;
    }
  }

  /**
   * What the publisher answers for {@code events}; null breaks its contract and is a fault of the publisher, as
   * its own exceptions are: settled as it was, every round failed and published its events again, for good.
   */
  private Map<UUID, String> published(List<OutboxEvent> events) throws BrokerUnavailableException, InterruptedException {
    Map<UUID, String> refused = publisher.publish(events);
    if (refused == null) {
      throw new IllegalStateException(publisher.getClass().getName() + ".publish answered null; answer the events the"
          + " broker refused, by id with the reason, and an empty map when it confirmed every one");
    }
    return refused;
  }

  private List<OutboxEvent> claimLocked(Connection connection) throws SQLException {
    List<OutboxEvent> taken = new ArrayList<>();
    try (PreparedStatement claim = connection.prepareStatement(lockedClaimSetup + table.claimLocked)) {
      claim.setInt(1, settings.batchSize());
      claim.execute(); // the settings' row, then the locked rows
      if (!claim.getMoreResults()) {
        throw new SQLException("PostgreSQL answered the outbox claim on " + table.name + " without its rows");
      }
      try (ResultSet rows = claim.getResultSet()) {
        while (rows.next()) {
          taken.add(event(rows));
        }
      }
    }
    return taken;
  }

  /**
   * After the publisher threw on a batch: its own exception (a bug, an event it cannot serialise) is not the
   * broker being away, and retried as a round it stopped every event behind it for good. Each event is given
   * alone instead; one it throws on again fails an attempt as a refused one does (back-off, then the dead
   * letters), and the events of that aggregate after it wait for their turn.
   */
  private void publishAlone(List<OutboxEvent> batch, RuntimeException thrown)
      throws SQLException, BrokerUnavailableException, InterruptedException {
    publishAlone(batch, thrown, null);
  }

  /** {@link #publishAlone(List, RuntimeException)}, in the round's transaction when {@code locked} is given. */
  private void publishAlone(List<OutboxEvent> batch, RuntimeException thrown, Connection locked)
      throws SQLException, BrokerUnavailableException, InterruptedException {
    LOG.warn("outbox relay {}: the publisher threw on a batch of {} events, publishing them one at a time: {}",
        settings.instanceId(), batch.size(), thrown.toString(), thrown);
    Map<UUID, String> failures = new HashMap<>();
    List<OutboxEvent> tried = new ArrayList<>();
    List<OutboxEvent> waiting = new ArrayList<>();
    Set<String> stopped = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      OutboxEvent event = batch.get(i);
      String aggregate = event.aggregateType() + '\u0000' + event.aggregateId();
      if (stopped.contains(aggregate)) {
        waiting.add(event);
        continue;
      }
      try {
        String refusal = batch.size() == 1 ? thrownBy(thrown) : published(List.of(event)).get(event.id());
        if (refusal != null) {
          failures.put(event.id(), refusal);
          stopped.add(aggregate);
        }
      } catch (RuntimeException e) {
        failures.put(event.id(), thrownBy(e));
        stopped.add(aggregate);
      } catch (BrokerUnavailableException | InterruptedException e) {
        waiting.addAll(batch.subList(i, batch.size()));
        if (locked == null) {
          release(waiting);
        }
        settleTried(tried, failures, locked);
        throw e;
      }
      tried.add(event);
    }
    if (!waiting.isEmpty() && locked == null) {
      release(waiting);
    }
    settleTried(tried, failures, locked);
  }

  /** Settles the events tried; in a locked round the ones not tried are freed by its commit (or rollback). */
  private void settleTried(List<OutboxEvent> tried, Map<UUID, String> failures, Connection locked)
      throws SQLException {
    if (locked == null) {
      if (!tried.isEmpty()) {
        settle(tried, failures);
      }
    } else if (!tried.isEmpty()) {
      settle(tried, failures, locked);
    } else {
      locked.rollback();
    }
  }

  private static String thrownBy(RuntimeException e) {
    return "the publisher threw " + e;
  }

  /** Leases the due rows this relay may publish now: per aggregate, only when it holds every earlier pending row. */
  private List<OutboxEvent> claim() throws SQLException {
    if (table.dialect == Dialect.POSTGRES) {
      return claimAndLease();
    }
    Connection connection = connections.open();
    try {
      List<OutboxEvent> taken = claimThenLease(connection);
      commitBookkeeping(connection);
      return taken;
    } finally {
      connections.release(connection);
    }
  }

  /**
   * PostgreSQL: the claim, the order check and the lease in one statement, sent with the setting of its
   * transaction's asynchronous commit: one round trip, the commit included.
   */
  private List<OutboxEvent> claimAndLease() throws SQLException {
    List<OutboxEvent> taken = new ArrayList<>();
    Connection connection = connections.openAutoCommitting();
    try (PreparedStatement claim = connection.prepareStatement(ASYNCHRONOUS_ONE_TRIP + table.claim)) {
      claim.setInt(1, settings.batchSize());
      claim.setString(2, settings.instanceId());
      claim.setLong(3, settings.lease().toMillis());
      claim.execute(); // the setting's row, then the leased rows
      if (!claim.getMoreResults()) {
        throw new SQLException("PostgreSQL answered the outbox claim on " + table.name + " without its rows");
      }
      try (ResultSet rows = claim.getResultSet()) {
        while (rows.next()) {
          taken.add(event(rows));
        }
      }
    } finally {
      connections.release(connection);
    }
    // each aggregate's rows go to the publisher in sequence order
    taken.sort(Comparator.comparingLong(OutboxEvent::seq));
    return taken;
  }

  /** H2: the candidates read, the ones in order kept here, then leased by a second statement. */
  private List<OutboxEvent> claimThenLease(Connection connection) throws SQLException {
    List<OutboxEvent> taken = new ArrayList<>();
    Map<String, Integer> held = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(table.candidates)) {
      select.setInt(1, settings.batchSize());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String key = rows.getString(3) + '\u0000' + rows.getString(4);
          int have = held.getOrDefault(key, 0);
          if (have != rows.getLong(10)) {
            continue;
          }
          held.put(key, have + 1);
          taken.add(event(rows));
        }
      }
    }
    if (!taken.isEmpty()) {
      try (PreparedStatement lease = connection.prepareStatement(table.lease)) {
        for (OutboxEvent event : taken) {
          lease.setString(1, settings.instanceId());
          lease.setLong(2, settings.lease().toMillis());
          lease.setObject(3, event.id());
          lease.addBatch();
        }
        lease.executeBatch();
      }
    }
    return taken;
  }

  /** The row under {@code rows}' cursor, its first nine columns as {@link OutboxTable#candidates} selects them. */
  private static OutboxEvent event(ResultSet rows) throws SQLException {
    return new OutboxEvent(rows.getObject(1, UUID.class), rows.getLong(2), rows.getString(3), rows.getString(4),
        rows.getString(5), rows.getString(6), rows.getInt(7), rows.getString(8), rows.getString(9));
  }

  private void settle(List<OutboxEvent> batch, Map<UUID, String> failures) throws SQLException {
    Connection connection = connections.open();
    try {
      settle(batch, failures, connection);
    } finally {
      connections.release(connection);
    }
  }

  /**
   * Writes the outcome of {@code batch} and commits it on {@code connection}; on PostgreSQL a round whose every
   * row went out is marked and committed in one round trip.
   */
  private void settle(List<OutboxEvent> batch, Map<UUID, String> failures, Connection connection)
      throws SQLException {
    if (failures.isEmpty() && table.dialect == Dialect.POSTGRES) {
      settlePublished(batch, connection);
      return;
    }
    try (PreparedStatement published = connection.prepareStatement(table.published);
         PreparedStatement failed = connection.prepareStatement(table.failed)) {
      for (OutboxEvent event : batch) {
        String reason = failures.get(event.id());
        if (reason == null) {
          published.setObject(1, event.id());
          published.addBatch();
          continue;
        }
        int attempts = event.attempts() + 1;
        Duration delay = backoff(attempts);
        if (attempts >= settings.maxAttempts()) {
          LOG.error("outbox event {} ({} {} {}) is dead-lettered after {} failed attempts: {}", event.id(),
              event.aggregateType(), event.aggregateId(), event.type(), attempts, reason);
        } else {
          LOG.warn("outbox event {} failed (attempt {} of {}), retrying in {} ms: {}", event.id(), attempts,
              settings.maxAttempts(), delay.toMillis(), reason);
        }
        failed.setString(1, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
        failed.setLong(2, delay.toMillis());
        failed.setInt(3, settings.maxAttempts());
        failed.setObject(4, event.id());
        failed.addBatch();
      }
      if (failures.size() < batch.size()) {
        published.executeBatch();
      }
      if (!failures.isEmpty()) {
        failed.executeBatch();
      }
      commitBookkeeping(connection);
    }
  }

  /**
   * Records a round whose every row was published and commits it (PostgreSQL): the settings of the commit and
   * the plan, the statement and the {@code COMMIT} in one string, which pgjdbc sends in one round trip.
   */
  private void settlePublished(List<OutboxEvent> batch, Connection connection) throws SQLException {
    try (PreparedStatement published = connection.prepareStatement(SETTLE_ONE_TRIP + table.publishedAll
        + "; COMMIT")) {
      published.setArray(1, connection.createArrayOf("uuid", batch.stream().map(OutboxEvent::id).toArray()));
      published.execute();
    }
  }

  /**
   * Commits the relay's own bookkeeping (leases, outcomes, clean-up) without waiting, on PostgreSQL, for its
   * write-ahead log to reach the disk: a database crash can lose only such a commit, whose rows are then
   * published again — delivery is at least once, and consumers de-duplicate by id — while the writes that
   * put the rows in the outbox keep their durable commit. The setting holds for this transaction only.
   */
  private void commitBookkeeping(Connection connection) throws SQLException {
    if (table.dialect == Dialect.POSTGRES) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(ASYNCHRONOUS_COMMIT);
      }
    }
    connection.commit();
  }

  /** The delay before attempt {@code attempts + 1}: the base doubled per failed attempt, capped. */
  private Duration backoff(int attempts) {
    long millis = settings.retryBase().toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
    return Duration.ofMillis(Math.min(millis < 0 ? Long.MAX_VALUE : millis, settings.retryMax().toMillis()));
  }

  /** Gives the rows back before their lease expires, so that the next round (of any relay) takes them. */
  private void release(List<OutboxEvent> batch) {
    try {
      Connection connection = connections.open();
      try (PreparedStatement release = connection.prepareStatement(table.release)) {
        for (OutboxEvent event : batch) {
          release.setObject(1, event.id());
          release.setString(2, settings.instanceId());
          release.addBatch();
        }
        release.executeBatch();
        commitBookkeeping(connection);
      } finally {
        connections.release(connection);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("outbox relay {}: cannot release {} leased rows, they return when their lease expires: {}",
          settings.instanceId(), batch.size(), e.toString());
    }
  }

  private void cleanUpNowAndThen() throws SQLException {
    long now = System.nanoTime();
    if (now - lastCleanup < CLEANUP_EVERY_NANOS) {
      return;
    }
    lastCleanup = now;
    Connection connection = connections.open();
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table.name + " WHERE status = '"
        + OutboxTable.PUBLISHED + "' AND published_at < " + table.dialect.plusMillis("?"))) {
      delete.setLong(1, -settings.retention().toMillis());
      int deleted = delete.executeUpdate();
      commitBookkeeping(connection);
      if (deleted > 0) {
        LOG.debug("outbox relay {}: deleted {} published rows older than {}", settings.instanceId(), deleted,
            settings.retention());
      }
    } finally {
      connections.release(connection);
    }
  }

  /**
   * Stops after the round in flight (waiting up to the lease, and at least 10 s), so no row stays leased by
   * this instance.
   */
  @Override
  public void close() {
    running = false;
    stopping.countDown();
    wake.signal();
    try {
      thread.join(Math.max(settings.lease().toMillis(), CLOSE_PATIENCE_MILLIS));
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
