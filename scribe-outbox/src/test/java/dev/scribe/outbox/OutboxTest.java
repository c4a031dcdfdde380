package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import dev.scribe.repository.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox on the test database (H2 by default): rows in the unit's transaction, and the relay's rules. */
@SuppressWarnings("unchecked")
class OutboxTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private DataStore store;
  private Outbox outbox;

  @AfterEach
  void close() {
    if (outbox != null) {
      outbox.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private TaskRepository start(OutboxSettings settings) {
    store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    // The rows of earlier tests go before the relay starts, or it may publish them to this test's publisher.
    try (var statement = DB.connection().createStatement()) {
      statement.execute("DELETE FROM scribe_outbox");
    } catch (java.sql.SQLException e) {
      // no table yet: the first test creates it
    }
    outbox = Outbox.install(store, settings);
    return store.register(new TaskRepository());
  }

  @Test
  void eachWriteBecomesAnOutboxRowWithDebeziumColumnsOldAndNewValues() {
    TaskRepository tasks = start(OutboxSettings.builder().build());
    Task task;
    try (ChangeContext context = ChangeContext.open("alice", "req-1")) {
      task = tasks.create(Map.of("title", "write the docs", "priority", 2, "dueDate", "2026-03-01",
          "budget", "12.50", "remindAt", "2026-02-28T09:30:00Z"));
      tasks.update(task.getId(), Map.of("title", "write better docs"));
      tasks.delete(task.getId());
    }
    List<Map<String, Object>> rows = DB.rows("scribe_outbox");
    rows.sort((a, b) -> Long.compare(((Number) a.get("seq")).longValue(), ((Number) b.get("seq")).longValue()));
    assertThat(rows).extracting(row -> row.get("type")).containsExactly("created", "updated", "deleted");
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.get("aggregatetype")).isEqualTo("Task");
      assertThat(row.get("aggregateid")).isEqualTo(String.valueOf(task.getId()));
      assertThat(row.get("user_name")).isEqualTo("alice");
      assertThat(row.get("trace_id")).isEqualTo("req-1");
      assertThat(row.get("status")).isEqualTo("PENDING");
      assertThat(row.get("id")).isInstanceOf(UUID.class);
    });
    Map<String, Object> created = Json.read((String) rows.get(0).get("payload"));
    assertThat(created).containsOnlyKeys("id", "aggregateType", "aggregateId", "type", "old", "new", "user",
        "traceId", "time");
    assertThat(created.keySet()).as("the payload's fields in their documented order")
        .containsExactly("id", "aggregateType", "aggregateId", "type", "old", "new", "user", "traceId", "time");
    assertThat(created.get("old")).isNull();
    assertThat((Map<String, Object>) created.get("new")).containsEntry("title", "write the docs").containsEntry("priority", 2)
        .containsEntry("dueDate", "2026-03-01").containsEntry("budget", 12.5)
        .containsEntry("remindAt", "2026-02-28T09:30:00Z");
    assertThat(created.get("id")).isEqualTo(rows.get(0).get("id").toString());
    Map<String, Object> updated = Json.read((String) rows.get(1).get("payload"));
    // old is the record as loaded: its version too, which the UPDATE incremented without being in the params
    assertThat((Map<String, Object>) updated.get("old")).containsEntry("title", "write the docs")
        .containsEntry("version", 0);
    assertThat((Map<String, Object>) updated.get("new")).containsEntry("title", "write better docs")
        .containsEntry("version", 1);
    assertThat(updated).containsEntry("user", "alice").containsEntry("traceId", "req-1").containsKey("time");
    Map<String, Object> deleted = Json.read((String) rows.get(2).get("payload"));
    assertThat((Map<String, Object>) deleted.get("old")).containsEntry("title", "write better docs");
    assertThat(deleted.get("new")).isNull();
  }

  @Test
  void withoutCreateTableAMissingTableIsRefusedAtInstallNotAtEveryWrite() {
    store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);

    assertThatThrownBy(() -> Outbox.install(store, OutboxSettings.builder().table("no_such_outbox").createTable(false)
        .build()))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageStartingWith("the outbox table no_such_outbox cannot be read (")
        .hasMessageEndingWith(") and createTable(false) keeps Outbox.install from creating it; create the table first"
            + " (docs/outbox.md lists its columns), name the existing one with table(...), or leave createTable on");
    DataStore creating = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    Outbox.install(creating, OutboxSettings.builder().table("kept_outbox").build()).close();
    outbox = Outbox.install(store, OutboxSettings.builder().table("kept_outbox").createTable(false).build());
    TaskRepository tasks = store.register(new TaskRepository());
    tasks.create(Map.of("title", "into the table that was there"));

    assertThat(DB.rows("kept_outbox")).hasSize(1);
    creating.close();   // last: the test database's schema goes with the first store that closes
  }

  @Test
  void aTableThatCannotBeCreatedIsRefusedWithTheDatabasesErrorAsItsCause() {
    store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);

    assertThatThrownBy(() -> Outbox.install(store, OutboxSettings.builder().table("no_such_schema.outbox").build()))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageStartingWith("cannot create the outbox table no_such_schema.outbox: ")
        .hasCauseInstanceOf(java.sql.SQLException.class);
    outbox = Outbox.install(store, OutboxSettings.builder().build());   // the refused install left no outbox behind
  }

  @Test
  void closingTwiceClosesThePublisherOnce() {
    java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
    RecordingPublisher recording = new RecordingPublisher();
    EventPublisher publisher = new EventPublisher() {
      @Override
      public Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException {
        return recording.publish(events);
      }

      @Override
      public void close() {
        if (closes.incrementAndGet() > 1) {
          throw new IllegalStateException("the client is already closed");   // as many clients answer
        }
      }
    };
    start(OutboxSettings.publishingTo(publisher));

    outbox.close();
    outbox.close();

    assertThat(closes).hasValue(1);
    assertThat(outbox.relaying()).isFalse();
  }

  @Test
  void aSecondOutboxOnTheSameStoreIsRefusedSoEachWriteStaysOneRow() {
    TaskRepository tasks = start(OutboxSettings.builder().build());

    assertThatThrownBy(() -> Outbox.install(store, OutboxSettings.builder().build()))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageStartingWith("this DataStore already has an outbox; a second one would write every event twice");
    outbox.close();
    assertThatThrownBy(() -> Outbox.install(store, OutboxSettings.builder().build()))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class);
    tasks.create(Map.of("title", "once"));

    assertThat(DB.rows("scribe_outbox")).hasSize(1);
  }

  @Test
  void nullArgumentsAreUsageErrorsNamingTheArgument() {
    start(OutboxSettings.builder().build());

    assertThatThrownBy(() -> Outbox.install(null, OutboxSettings.builder().build())).isInstanceOf(UsageException.class)
        .hasMessage("Outbox.install(null, settings): pass the DataStore whose writes the outbox records");
    assertThatThrownBy(() -> Outbox.install(store, null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Outbox.install(store, null): pass the settings");
    assertThatThrownBy(() -> outbox.replay(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("replay(null): pass the ids of the rows");
    assertThatThrownBy(() -> outbox.replaySince(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("replaySince(null): pass the instant");
    assertThatThrownBy(() -> ChangeConsumer.builder(java.net.URI.create("amqp://guest:guest@127.0.0.1:5672"), "x", "q")
        .listener(null)).isInstanceOf(UsageException.class)
        .hasMessage("listener(null) for consumer q: pass an object with @Subscribe methods taking a ChangeMessage");
  }

  @Test
  void aNullPublisherIsRefusedRatherThanGivingAnOutboxThatNeverRelays() {
    assertThatThrownBy(() -> OutboxSettings.publishingTo(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.publishingTo(null): pass the publisher the relay hands events to")
        .hasMessageContaining("OutboxSettings.builder().build()");
    assertThatThrownBy(() -> OutboxSettings.builder().publisher(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.builder().publisher(null): pass the publisher the relay hands events to")
        .hasMessageContaining("leave it unset");
  }

  @Test
  void aNullAmongTheIdsToReplayIsRefusedBeforeAnyRowIsReplayed() {
    TaskRepository tasks = start(OutboxSettings.builder().build());
    tasks.create(Map.of("title", "written once"));
    UUID written = (UUID) DB.rows("scribe_outbox").get(0).get("id");
    try (var statement = DB.connection().createStatement()) {
      statement.execute("UPDATE scribe_outbox SET status = 'DEAD'");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> outbox.replay(java.util.Arrays.asList(written, null))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("replay([" + written + ", null]): the ids include null");

    assertThat(outbox.counts()).containsEntry("DEAD", 1L).containsEntry("PENDING", 0L);
  }

  @Test
  void aUserOrTraceIdLongerThanItsColumnIsCutToItInTheRowAndKeptWholeInThePayload() {
    // an X-Request-Id or X-User header of 300 characters (ChangeContextServlet) failed every write of its request
    // with "a value is longer than its column allows", which named nothing the client had sent as a field
    TaskRepository tasks = start(OutboxSettings.builder().build());
    String user = "u".repeat(300);
    String traceId = "t".repeat(254) + "\uD83D\uDE00" + "t".repeat(44);
    try (ChangeContext context = ChangeContext.open(user, traceId)) {
      tasks.create(Map.of("title", "a long trace id"));
    }

    assertThat(DB.rows("scribe_outbox")).singleElement().satisfies(row -> {
      assertThat(row.get("user_name")).isEqualTo("u".repeat(255));
      assertThat(row.get("trace_id")).as("cut before the emoji rather than through it").isEqualTo("t".repeat(254));
      Map<String, Object> payload = Json.read((String) row.get("payload"));
      assertThat(payload).containsEntry("user", user).containsEntry("traceId", traceId);
    });
  }

  @Test
  void aNullUserOrTraceIdSupplierIsRefusedAtTheBuilderAndOneThatAnswersNullWritesNone() {
    assertThatThrownBy(() -> OutboxSettings.builder().user(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.builder().user(null): pass the supplier of the user")
        .hasMessageContaining("() -> null for none");
    assertThatThrownBy(() -> OutboxSettings.builder().traceId(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.builder().traceId(null): pass the supplier of the trace id");
    assertThatThrownBy(() -> OutboxSettings.builder().instanceId(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.builder().instanceId(null): pass the name this instance leases rows under");
    assertThatThrownBy(() -> OutboxSettings.builder().instanceId(" ")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("OutboxSettings.builder().instanceId(\" \"): pass the name");

    TaskRepository tasks = start(OutboxSettings.builder().user(() -> null).traceId(() -> null).build());
    tasks.create(Map.of("title", "anonymous"));
    assertThat(DB.rows("scribe_outbox")).singleElement().satisfies(row -> {
      assertThat(row.get("user_name")).isNull();
      assertThat(row.get("trace_id")).isNull();
    });
  }

  @Test
  void aRelayWhoseStoreClosesBeforeTheOutboxStopsInsteadOfFailingEveryRound() throws Exception {
    start(OutboxSettings.builder().publisher(new RecordingPublisher()).pollInterval(Duration.ofMillis(20)).build());
    assertThat(outbox.relaying()).isTrue();
    store.close();   // outbox.close() forgotten: the relay would fail and log every pollInterval for ever
    store = null;

    // what is pinned is that the relay stops, not how soon: on a loaded machine its next round can come late
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (outbox.relaying() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(outbox.relaying()).isFalse();
  }

  @Test
  void theCountsOfAClosedStoreSayTheStoreIsClosed() {
    start(OutboxSettings.builder().build());
    store.close();
    DataStore closed = store;
    store = null;

    assertThatThrownBy(() -> outbox.counts()).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("this DataStore is closed; the outbox cannot reach its table");
    assertThatThrownBy(() -> outbox.replayDead()).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> Outbox.install(closed, OutboxSettings.builder().build()))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("this DataStore is closed");
  }

  @Test
  void aBatchLargerThanOneInsertStatementWritesEveryRowInTheBatchsOrder() {
    TaskRepository tasks = start(OutboxSettings.builder().build());
    List<Map<String, Object>> batch = java.util.stream.IntStream.range(0, 250)
        .mapToObj(i -> Map.<String, Object>of("title", "task " + i)).collect(Collectors.toList());
    List<Task> created = tasks.createBatch(batch, dev.scribe.repository.CallOptions.none()).items();
    List<Map<String, Object>> rows = DB.rows("scribe_outbox");
    rows.sort((a, b) -> Long.compare(((Number) a.get("seq")).longValue(), ((Number) b.get("seq")).longValue()));
    assertThat(rows).hasSize(250);
    assertThat(rows).extracting(row -> row.get("aggregateid"))
        .containsExactlyElementsOf(created.stream().map(task -> String.valueOf(task.getId())).collect(Collectors.toList()));
    assertThat(rows).extracting(row -> ((Map<String, Object>) Json.read((String) row.get("payload")).get("new")).get("title"))
        .containsExactlyElementsOf(batch.stream().map(row -> row.get("title")).collect(Collectors.toList()));
  }

  @Test
  void aRolledBackUnitOfWorkWritesNoRow() {
    TaskRepository tasks = start(OutboxSettings.builder().build());
    assertThatThrownBy(() -> store.inTransaction(() -> {
      tasks.create(Map.of("title", "never committed"));
      throw new IllegalStateException("give up");
    })).hasMessage("give up");
    store.inTransaction(() -> {
      tasks.create(Map.of("title", "rolled back too"));
      store.currentUnitOfWork().orElseThrow().setRollbackOnly();
    });
    assertThat(DB.count("scribe_outbox")).isZero();
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void theRelayPublishesEveryRowOnceInPerAggregateOrder() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).batchSize(7).build());
    for (int i = 0; i < 20; i++) {
      Task task = tasks.create(Map.of("title", "task " + i));
      for (int version = 0; version < 4; version++) {
        tasks.update(task.getId(), Map.of("title", "task " + i + " v" + version));
      }
    }
    awaitCounts(Map.of("PUBLISHED", 100L), Duration.ofSeconds(20));
    List<OutboxEvent> published = publisher.published();
    assertThat(published).hasSize(100);
    assertThat(published.stream().map(OutboxEvent::id).distinct().count()).isEqualTo(100);
    Map<String, List<Long>> perAggregate = published.stream().collect(Collectors.groupingBy(OutboxEvent::aggregateId,
        Collectors.mapping(OutboxEvent::seq, Collectors.toList())));
    perAggregate.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(5));
    assertThat(published).allSatisfy(event -> assertThat(event.routingKey()).matches("Task\\.(created|updated)"));
  }

  @Test
  void aRefusedRowIsRetriedWithBackOffThenDeadLetteredAndReplayedOnRequest() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).maxAttempts(3)
        .retry(Duration.ofMillis(50), Duration.ofMillis(200)).pollInterval(Duration.ofMillis(20)).build());
    // Refused from its first event on: the relay may take the create before this test could name its id.
    publisher.refusedPayloads.add("\"title\":\"refused");
    Task refused = tasks.create(Map.of("title", "refused"));
    tasks.update(refused.getId(), Map.of("title", "refused again"));
    Task fine = tasks.create(Map.of("title", "fine"));
    // A dead row is set aside rather than blocking its aggregate, so the update is tried and refused in turn.
    awaitCounts(Map.of("DEAD", 2L, "PUBLISHED", 1L), Duration.ofSeconds(20));
    assertThat(publisher.published()).extracting(OutboxEvent::aggregateId).containsExactly(String.valueOf(fine.getId()));
    Map<String, Object> dead = DB.rows("scribe_outbox").stream().filter(row -> "DEAD".equals(row.get("status")))
        .findFirst().orElseThrow();
    assertThat(dead.get("attempts")).isEqualTo(3);
    assertThat((String) dead.get("last_error")).isEqualTo("refused " + refused.getId());

    publisher.refusedPayloads.clear();
    assertThat(outbox.replayDead()).isEqualTo(2);
    awaitCounts(Map.of("PUBLISHED", 3L), Duration.ofSeconds(20));
    assertThat(publisher.published()).extracting(OutboxEvent::type).containsExactly("created", "created", "updated");
  }

  @Test
  void anEventThePublisherThrowsOnIsDeadLetteredAloneAndTheRestOfItsBatchIsPublished() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    publisher.throwingPayloads.add("\"title\":\"poison");
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).maxAttempts(3)
        .retry(Duration.ofMillis(50), Duration.ofMillis(200)).pollInterval(Duration.ofMillis(20)).build());
    // One transaction, so that the poison event and the fine ones are claimed in one batch.
    List<Task> created = store.inTransaction(() -> List.of(tasks.create(Map.of("title", "fine 1")),
        tasks.create(Map.of("title", "poison")), tasks.create(Map.of("title", "fine 2")),
        tasks.create(Map.of("title", "fine 3"))));
    Task poison = created.get(1);
    tasks.update(poison.getId(), Map.of("title", "poison, changed")); // waits behind its aggregate's first event

    awaitCounts(Map.of("DEAD", 2L, "PUBLISHED", 3L), Duration.ofSeconds(20));
    assertThat(publisher.published()).extracting(OutboxEvent::aggregateId).containsExactlyInAnyOrder(
        String.valueOf(created.get(0).getId()), String.valueOf(created.get(2).getId()), String.valueOf(created.get(3).getId()));
    Map<String, Object> dead = DB.rows("scribe_outbox").stream()
        .filter(row -> "DEAD".equals(row.get("status")) && "created".equals(row.get("type"))).findFirst().orElseThrow();
    assertThat(dead.get("attempts")).isEqualTo(3);
    assertThat((String) dead.get("last_error")).isEqualTo("the publisher threw java.lang.IllegalStateException: cannot serialise "
        + poison.getId());
  }

  /** A publisher breaking its contract: it answers null instead of the map of the events the broker refused. */
  static final class NullAnsweringPublisher implements EventPublisher {
    @Override
    public Map<UUID, String> publish(List<OutboxEvent> events) {
      return null;
    }

    @Override
    public void close() {}
  }

  @Test
  void aPublisherThatAnswersNullIsAFaultOfThePublisherNamedInTheDeadLetterNotARoundFailingForever() throws Exception {
    // settling the round failed with a NullPointerException, every round again: the rows were published over and over
    // and never marked, and nothing said which publisher broke which contract
    TaskRepository tasks = start(OutboxSettings.builder().publisher(new NullAnsweringPublisher()).maxAttempts(2)
        .retry(Duration.ofMillis(50), Duration.ofMillis(200)).pollInterval(Duration.ofMillis(20)).build());
    tasks.create(Map.of("title", "one"));

    awaitCounts(Map.of("DEAD", 1L), Duration.ofSeconds(20));
    assertThat((String) DB.rows("scribe_outbox").get(0).get("last_error")).isEqualTo("the publisher threw"
        + " java.lang.IllegalStateException: " + NullAnsweringPublisher.class.getName() + ".publish answered null;"
        + " answer the events the broker refused, by id with the reason, and an empty map when it confirmed every one");
  }

  @Test
  void whileTheBrokerIsDownRowsWaitWithoutSpendingAttemptsAndDrainAfter() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    publisher.down = true;
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).maxAttempts(2)
        .pollInterval(Duration.ofMillis(20)).build());
    for (int i = 0; i < 10; i++) {
      tasks.create(Map.of("title", "waiting " + i));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (publisher.calls < 4 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(publisher.calls).isGreaterThanOrEqualTo(4);
    assertThat(outbox.counts()).containsEntry("PENDING", 10L).containsEntry("DEAD", 0L);
    assertThat(DB.rows("scribe_outbox")).allSatisfy(row -> assertThat(row.get("attempts")).isEqualTo(0));
    publisher.down = false;
    awaitCounts(Map.of("PUBLISHED", 10L), Duration.ofSeconds(20));
    assertThat(publisher.published()).hasSize(10);
  }

  @Test
  void aRetryBaseLongerThanItsMaxIsRefusedNamingBoth() {
    assertThatThrownBy(() -> OutboxSettings.builder().retry(Duration.ofMinutes(10), Duration.ofSeconds(30)))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("outbox retry(PT10M, PT30S): the base (PT10M) is longer than the max (PT30S); pass a base up to the"
            + " max, e.g. retry(Duration.ofMillis(200), Duration.ofMinutes(5))");
    OutboxSettings same = OutboxSettings.builder().retry(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
    assertThat(same.retryBase()).isEqualTo(same.retryMax()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aLingerGathersTheRowsOfABusyStreamButNeverHoldsARowAfterAQuietSpellNorTheStop() throws Exception {
    assertThatThrownBy(() -> OutboxSettings.builder().linger(Duration.ofMillis(-1)))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class).hasMessageContaining("linger");
    assertThat(OutboxSettings.builder().linger(Duration.ZERO).build().linger()).isZero();
    assertThat(OutboxSettings.builder().build().linger()).isEqualTo(Duration.ofMillis(25));

    RecordingPublisher publisher = new RecordingPublisher();
    // a poll interval and a linger longer than the test: what goes out at once was not held by either
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).pollInterval(Duration.ofMinutes(5))
        .linger(Duration.ofMinutes(5)).build());
    tasks.create(Map.of("title", "after a quiet spell"));
    awaitCounts(Map.of("PUBLISHED", 1L), Duration.ofSeconds(20));

    tasks.create(Map.of("title", "while the relay lingers"));
    Thread.sleep(300);
    assertThat(outbox.counts()).as("a row written during the linger waits for it").containsEntry("PENDING", 1L);

    long closing = System.nanoTime();
    outbox.close();
    outbox = null;
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("close ends the linger").isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void replaySincePublishesPublishedRowsAgainWithTheirIds() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).build());
    Instant before = Instant.now().minusSeconds(60);
    tasks.create(Map.of("title", "once"));
    awaitCounts(Map.of("PUBLISHED", 1L), Duration.ofSeconds(20));
    assertThat(outbox.replaySince(before)).isEqualTo(1);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (publisher.published().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(publisher.published()).hasSize(2);
    assertThat(publisher.published().get(1).id()).isEqualTo(publisher.published().get(0).id());
  }

  /**
   * The beginning of time replays every row and the end of time none: Instant.MIN and Instant.MAX, and years no
   * database timestamp holds, were an IllegalArgumentException from {@code Timestamp.from} or the database's "out of
   * range", where a caller asking for every row again has no earlier instant to give.
   */
  @Test
  void replaySinceTheBeginningOfTimeReplaysEveryRowAndSinceItsEndNone() throws Exception {
    RecordingPublisher publisher = new RecordingPublisher();
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).build());
    tasks.create(Map.of("title", "once"));
    awaitCounts(Map.of("PUBLISHED", 1L), Duration.ofSeconds(20));

    assertThat(outbox.replaySince(Instant.MAX)).isZero();
    assertThat(outbox.replaySince(Instant.parse("+300000-01-01T00:00:00Z"))).isZero();
    assertThat(outbox.replaySince(Instant.parse("-300000-01-01T00:00:00Z"))).isEqualTo(1);
    assertThat(outbox.replaySince(Instant.MIN)).isEqualTo(1);
  }

  private void awaitCounts(Map<String, Long> expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> counts = outbox.counts();
    while (!counts.entrySet().containsAll(expected.entrySet()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      counts = outbox.counts();
    }
    assertThat(counts).containsAllEntriesOf(expected);
  }

  /** A publisher that takes its time over each call, as one waiting for the broker's confirms does. */
  static final class SlowPublisher implements EventPublisher {
    final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    volatile boolean interrupted;

    @Override
    public Map<UUID, String> publish(List<OutboxEvent> events) throws InterruptedException {
      started.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        interrupted = true;
        throw e;
      }
      return Map.of();
    }

    @Override
    public void close() {}
  }

  /**
   * close() waited for the round in flight only as long as the lease: with a lease of 1 ms it interrupted the
   * publisher at once, mid-publish, and the rows it was publishing went back to pending to go out again.
   */
  @Test
  void closeLetsTheRoundInFlightFinishWhateverTheLease() throws Exception {
    SlowPublisher publisher = new SlowPublisher();
    TaskRepository tasks = start(OutboxSettings.builder().publisher(publisher).lease(Duration.ofMillis(1)).build());
    tasks.create(Map.of("title", "closed mid-round"));
    assertThat(publisher.started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    outbox.close();

    assertThat(publisher.interrupted).as("the publisher was interrupted mid-round").isFalse();
    if (DB.isPostgres()) {
      // PostgreSQL ends a round's transaction idle longer than the lease (docs/outbox.md): the round finished, its
      // settle found the session gone, and the row waits to go out again
      assertThat(outbox.counts()).containsEntry("PUBLISHED", 0L).containsEntry("PENDING", 1L);
    } else {
      assertThat(outbox.counts()).containsEntry("PUBLISHED", 1L).containsEntry("PENDING", 0L);
    }
  }
}
