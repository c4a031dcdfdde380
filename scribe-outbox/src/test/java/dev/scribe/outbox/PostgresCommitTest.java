package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Scribe;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Person;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.TaskRepository;
import dev.scribe.repository.UnitOfWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On PostgreSQL the outbox's rows are the unit of work's last statement, sent with its COMMIT in one round
 * trip: a COMMIT that fails there (a deferred constraint, a serialization failure) fails the unit of work with
 * the database's error, and nothing of it is published; the pooled connections go on serving units after it.
 */
@Tag("broker")
class PostgresCommitTest {
  static final Class<?>[] ENTITIES = {Task.class, Subtask.class, Person.class};

  @RegisterExtension
  static final PostgresSchema POSTGRES = new PostgresSchema();

  @RegisterExtension
  final ClosedAfterEach closing = new ClosedAfterEach();

  @Test
  void aCommitRefusedWithTheOutboxRowsFailsTheUnitWithTheDatabasesErrorAndPublishesNothing() throws Exception {
    String schema = POSTGRES.create("refused");
    // Two connections: the relay's LISTEN holds one, so the relay and the stores take turns on the other.
    DataStore store = closing.keep(DataStore.builder(Scribe.create())
        .jdbcUrl(PostgresSchema.url(schema)).username("postgres").password("")
        .property("hibernate.default_schema", schema)
        .schemaAction("create")
        .poolSize(2)
        .entities(ENTITIES)
        .build());
    RecordingPublisher publisher = new RecordingPublisher();
    Outbox outbox = closing.keep(Outbox.install(store, OutboxSettings.builder().publisher(publisher).build()));
    TaskRepository tasks = store.register(new TaskRepository());
    // checked at COMMIT, after every statement of the transaction: the COMMIT sent with the outbox's INSERT fails
    try (Connection connection = DriverManager.getConnection(PostgresSchema.url(schema), "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE FUNCTION " + schema + ".refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS"
          + " $$ BEGIN RAISE EXCEPTION 'refused at commit: %', NEW.title USING ERRCODE = '23514'; END $$");
      statement.execute("CREATE CONSTRAINT TRIGGER refused_at_commit AFTER INSERT ON " + schema + ".task"
          + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title LIKE 'refused%')"
          + " EXECUTE FUNCTION " + schema + ".refuse_at_commit()");
    }

    tasks.create(Map.of("title", "before"));
    awaitPublished(publisher, 1);

    List<String> outcomes = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> store.inTransaction(() -> {
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.afterCommit(() -> outcomes.add("committed"));
      unit.afterRollback(() -> outcomes.add("rolled back"));
      return tasks.create(Map.of("title", "refused one"));
    })).satisfies(failure -> assertThat(messages(failure)).contains("refused at commit: refused one"));
    assertThat(outcomes).containsExactly("rolled back");

    // the pool's connections were left out of any transaction: the next units commit and are published
    for (int i = 1; i <= 4; i++) {
      tasks.create(Map.of("title", "after " + i));
    }
    awaitPublished(publisher, 5);
    Thread.sleep(300); // a row of the refused unit would be published by now
    assertThat(publisher.published()).extracting(event -> (Object) ((Map<?, ?>) Json.read(event.payload()).get("new")).get("title"))
        .containsExactly((Object) "before", "after 1", "after 2", "after 3", "after 4");
    assertThat(PostgresSchema.count(schema, "SELECT COUNT(*) FROM " + outbox.table())).isEqualTo(5);
    assertThat(PostgresSchema.count(schema, "SELECT COUNT(*) FROM " + schema + ".task WHERE title LIKE 'refused%'"))
        .isZero();
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      all.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static void awaitPublished(RecordingPublisher publisher, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (publisher.published().size() < count) {
      assertThat(System.nanoTime()).as("%d events published within 10 s", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
