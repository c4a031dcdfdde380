package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How the relays are woken on PostgreSQL, and what the relay's own commits leave to the application's: a write
 * of an instance without a running relay notifies the others, a write of an instance with one wakes that relay
 * in process (a {@code NOTIFY} costs every writing transaction a lock the database's notifying commits take in
 * turn), and the relay's asynchronous commits never make an application's commit asynchronous.
 */
@Tag("broker")
class PostgresWakeupTest {
  static final Class<?>[] ENTITIES = {Task.class, Subtask.class, Person.class};

  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  @RegisterExtension
  final ClosedAfterEach closing = new ClosedAfterEach();

  @Test
  void aWriteOnlyInstanceNotifiesTheRelaysAndARelayingOneWakesItsOwnRelayWithoutANotify() throws Exception {
    String schema = POSTGRES.create("wake");
    DataStore writeOnly = closing.keep(PostgresSchema.store(schema, true, ENTITIES));
    Outbox writeOnlyOutbox = closing.keep(Outbox.install(writeOnly, OutboxSettings.builder().build()));
    DataStore relaying = closing.keep(PostgresSchema.store(schema, false, ENTITIES));
    RecordingPublisher publisher = new RecordingPublisher();
    // a poll interval longer than the test: only a wake-up can make the relay publish in time
    Outbox relayingOutbox = closing.keep(Outbox.install(relaying, OutboxSettings.builder().publisher(publisher)
        .pollInterval(Duration.ofMinutes(5)).build()));
    String channel = writeOnlyOutbox.table().replace('.', '_') + "_wake";

    try (Connection listener = DriverManager.getConnection(PostgresSchema.url(schema), "postgres", "")) {
      try (Statement statement = listener.createStatement()) {
        statement.execute("LISTEN " + channel);
      }
      PGConnection notifications = listener.unwrap(PGConnection.class);

      writeOnly.register(new TaskRepository()).create(Map.of("title", "written where no relay runs"));
      assertThat(received(notifications, 5_000)).as("the NOTIFY of a write-only instance").isTrue();
      awaitPublished(publisher, 1);

      relaying.register(new TaskRepository()).create(Map.of("title", "written beside a running relay"));
      awaitPublished(publisher, 2);
      assertThat(received(notifications, 500)).as("a NOTIFY of the instance whose relay runs").isFalse();
      assertThat(relayingOutbox.relaying()).isTrue();
    }
  }

  @Test
  void theRelaysAsynchronousCommitsLeaveTheApplicationsCommitsDurable() throws Exception {
    String schema = POSTGRES.create("durable");
    // Two connections: the relay's LISTEN holds one, so the relay and the application take turns on the other.
    DataStore store = closing.keep(DataStore.builder(Scribe.create())
        .jdbcUrl(PostgresSchema.url(schema)).username("postgres").password("")
        .property("hibernate.default_schema", schema)
        .schemaAction("create")
        .poolSize(2)
        .entities(ENTITIES)
        .build());
    RecordingPublisher publisher = new RecordingPublisher();
    closing.keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher).build()));
    TaskRepository tasks = store.register(new TaskRepository());
    for (int i = 1; i <= 5; i++) {
      tasks.create(Map.of("title", "task " + i));
      awaitPublished(publisher, i);
      Object setting = store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
          .createNativeQuery("SHOW synchronous_commit").getSingleResult());
      assertThat(setting).as("synchronous_commit of a unit of work after the relay's commit").isEqualTo("on");
    }
  }

  private static boolean received(PGConnection connection, long waitMillis) throws Exception {
    PGNotification[] notifications = connection.getNotifications((int) waitMillis);
    return notifications != null && notifications.length > 0;
  }

  private static void awaitPublished(RecordingPublisher publisher, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (publisher.published().size() < count) {
      assertThat(System.nanoTime()).as("%d events published within 10 s", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
