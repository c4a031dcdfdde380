package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay's claim on PostgreSQL, where the due rows are locked, checked for their aggregate's order and
 * leased by one statement: a row another relay leased holds back the later rows of its aggregate and none of
 * the others, and once that lease expires the aggregate's rows go out in order.
 */
@Tag("broker")
class PostgresClaimTest {
  static final Class<?>[] ENTITIES = {Task.class, Subtask.class, Person.class};

  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  @RegisterExtension
  final ClosedAfterEach closing = new ClosedAfterEach();

  @Test
  void aRowLeasedByAnotherRelayHoldsBackTheLaterRowsOfItsAggregateOnlyUntilItsLeaseExpires() throws Exception {
    String schema = POSTGRES.create("claim");
    DataStore writer = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    Outbox writeOnly = closing.keep(Outbox.install(writer, OutboxSettings.builder().build()));
    TaskRepository tasks = writer.register(new TaskRepository());
    Long held = tasks.create(Map.of("title", "held")).getId();
    tasks.update(held, Map.of("title", "held, then changed"));
    Long free = tasks.create(Map.of("title", "free")).getId();
    String table = writeOnly.table();
    execute(schema, "UPDATE " + table + " SET lease_owner = 'another relay', lease_until = CURRENT_TIMESTAMP"
        + " + INTERVAL '1 hour' WHERE aggregateid = '" + held + "' AND type = 'created'");

    DataStore relaying = closing.keep(PostgresSchema.store(schema, false, ENTITIES));
    RecordingPublisher publisher = new RecordingPublisher();
    Outbox outbox = closing.keep(Outbox.install(relaying, OutboxSettings.builder().publisher(publisher)
        .instanceId("this relay").pollInterval(Duration.ofMillis(50)).build()));
    awaitPublished(publisher, 1);
    Thread.sleep(300); // several more rounds: none may take the held aggregate's second row
    assertThat(publisher.published()).extracting(OutboxEvent::aggregateId).containsExactly(String.valueOf(free));
    assertThat(PostgresSchema.count(schema, "SELECT COUNT(*) FROM " + table + " WHERE lease_owner = 'this relay'"))
        .as("rows this relay leased and did not settle").isZero();

    execute(schema, "UPDATE " + table + " SET lease_until = CURRENT_TIMESTAMP - INTERVAL '1 second'"
        + " WHERE lease_owner = 'another relay'");
    outbox.wake();
    awaitPublished(publisher, 3);
    assertThat(publisher.published()).extracting(OutboxEvent::aggregateId, OutboxEvent::type).containsExactly(
        tuple(String.valueOf(free), "created"),
        tuple(String.valueOf(held), "created"),
        tuple(String.valueOf(held), "updated"));
    assertThat(PostgresSchema.count(schema, "SELECT COUNT(*) FROM " + table + " WHERE status = 'PUBLISHED'"
        + " AND lease_owner IS NULL AND lease_until IS NULL")).isEqualTo(3);
  }

  @Test
  void aClaimTakesAtMostTheBatchSizeAndInSequenceOrder() throws Exception {
    String schema = POSTGRES.create("batch");
    DataStore writer = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    closing.keep(Outbox.install(writer, OutboxSettings.builder().build()));
    TaskRepository tasks = writer.register(new TaskRepository());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(tasks.create(Map.of("title", "task " + i)).getId());
    }
    for (Long id : ids) {
      tasks.update(id, Map.of("title", "changed"));
    }

    DataStore relaying = closing.keep(PostgresSchema.store(schema, false, ENTITIES));
    BatchRecorder publisher = new BatchRecorder();
    closing.keep(Outbox.install(relaying, OutboxSettings.builder().publisher(publisher).batchSize(3)
        .pollInterval(Duration.ofMillis(50)).build()));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (publisher.events().size() < 14) {
      assertThat(System.nanoTime()).as("14 events published within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(publisher.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 3));
    List<Long> seqs = publisher.events().stream().map(OutboxEvent::seq).toList();
    assertThat(seqs).as("one relay publishes the rows in sequence order").isSorted().doesNotHaveDuplicates();
  }

  /**
   * pgjdbc prepares the relay's statements on the server after five rounds, and PostgreSQL keeps the generic plan
   * it makes a few executions later, while the table is nearly empty: the settle's was a sequential scan, and
   * every round then read the whole table, the published rows kept for the retention included.
   */
  @Test
  void theRelaysRoundsFindTheirRowsByIndexAfterTheTableGrewAroundPlansMadeWhileItWasNearlyEmpty() throws Exception {
    String schema = POSTGRES.create("plans");
    DataStore store = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    RecordingPublisher publisher = new RecordingPublisher();
    Outbox outbox = closing.keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher)
        .linger(Duration.ZERO).pollInterval(Duration.ofMillis(50)).build()));
    TaskRepository tasks = store.register(new TaskRepository());
    for (int i = 1; i <= 15; i++) { // rounds of one row each: the plans are made on a table of a page
      tasks.create(Map.of("title", "early " + i));
      awaitPublished(publisher, i);
    }
    String table = outbox.table();
    execute(schema, "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, created_at,"
        + " next_attempt_at, status, published_at) SELECT gen_random_uuid(), 'Task', 'old ' || g, 'created', '{}',"
        + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'PUBLISHED', CURRENT_TIMESTAMP FROM generate_series(1, 5000) g");
    long before = seqScansOnceUpdated(schema, table, 15);
    for (int i = 1; i <= 10; i++) {
      tasks.create(Map.of("title", "late " + i));
      awaitPublished(publisher, 15 + i);
    }
    assertThat(seqScansOnceUpdated(schema, table, 25) - before)
        .as("sequential scans of the outbox table in 10 rounds and their polls, on a table of 5,025 rows").isZero();
  }

  /**
   * A round holds its rows by the locks of its claim while they are published, and writes each row once, with
   * its published mark: a lease written by the claim was a second new version of every row.
   */
  @Test
  void aRoundWritesEachPublishedRowOnceItsRowsHeldByTheClaimsLocksWhileTheyArePublished() throws Exception {
    String schema = POSTGRES.create("once");
    DataStore store = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    String[] leaseWhilePublished = new String[1];
    RecordingPublisher recorder = new RecordingPublisher();
    EventPublisher publisher = new EventPublisher() {
      @Override
      public Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException {
        try {
          leaseWhilePublished[0] = String.valueOf(PostgresSchema.count(schema, "SELECT COUNT(*) FROM scribe_outbox"
              + " WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL"));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        return recorder.publish(events);
      }

      @Override
      public void close() {}
    };
    Outbox outbox = closing.keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher)
        .pollInterval(Duration.ofMillis(50)).build()));
    TaskRepository tasks = store.register(new TaskRepository());
    for (int i = 1; i <= 20; i++) {
      tasks.create(Map.of("title", "task " + i));
    }
    awaitPublished(recorder, 20);
    Thread.sleep(200); // the last round's published marks
    assertThat(leaseWhilePublished[0]).as("rows with a lease while the last round was published").isEqualTo("0");
    String table = outbox.table();
    seqScansOnceUpdated(schema, table, 20);
    Thread.sleep(1_500); // statistics a connection reports late would show by now
    assertThat(PostgresSchema.count(schema, "SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = '" + schema
        + "' AND relname = '" + table + "'")).as("updates of the outbox table's 20 rows").isEqualTo(20);
  }

  /**
   * PostgreSQL ends a round whose transaction idles longer than the lease, as a lease would expire: its rows go
   * out again. After such a publish the relay leases its rows for the next rounds, so a broker slower than the
   * lease still drains the outbox, and holds them by its locks again once the publishes are quick.
   */
  @Test
  void aPublishSlowerThanTheLeaseIsPublishedAgainAndTheOutboxStillDrains() throws Exception {
    String schema = POSTGRES.create("slow");
    DataStore store = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    RecordingPublisher recorder = new RecordingPublisher();
    EventPublisher publisher = new EventPublisher() {
      @Override
      public Map<UUID, String> publish(List<OutboxEvent> events)
          throws BrokerUnavailableException, InterruptedException {
        Map<UUID, String> failures = recorder.publish(events);
        if (events.stream().anyMatch(event -> event.payload().contains("slow"))) {
          Thread.sleep(700); // every time: a broker this slow for these events
        }
        return failures;
      }

      @Override
      public void close() {}
    };
    Outbox outbox = closing.keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher)
        .lease(Duration.ofMillis(400)).pollInterval(Duration.ofMillis(50)).build()));
    TaskRepository tasks = store.register(new TaskRepository());
    tasks.create(Map.of("title", "slow"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (outbox.counts().getOrDefault("PUBLISHED", 0L) < 1) {
      assertThat(System.nanoTime()).as("the slow event recorded as published within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    tasks.create(Map.of("title", "quick"));
    while (outbox.counts().getOrDefault("PUBLISHED", 0L) < 2) {
      assertThat(System.nanoTime()).as("the quick event recorded as published within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(recorder.published()).extracting(OutboxEvent::payload).last().asString().contains("quick");
    assertThat(outbox.counts()).containsEntry("PENDING", 0L);
  }

  /**
   * The outbox table's sequential scans, read once PostgreSQL's statistics count {@code updates} updates of it
   * (a published mark per row): the relay's connections report their counts a while after their
   * statements, all of a connection's together.
   */
  private static long seqScansOnceUpdated(String schema, String table, long updates) throws Exception {
    String sql = "SELECT n_tup_upd, seq_scan FROM pg_stat_user_tables WHERE schemaname = '" + schema
        + "' AND relname = '" + table + "'";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection connection = DriverManager.getConnection(PostgresSchema.url(schema), "postgres", "");
         Statement statement = connection.createStatement()) {
      while (true) {
        // each read in a transaction of its own: a transaction sees one snapshot of the statistics
        try (java.sql.ResultSet rows = statement.executeQuery(sql)) {
          if (rows.next() && rows.getLong(1) >= updates) {
            return rows.getLong(2);
          }
        }
        assertThat(System.nanoTime()).as("%d updates of %s counted within 30 s", updates, table).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static void execute(String schema, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(PostgresSchema.url(schema), "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void awaitPublished(RecordingPublisher publisher, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (publisher.published().size() < count) {
      assertThat(System.nanoTime()).as("%d events published within 10 s", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Keeps each batch it was given, in order. */
  private static final class BatchRecorder implements EventPublisher {
    private final List<List<OutboxEvent>> batches = new ArrayList<>();

    @Override
    public synchronized Map<UUID, String> publish(List<OutboxEvent> events) {
      batches.add(List.copyOf(events));
      return Map.of();
    }

    synchronized List<OutboxEvent> events() {
      return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<Integer> batchSizes() {
      return batches.stream().map(List::size).toList();
    }

    @Override
    public void close() {}
  }
}
