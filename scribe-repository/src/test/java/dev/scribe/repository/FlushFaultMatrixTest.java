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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every flush point of a create batch and every kind of row the database refuses there: the database
 * is exactly as before, and a refused INSERT is reported under the index of its record, as when each
 * record was written on its own. The table gets a unique title and a required due date for the test.
 */
class FlushFaultMatrixTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;
  static final AtomicInteger POINTS = new AtomicInteger();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static final int FAILING = 1;

  /** Where the rows of the failing record reach the database. */
  enum FlushPoint {
    /** After a full JDBC batch of records. */
    BATCH_FULL,
    /** Before a query a later record's handler runs on the same table. */
    BEFORE_QUERY,
    /** Before postCreateBatch. */
    BEFORE_POST_BATCH,
    /** At the commit: a record changed by a postCreateBatch handler. */
    AT_COMMIT
  }

  /** What the database refuses, made by a handler on the entity after the record was validated. */
  enum Refusal {
    UNIQUE(task -> task.title = "taken", "23505"),
    FOREIGN_KEY(task -> task.owner = missingPerson(), "23"),
    NOT_NULL(task -> task.dueDate = null, "23502"),
    TOO_LONG(task -> task.title = "x".repeat(300), "22001");

    final Consumer<Task> breakRow;
    final String sqlState;

    Refusal(Consumer<Task> breakRow, String sqlState) {
      this.breakRow = breakRow;
      this.sqlState = sqlState;
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
    System.out.println("flush fault matrix: " + POINTS.get() + " injection points, each left the database unchanged");
  }

  private static Person missingPerson() {
    return fixture.store.currentUnitOfWork().orElseThrow().entityManager().getReference(Person.class, -42L);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @EnumSource(Refusal.class)
  void aRowRefusedAfterAFullJdbcBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BATCH_FULL);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void aRowRefusedAtTheFlushBeforeAQueryIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_QUERY);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void aRowRefusedAtTheFlushBeforePostCreateBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_POST_BATCH);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void aRowRefusedAtTheCommitLeavesTheDatabaseUnchanged(Refusal refusal) {
    check(refusal, FlushPoint.AT_COMMIT);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void underIgnoreErrorsARowRefusedAtAnyFlushPointIsLeftOutAndTheOthersAreKept(Refusal refusal) {
    for (FlushPoint point : List.of(FlushPoint.BATCH_FULL, FlushPoint.BEFORE_QUERY, FlushPoint.BEFORE_POST_BATCH)) {
      fixture.reset();
      fixture.tasks.create(params("title", "taken", "dueDate", DUE));
      int size = point == FlushPoint.BATCH_FULL ? fixture.store.batchSize() + 1 : 4;
      List<Map<String, Object>> rows = new ArrayList<>();
      List<String> kept = new ArrayList<>(List.of("taken"));
      for (int i = 0; i < size; i++) {
        rows.add(params("title", "task " + i, "dueDate", DUE));
        if (i != FAILING) {
          kept.add("task " + i);
        }
      }
      Subscription breaker = fixture.on(fixture.entity(Task.class), "prePersist", args -> {
        if (Integer.valueOf(FAILING).equals(args.index())) {
          refusal.breakRow.accept(args.self(Task.class));
        }
      });
      Subscription query = point != FlushPoint.BEFORE_QUERY ? null : fixture.on(fixture.tasks.events(), "verifyCreate",
          args -> fixture.store.currentUnitOfWork().orElseThrow().entityManager()
              .createQuery("select count(t) from Task t", Long.class).getSingleResult());

      BatchResult<Task> result = fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());

      assertThat(result.failures()).as(point.name()).extracting(Veto.RecordError::index).containsExactly(FAILING);
      assertThat(result.failures().get(0).status()).as(point.name()).isEqualTo(refusal == Refusal.UNIQUE ? 409 : 422);
      assertThat(result.items()).as(point.name()).hasSize(size - 1);
      assertThat(fixture.db.rows("Task")).as(point.name()).extracting(row -> row.get("title"))
          .containsExactlyInAnyOrderElementsOf(kept);
      breaker.remove();
      if (query != null) {
        query.remove();
      }
      POINTS.incrementAndGet();
    }
  }

  @Test
  void underIgnoreErrorsAnUpdateTheDatabaseRefusesIsLeftOutAndTheOthersAreKept() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    List<Task> tasks = fixture.tasks.createBatch(List.of(params("title", "a", "dueDate", DUE),
        params("title", "b", "dueDate", DUE), params("title", "c", "dueDate", DUE)), CallOptions.none()).items();

    BatchResult<Task> result = fixture.tasks.updateBatch(List.of(params("id", tasks.get(0).getId(), "title", "a2"),
        params("id", tasks.get(1).getId(), "title", "taken"), params("id", tasks.get(2).getId(), "title", "c2")),
        CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(1);
    assertThat(result.failures().get(0).status()).isEqualTo(409);
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("title"))
        .containsExactlyInAnyOrder("taken", "a2", "b", "c2");
  }

  @Test
  void underIgnoreErrorsARefusedRowIsLeftOutOnlyWhereTheUnitCanRunAgain() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    List<Map<String, Object>> batch = List.of(params("title", "a", "dueDate", DUE),
        params("title", "taken", "dueDate", DUE), params("title", "c", "dueDate", DUE));
    CallOptions ignoring = CallOptions.builder().ignoreErrors(true).build();
    Object before = fixture.snapshot();

    // a unit of work the caller opened cannot be run again without the record: the batch fails, nothing is kept
    Throwable failure = catchThrowable(() -> fixture.store.inTransaction(() -> fixture.tasks.createBatch(batch, ignoring)));
    assertThat(failure).isInstanceOfSatisfying(Veto.class, veto -> {
      assertThat(veto.status()).isEqualTo(409);
      assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(1);
    });
    assertThat(fixture.snapshot()).isEqualTo(before);

    // under DataStore.retrying it can: the record is left out and the others are kept
    BatchResult<Task> kept = fixture.store.retrying(0, () -> fixture.store.inTransaction(
        () -> fixture.tasks.createBatch(batch, ignoring)));
    assertThat(kept.items()).extracting(Task::getTitle).containsExactly("a", "c");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(1);
  }

  @Test
  void aRowRefusedInALaterGroupIsFoundAfterTheEarlierGroupsWereSent() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    Object before = fixture.snapshot();
    int size = fixture.store.batchSize() * 3 + 1;
    int failing = fixture.store.batchSize() * 2 + 5;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      rows.add(params("title", i == failing ? "taken" : "task " + i, "dueDate", DUE));
    }

    // each group's savepoint is released together with the next group's: the third group rolls back to its own
    Throwable thrown = catchThrowable(() -> fixture.tasks.createBatch(rows, CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).records()).extracting(Veto.RecordError::index).containsExactly(failing);
    assertThat(fixture.snapshot()).isEqualTo(before);

    BatchResult<Task> kept = fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());

    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(failing);
    assertThat(fixture.db.rows("Task")).hasSize(size);
  }

  @Test
  void aSingleCreateRefusedAtItsFlushThrowsItsOwnConflict() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    Object before = fixture.snapshot();

    Throwable thrown = catchThrowable(() -> fixture.tasks.create(params("title", "taken", "dueDate", DUE)));

    assertThat(thrown).isInstanceOf(ConstraintConflictException.class);
    assertThat(((ConstraintConflictException) thrown).kind()).isEqualTo(ConstraintConflictException.Kind.UNIQUE);
    assertThat(fixture.snapshot()).isEqualTo(before);
  }

  @Test
  void theFailingRecordIsFoundWithoutRunningTheBatchAgain() {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    AtomicInteger preCreates = new AtomicInteger();
    fixture.on(fixture.tasks.events(), "preCreate", args -> preCreates.incrementAndGet());

    Throwable thrown = catchThrowable(() -> fixture.tasks.createBatch(List.of(params("title", "a", "dueDate", DUE),
        params("title", "b", "dueDate", DUE), params("title", "taken", "dueDate", DUE)), CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).records()).extracting(Veto.RecordError::index).containsExactly(2);
    assertThat(preCreates.get()).isEqualTo(3);
  }

  private void check(Refusal refusal, FlushPoint point) {
    fixture.tasks.create(params("title", "taken", "dueDate", DUE));
    Object before = fixture.snapshot();
    int size = point == FlushPoint.BATCH_FULL ? fixture.store.batchSize() + 1 : 4;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      rows.add(params("title", "task " + i, "dueDate", DUE));
    }
    AtomicInteger broken = new AtomicInteger();
    List<Long> rowsSeenByQuery = new ArrayList<>();
    if (point == FlushPoint.AT_COMMIT) {
      fixture.on(fixture.tasks.events(), "postCreateBatch", args -> {
        Task task = (Task) args.results().get(FAILING);
        refusal.breakRow.accept(task);
        broken.incrementAndGet();
      });
    } else {
      fixture.on(fixture.entity(Task.class), "prePersist", args -> {
        if (Integer.valueOf(FAILING).equals(args.index())) {
          refusal.breakRow.accept(args.self(Task.class));
          broken.incrementAndGet();
        }
      });
    }
    if (point == FlushPoint.BEFORE_QUERY) {
      fixture.on(fixture.tasks.events(), "verifyCreate", args -> {
        if (args.index() == size - 1) {
          rowsSeenByQuery.add(fixture.store.currentUnitOfWork().orElseThrow().entityManager()
              .createQuery("select count(t) from Task t", Long.class).getSingleResult());
        }
      });
    }

    Throwable thrown = catchThrowable(() -> fixture.tasks.createBatch(rows, CallOptions.none()));

    assertThat(broken.get()).as("the row was broken").isGreaterThanOrEqualTo(1);
    assertThat(fixture.snapshot()).isEqualTo(before);
    assertThat(rowsSeenByQuery).isEmpty();
    if (point == FlushPoint.AT_COMMIT) {
      assertThat(thrown).isInstanceOf(ConstraintConflictException.class);
    } else {
      assertThat(thrown).isInstanceOf(Veto.class);
      Veto veto = (Veto) thrown;
      assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(FAILING);
      assertThat(veto.getCause()).isInstanceOf(ConstraintConflictException.class);
    }
    assertThat(sqlStateOf(thrown)).startsWith(refusal.sqlState);
    POINTS.incrementAndGet();
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
