package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Change;
import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The UPDATEs of an entity of a plain type (one table, basic columns, a version: {@link Note}) at an update
 * batch's flush points are sent by the unit of work's own JDBC batches, setting only the changed columns, and
 * keep what Hibernate's update action gave: the entity-tier {@code preUpdate} and {@code postUpdate} of every
 * record, a {@code preUpdate} handler's change written, the version moved by one, nothing written for a record
 * that changed nothing, and for every flush point and every row the database refuses there — a stale version
 * among them — the database as before and the refusal reported under its record's index.
 */
class PlainUpdateFlushTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static final int FAILING = 1;
  static DataStore store;
  static NoteRepository notes;
  static Repository<StampedNote, Long> stamped;
  /** The text of every statement the store prepared. */
  static final List<String> PREPARED = new CopyOnWriteArrayList<>();
  private final List<Subscription> handlers = new ArrayList<>();

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
    UNIQUE(note -> note.title = "taken", 409),
    NOT_NULL(note -> note.dueDate = null, 422),
    STALE(null, 409);

    final Consumer<Note> breakRow;
    final int status;

    Refusal(Consumer<Note> breakRow, int status) {
      this.breakRow = breakRow;
      this.status = status;
    }
  }

  @BeforeAll
  static void open() throws SQLException {
    store = DB.storeBuilder(Scribe.create()).entities(Note.class, StampedNote.class)
        .property("hibernate.session_factory.statement_inspector", (StatementInspector) sql -> {
          PREPARED.add(sql);
          return sql;
        }).build();
    notes = store.register(new NoteRepository());
    stamped = store.register(new Repository<StampedNote, Long>() {});
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX note_title_unique ON Note (title)");
      statement.execute("ALTER TABLE Note ALTER COLUMN dueDate SET NOT NULL");
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void reset() throws SQLException {
    handlers.forEach(Subscription::remove);
    handlers.clear();
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM Note");
      statement.execute("DELETE FROM StampedNote");
    }
  }

  @Test
  void aJpaPreUpdateCallbackStillRunsAndItsChangeIsWritten() {
    stamped.createBatch(List.of(params("title", "a"), params("title", "b")), CallOptions.none());

    stamped.updateWhere(new Query(), Map.of("title", "c"), CallOptions.none());

    assertThat(DB.rows("StampedNote")).extracting(row -> row.get("title") + " " + row.get("updates"))
        .containsExactly("c 1", "c 1");
  }

  @Test
  void aBulkUpdateFiresEveryRecordsEventsWithItsChangesAndMovesEachVersionByOne() {
    List<Note> created = create(store.batchSize() * 2 + 3);
    List<String> events = new ArrayList<>();
    List<Map<String, Change>> changes = new ArrayList<>();
    on(notes.events(), "postUpdate", args -> {
      events.add("postUpdate[" + args.index() + "]");
      changes.add(args.changes());
    });
    on(notes.events(), "postUpdateBatch", args -> events.add("postUpdateBatch"));
    on(store.entities().events(Note.class), "preUpdate", args -> events.add("Note.preUpdate " + args.self(Note.class).title));
    on(store.entities().events(Note.class), "postUpdate", args -> events.add("Note.postUpdate " + args.self(Note.class).title
        + " v" + args.self(Note.class).version));

    BatchResult<Note> result = notes.updateWhere(new Query(), Map.of("done", true, "priority", 2), CallOptions.none());

    assertThat(result.items()).hasSize(created.size()).allSatisfy(note -> assertThat(note.version).isEqualTo(1L));
    assertThat(changes).hasSize(created.size()).allSatisfy(change -> assertThat(change).containsOnlyKeys("done", "priority"));
    assertThat(changes.get(0)).containsEntry("priority", new Change(1, 2)).containsEntry("done", new Change(false, true));
    assertThat(events).filteredOn(event -> event.startsWith("Note.preUpdate")).hasSize(created.size());
    assertThat(events).filteredOn(event -> event.startsWith("Note.postUpdate")).hasSize(created.size())
        .allSatisfy(event -> assertThat(event).endsWith(" v1"));
    // each record's entity events come at the flush point after it, before the batch's end
    assertThat(events.indexOf("Note.preUpdate note 0")).isGreaterThan(events.indexOf("postUpdate[0]"));
    assertThat(events.indexOf("Note.postUpdate note 0 v1")).isGreaterThan(events.indexOf("Note.preUpdate note 0"));
    assertThat(events.indexOf("Note.postUpdate " + "note " + (created.size() - 1) + " v1"))
        .isLessThan(events.indexOf("postUpdateBatch"));
    assertThat(DB.rows("Note")).hasSize(created.size()).allSatisfy(row -> {
      assertThat(row.get("done")).isEqualTo(true);
      assertThat(((Number) row.get("priority")).intValue()).isEqualTo(2);
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(1L);
    });
  }

  @Test
  void rowsGivenTheSameValuesAreWrittenByOneStatementEachFlushPoint() {
    List<Note> created = create(store.batchSize() * 2 + 3);
    PREPARED.clear();
    List<Map<String, Object>> everyOther = new ArrayList<>();
    for (int i = 0; i < created.size(); i += 2) {
      everyOther.add(params("id", created.get(i).id, "done", true, "priority", 2));
    }

    notes.updateBatch(everyOther, CallOptions.none());

    List<String> updates = updates();
    assertThat(updates).as("no single-row UPDATE").allMatch(sql -> sql.contains(" in ("));
    assertThat(updates).hasSizeLessThanOrEqualTo(everyOther.size() / store.batchSize() + 2);
    assertThat(updates.stream().mapToInt(PlainUpdateFlushTest::ids).sum()).isEqualTo(everyOther.size());
    List<Object> writtenIds = everyOther.stream().map(row -> row.get("id")).toList();
    assertThat(DB.rows("Note")).hasSize(created.size()).allSatisfy(row -> {
      boolean written = writtenIds.contains(((Number) row.get("id")).longValue());
      assertThat(row.get("done")).isEqualTo(written);
      assertThat(((Number) row.get("priority")).intValue()).isEqualTo(written ? 2 : 1);
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(written ? 1L : 0L);
    });
  }

  @Test
  void rowsOfConsecutiveIdsGivenTheSameValuesAreWrittenAsTheRangeOfTheirIds() {
    List<Note> created = create(store.batchSize() * 2 + 3);
    List<Long> ids = created.stream().map(note -> note.id).sorted().toList();
    assertThat(ids.get(ids.size() - 1) - ids.get(0)).as("the sequence gave consecutive ids").isEqualTo(ids.size() - 1);
    PREPARED.clear();

    notes.updateWhere(new Query(), Map.of("done", true, "priority", 2), CallOptions.none());

    List<String> updates = updates();
    assertThat(updates).as("no single-row UPDATE, no list of ids").allMatch(PlainUpdateFlushTest::range);
    assertThat(updates).hasSizeLessThanOrEqualTo(created.size() / store.batchSize() + 2);
    assertThat(DB.rows("Note")).hasSize(created.size()).allSatisfy(row -> {
      assertThat(row.get("done")).isEqualTo(true);
      assertThat(((Number) row.get("priority")).intValue()).isEqualTo(2);
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(1L);
    });
  }

  @Test
  void aRecordAHandlerGaveOtherValuesIsWrittenByItsOwnStatement() {
    List<Note> created = create(5);
    on(store.entities().events(Note.class), "preUpdate", args -> {
      if (args.self(Note.class).title.equals("note 1")) {
        args.self(Note.class).priority = 7;
      }
    });
    PREPARED.clear();

    notes.updateWhere(new Query(), Map.of("priority", 2), CallOptions.none());

    List<String> updates = updates();
    assertThat(updates).filteredOn(sql -> !sql.contains(" in (")).hasSize(1);
    assertThat(updates).filteredOn(sql -> sql.contains(" in (")).hasSize(1)
        .allSatisfy(sql -> assertThat(ids(sql)).isEqualTo(created.size() - 1));
    assertThat(DB.rows("Note")).extracting(row -> row.get("title") + " " + row.get("priority") + " v" + row.get("version"))
        .containsExactlyInAnyOrder("note 0 2 v1", "note 1 7 v1", "note 2 2 v1", "note 3 2 v1", "note 4 2 v1");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FlushPoint.class)
  void aStaleRowAmongRowsGivenTheSameValuesIsReportedUnderItsRecord(FlushPoint point) {
    List<Map<String, Object>> rows = sameChanges(point);
    Object before = DB.snapshot("Note");
    AtomicInteger broken = new AtomicInteger();
    breakAt(Refusal.STALE, point, rows.size(), broken, new ArrayList<>());
    PREPARED.clear();

    Throwable thrown = catchThrowable(() -> notes.updateBatch(rows, CallOptions.none()));

    assertThat(broken.get()).isEqualTo(1);
    assertThat(updates()).as("the rows' consecutive ids written as their range").anyMatch(PlainUpdateFlushTest::range);
    assertThat(DB.snapshot("Note")).isEqualTo(before);
    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).records()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(((Veto) thrown).status()).isEqualTo(409);
    VersionConflictException conflict = (VersionConflictException) thrown.getCause();
    assertThat(conflict.id()).isEqualTo(rows.get(FAILING).get("id"));
    assertThat(conflict.expectedVersion()).isEqualTo(0L);
  }

  @Test
  void underIgnoreErrorsAStaleRowAmongRowsGivenTheSameValuesIsLeftOutAndTheOthersAreKept() {
    List<Map<String, Object>> rows = sameChanges(FlushPoint.BATCH_FULL);
    breakAt(Refusal.STALE, FlushPoint.BATCH_FULL, rows.size(), new AtomicInteger(), new ArrayList<>());
    PREPARED.clear();

    BatchResult<Note> result = notes.updateBatch(rows, CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(result.failures().get(0).status()).isEqualTo(409);
    assertThat(result.items()).hasSize(rows.size() - 1);
    assertThat(updates()).as("the kept rows again in shared statements").anyMatch(sql -> sql.contains(" in ("));
    Object failing = rows.get(FAILING).get("id");
    assertThat(DB.rows("Note")).hasSize(rows.size()).allSatisfy(row -> assertThat(((Number) row.get("priority")).intValue())
        .isEqualTo(failing.equals(((Number) row.get("id")).longValue()) ? 1 : 9));
  }

  @Test
  void onlyTheChangedColumnsAreSet() {
    Note first = create(3).get(0);
    // a column changed behind Hibernate's back, in the same transaction, without a new version
    on(notes.events(), "postUpdate", args -> {
      if (args.index() == 0) {
        sql("UPDATE Note SET done = TRUE WHERE id = " + first.id);
      }
    });

    notes.updateWhere(new Query(), Map.of("priority", 5), CallOptions.none());

    assertThat(DB.rows("Note")).extracting(row -> row.get("done")).containsExactlyInAnyOrder(true, false, false);
  }

  @Test
  void aPreUpdateHandlersChangeIsWrittenInTheSameUpdate() {
    create(3);
    on(store.entities().events(Note.class), "preUpdate", args -> args.self(Note.class).dueDate = DUE.plusDays(1));

    notes.updateWhere(new Query(), Map.of("priority", 4), CallOptions.none());

    assertThat(DB.rows("Note")).hasSize(3).allSatisfy(row -> {
      assertThat(String.valueOf(row.get("duedate"))).isEqualTo("2030-01-02");
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(1L);
    });
  }

  @Test
  void aRecordThatChangesNothingWritesNoRow() {
    List<Note> created = create(3);
    AtomicInteger postUpdates = new AtomicInteger();
    on(store.entities().events(Note.class), "postUpdate", args -> postUpdates.incrementAndGet());

    notes.updateBatch(List.of(params("id", created.get(0).id, "title", "note 0"),
        params("id", created.get(1).id, "title", "note 1 v2")), CallOptions.none());

    assertThat(postUpdates.get()).isEqualTo(1);
    assertThat(DB.rows("Note")).extracting(row -> row.get("title") + " v" + row.get("version"))
        .containsExactlyInAnyOrder("note 0 v0", "note 1 v2 v1", "note 2 v0");
  }

  @Test
  void aVetoAfterRowsWereSentRollsTheWholeBulkBack() {
    create(store.batchSize() + 5);
    Object before = DB.snapshot("Note");
    on(store.entities().events(Note.class), "postUpdate", args -> {
      if (args.self(Note.class).priority == 3 && args.self(Note.class).title.equals("note " + (store.batchSize() + 2))) {
        throw new Veto(403, "not this one");
      }
    });

    Throwable thrown = catchThrowable(() -> notes.updateWhere(new Query(), Map.of("priority", 3), CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).status()).isEqualTo(403);
    assertThat(DB.snapshot("Note")).isEqualTo(before);
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
  void underIgnoreErrorsAnUpdateRefusedAtAFlushPointIsLeftOutAndTheOthersAreKept(Refusal refusal) {
    notes.create(params("title", "taken", "dueDate", DUE, "priority", 1));
    List<Map<String, Object>> rows = changes(FlushPoint.BATCH_FULL);
    breakAt(refusal, FlushPoint.BATCH_FULL, rows.size(), new AtomicInteger(), new ArrayList<>());

    BatchResult<Note> result = notes.updateBatch(rows, CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(result.failures().get(0).status()).isEqualTo(refusal.status);
    assertThat(result.items()).hasSize(rows.size() - 1);
    List<String> kept = new ArrayList<>(List.of("taken"));
    for (int i = 0; i < rows.size(); i++) {
      kept.add(i == FAILING ? "note " + i : "note " + i + " v2");
    }
    assertThat(DB.rows("Note")).extracting(row -> row.get("title")).containsExactlyInAnyOrderElementsOf(kept);
  }

  @Test
  void aStaleVersionFoundAtTheFlushNamesTheVersionItsRecordRead() {
    List<Map<String, Object>> rows = changes(FlushPoint.BEFORE_POST_BATCH);
    breakAt(Refusal.STALE, FlushPoint.BEFORE_POST_BATCH, rows.size(), new AtomicInteger(), new ArrayList<>());

    Throwable thrown = catchThrowable(() -> notes.updateBatch(rows, CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(thrown.getCause()).isInstanceOf(VersionConflictException.class);
    VersionConflictException conflict = (VersionConflictException) thrown.getCause();
    assertThat(conflict.id()).isEqualTo(rows.get(FAILING).get("id"));
    assertThat(conflict.expectedVersion()).isEqualTo(0L);
  }

  private void check(Refusal refusal, FlushPoint point) {
    notes.create(params("title", "taken", "dueDate", DUE, "priority", 1));
    List<Map<String, Object>> rows = changes(point);
    Object before = DB.snapshot("Note");
    AtomicInteger broken = new AtomicInteger();
    List<Long> rowsSeenByQuery = new ArrayList<>();
    breakAt(refusal, point, rows.size(), broken, rowsSeenByQuery);

    Throwable thrown = catchThrowable(() -> notes.updateBatch(rows, CallOptions.none()));

    assertThat(broken.get()).as("the row was broken").isGreaterThanOrEqualTo(1);
    assertThat(DB.snapshot("Note")).isEqualTo(before);
    assertThat(thrown).isInstanceOf(Veto.class);
    Veto veto = (Veto) thrown;
    assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(veto.status()).isEqualTo(refusal.status);
    assertThat(veto.getCause()).isInstanceOf(refusal == Refusal.STALE ? VersionConflictException.class
        : ConstraintConflictException.class);
  }

  /** Notes "note i" created, and the batch that renames each to "note i v2". */
  private List<Map<String, Object>> changes(FlushPoint point) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int i = 0;
    for (Note note : create(point == FlushPoint.BATCH_FULL ? store.batchSize() + 1 : 4)) {
      rows.add(params("id", note.id, "title", "note " + i++ + " v2"));
    }
    return rows;
  }

  /** Notes created, and the batch that gives each the same new priority. */
  private List<Map<String, Object>> sameChanges(FlushPoint point) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Note note : create(point == FlushPoint.BATCH_FULL ? store.batchSize() + 1 : 4)) {
      rows.add(params("id", note.id, "priority", 9));
    }
    return rows;
  }

  /** The UPDATEs of Note prepared since {@link #PREPARED} was cleared. */
  private static List<String> updates() {
    return PREPARED.stream().map(sql -> sql.toLowerCase(java.util.Locale.ROOT))
        .filter(sql -> sql.matches("update ([a-z0-9_]+\\.)?note set .*")).toList(); // schema-qualified on PostgreSQL
  }

  /** True for the UPDATE of a range of ids ({@code id>=? and id<=?}). */
  private static boolean range(String update) {
    return update.matches(".* where id>=\\? and id<=\\? and version=\\?");
  }

  /** How many ids the statement's {@code IN} list has (1 for a single-row UPDATE). */
  private static int ids(String update) {
    int in = update.indexOf(" in (");
    return in < 0 ? 1 : (int) update.substring(in, update.indexOf(')', in)).chars().filter(c -> c == '?').count();
  }

  private List<Note> create(int count) {
    List<Map<String, Object>> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(params("title", "note " + i, "dueDate", DUE, "priority", 1, "createdBy", "seed"));
    }
    return notes.createBatch(created, CallOptions.none()).items();
  }

  private void breakAt(Refusal refusal, FlushPoint point, int size, AtomicInteger broken, List<Long> rowsSeenByQuery) {
    if (refusal == Refusal.STALE) {
      // another write of the row in the same transaction, behind Hibernate's back: the record's UPDATE, sent at
      // the flush point against the version the record read, finds no row at that version
      on(notes.events(), "postUpdate", args -> {
        if (Integer.valueOf(FAILING).equals(args.index())) {
          sql("UPDATE Note SET version = version + 1 WHERE id = " + args.id());
          broken.incrementAndGet();
        }
      });
    } else {
      on(store.entities().events(Note.class), "preUpdate", args -> {
        if (args.self(Note.class).title.equals("note " + FAILING + " v2")) {
          refusal.breakRow.accept(args.self(Note.class));
          broken.incrementAndGet();
        }
      });
    }
    if (point == FlushPoint.BEFORE_QUERY) {
      on(notes.events(), "verifyUpdate", args -> {
        if (args.index() == size - 1) {
          rowsSeenByQuery.add(store.currentUnitOfWork().orElseThrow().entityManager()
              .createQuery("select count(n) from Note n", Long.class).getSingleResult());
        }
      });
    }
  }

  private void on(EventManager manager, String event, EventHandler handler) {
    handlers.add(manager.on(event, handler));
  }

  private static void sql(String statement) {
    store.currentUnitOfWork().orElseThrow().entityManager().unwrap(Session.class).doWork(connection -> {
      try (Statement update = connection.createStatement()) {
        update.executeUpdate(statement);
      }
    });
  }
}
