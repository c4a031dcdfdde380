package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every flush point of an update batch and every kind of row the database refuses there — a stale
 * version among them — the database is exactly as before, and the refused UPDATE is reported under the
 * index of its record, as when each record's UPDATE was sent on its own; under {@code ignoreErrors} the
 * record is left out and the others are kept. The table gets a unique title and a required due date.
 */
class UpdateFlushFaultMatrixTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;
  static final AtomicInteger POINTS = new AtomicInteger();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static final int FAILING = 1;

  /** Where the UPDATE of the failing record reaches the database. */
  enum FlushPoint {
    /** After a full JDBC batch of records. */
    BATCH_FULL,
    /** Before a query a later record's handler runs on the same table. */
    BEFORE_QUERY,
    /** Before postUpdateBatch. */
    BEFORE_POST_BATCH
  }

  /** What the database refuses: a row broken by the entity's preUpdate handler, or a version changed under the record. */
  enum Refusal {
    UNIQUE(task -> task.title = "taken", "23505", 409),
    FOREIGN_KEY(task -> task.owner = missingPerson(), "23", 422),
    NOT_NULL(task -> task.dueDate = null, "23502", 422),
    STALE(null, null, 409);

    final Consumer<Task> breakRow;
    final String sqlState;
    final int status;

    Refusal(Consumer<Task> breakRow, String sqlState, int status) {
      this.breakRow = breakRow;
      this.sqlState = sqlState;
      this.status = status;
    }
  }

  @BeforeAll
  static void constrain() throws SQLException {
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX task_title_unique ON Task (title)");
      statement.execute("ALTER TABLE Task ALTER COLUMN dueDate SET NOT NULL");
    }
  }

  @AfterAll
  static void report() {
    System.out.println("update flush fault matrix: " + POINTS.get() + " injection points, each left the database unchanged");
  }

  private static Person missingPerson() {
    return fixture.store.currentUnitOfWork().orElseThrow().entityManager().getReference(Person.class, -42L);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anUpdateRefusedAfterAFullJdbcBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BATCH_FULL);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anUpdateRefusedAtTheFlushBeforeAQueryIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_QUERY);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anUpdateRefusedAtTheFlushBeforePostUpdateBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_POST_BATCH);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void underIgnoreErrorsAnUpdateRefusedAtAnyFlushPointIsLeftOutAndTheOthersAreKept(Refusal refusal) {
    for (FlushPoint point : FlushPoint.values()) {
      fixture.reset();
      fixture.tasks.create(params("title", "taken", "dueDate", DUE));
      List<Map<String, Object>> rows = changes(point);
      List<String> kept = new ArrayList<>(List.of("taken"));
      for (int i = 0; i < rows.size(); i++) {
        kept.add(i == FAILING ? "task " + i : "task " + i + " v2");
      }
      List<Subscription> handlers = breakAt(refusal, point, rows.size(), new AtomicInteger(), new ArrayList<>());

      BatchResult<Task> result = fixture.tasks.updateBatch(rows, CallOptions.builder().ignoreErrors(true).build());

      assertThat(result.failures()).as(point.name()).extracting(Veto.RecordError::index).containsExactly(FAILING);
      assertThat(result.failures().get(0).status()).as(point.name()).isEqualTo(refusal.status);
      assertThat(result.items()).as(point.name()).hasSize(rows.size() - 1);
      assertThat(fixture.db.rows("Task")).as(point.name()).extracting(row -> row.get("title"))
          .containsExactlyInAnyOrderElementsOf(kept);
      handlers.forEach(Subscription::remove);
      POINTS.incrementAndGet();
    }
  }

  @Test
  void aStaleVersionFoundAtTheFlushNamesTheVersionItsRecordRead() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    List<Map<String, Object>> rows = changes(FlushPoint.BEFORE_POST_BATCH);
    breakAt(Refusal.STALE, FlushPoint.BEFORE_POST_BATCH, rows.size(), new AtomicInteger(), new ArrayList<>());

    Throwable thrown = catchThrowable(() -> fixture.tasks.updateBatch(rows, CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).status()).isEqualTo(409);
    assertThat(thrown.getCause()).isInstanceOf(VersionConflictException.class);
    VersionConflictException conflict = (VersionConflictException) thrown.getCause();
    assertThat(conflict.id()).isEqualTo(rows.get(FAILING).get("id"));
    assertThat(conflict.expectedVersion()).isEqualTo(0L);
  }

  private void check(Refusal refusal, FlushPoint point) {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    List<Map<String, Object>> rows = changes(point);
    Object before = fixture.snapshot();
    AtomicInteger broken = new AtomicInteger();
    List<Long> rowsSeenByQuery = new ArrayList<>();
    breakAt(refusal, point, rows.size(), broken, rowsSeenByQuery);

    Throwable thrown = catchThrowable(() -> fixture.tasks.updateBatch(rows, CallOptions.none()));

    assertThat(broken.get()).as("the row was broken").isGreaterThanOrEqualTo(1);
    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(rowsSeenByQuery).isEmpty();
    assertThat(thrown).isInstanceOf(Veto.class);
    Veto veto = (Veto) thrown;
    assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(veto.status()).isEqualTo(refusal.status);
    if (refusal == Refusal.STALE) {
      assertThat(veto.getCause()).isInstanceOf(VersionConflictException.class);
    } else {
      assertThat(veto.getCause()).isInstanceOf(ConstraintConflictException.class);
      assertThat(sqlStateOf(thrown)).startsWith(refusal.sqlState);
    }
    POINTS.incrementAndGet();
  }

  /** Tasks "task i" created, and the batch that renames each to "task i v2". */
  private static List<Map<String, Object>> changes(FlushPoint point) {
    int size = point == FlushPoint.BATCH_FULL ? fixture.store.batchSize() + 1 : 4;
    List<Map<String, Object>> created = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      created.add(params("title", "task " + i, "dueDate", DUE));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    int i = 0;
    for (Task task : fixture.tasks.createBatch(created, CallOptions.none()).items()) {
      rows.add(params("id", task.getId(), "title", "task " + i++ + " v2"));
    }
    return rows;
  }

  private static List<Subscription> breakAt(Refusal refusal, FlushPoint point, int size, AtomicInteger broken,
      List<Long> rowsSeenByQuery) {
    List<Subscription> handlers = new ArrayList<>();
    if (refusal == Refusal.STALE) {
      // another write of the row in the same transaction, behind Hibernate's back: the record's UPDATE,
      // sent at the flush point against the version the record read, finds no row at that version
      handlers.add(fixture.on(fixture.tasks.events(), "postUpdate", args -> {
        if (Integer.valueOf(FAILING).equals(args.index())) {
          Object id = args.id();
          fixture.store.currentUnitOfWork().orElseThrow().entityManager().unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.executeUpdate("UPDATE Task SET version = version + 1 WHERE id = " + id);
            }
          });
          broken.incrementAndGet();
        }
      }));
    } else {
      handlers.add(fixture.on(fixture.entity(Task.class), "preUpdate", args -> {
        if (Integer.valueOf(FAILING).equals(args.index())) {
          refusal.breakRow.accept(args.self(Task.class));
          broken.incrementAndGet();
        }
      }));
    }
    if (point == FlushPoint.BEFORE_QUERY) {
      handlers.add(fixture.on(fixture.tasks.events(), "verifyUpdate", args -> {
        if (args.index() == size - 1) {
          rowsSeenByQuery.add(fixture.store.currentUnitOfWork().orElseThrow().entityManager()
              .createQuery("select count(t) from Task t", Long.class).getSingleResult());
        }
      }));
    }
    return handlers;
  }

  private static String sqlStateOf(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException && ((SQLException) cause).getSQLState() != null) {
        return ((SQLException) cause).getSQLState();
      }
    }
    return "none in " + thrown;
  }
}
