package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The INSERTs of an entity of a plain type (one table, basic columns, a sequence id, a version: {@link Note}) at
 * a create batch's flush points are sent by the unit of work's own JDBC batches, and keep what Hibernate's insert
 * action gave: the id assigned at persist, the version's initial value, the entity-tier {@code prePersist} and
 * {@code postPersist} of every record ({@code postPersist} after its row is in the database), a JPA
 * {@code @PrePersist} callback's change written, and for every flush point and every row the database refuses
 * there the database as before and the refusal reported under its record's index.
 */
class PlainInsertFlushTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static final int FAILING = 1;
  static DataStore store;
  static NoteRepository notes;
  static Repository<StampedNote, Long> stamped;
  private final List<Subscription> handlers = new ArrayList<>();

  /** Where the INSERT of the failing record reaches the database. */
  enum FlushPoint {
    /** After a full JDBC batch of records. */
    BATCH_FULL,
    /** Before a query a later record's handler runs on the same table. */
    BEFORE_QUERY,
    /** Before postCreateBatch. */
    BEFORE_POST_BATCH
  }

  /** What the database refuses: a title already taken, or no due date. */
  enum Refusal {
    UNIQUE(409),
    NOT_NULL(422);

    final int status;

    Refusal(int status) {
      this.status = status;
    }
  }

  @BeforeAll
  static void open() throws SQLException {
    store = DB.storeBuilder(Scribe.create()).entities(Note.class, StampedNote.class).build();
    notes = store.register(new NoteRepository());
    stamped = store.register(new Repository<StampedNote, Long>() {});
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX note_insert_title_unique ON Note (title)");
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
  void aBatchOfCreatesFiresEveryRecordsEventsAndPostPersistFindsItsRow() {
    int count = store.batchSize() * 2 + 3;
    List<String> events = new ArrayList<>();
    Map<Object, Boolean> rowThereAtPostPersist = new HashMap<>();
    on(store.entities().events(Note.class), "prePersist", args -> events.add("Note.prePersist " + args.self(Note.class).title));
    on(store.entities().events(Note.class), "postPersist", args -> {
      Note note = args.self(Note.class);
      events.add("Note.postPersist " + note.title);
      rowThereAtPostPersist.put(note.id, count("SELECT COUNT(*) FROM Note WHERE id = " + note.id) == 1);
    });
    on(notes.events(), "postCreate", args -> events.add("postCreate[" + args.index() + "]"));
    on(notes.events(), "postCreateBatch", args -> events.add("postCreateBatch"));

    List<Note> created = create(count);

    assertThat(created).hasSize(count).allSatisfy(note -> {
      assertThat(note.id).isNotNull();
      assertThat(note.version).isEqualTo(0L);
    });
    assertThat(new HashSet<>(created.stream().map(note -> note.id).toList())).hasSize(count);
    assertThat(rowThereAtPostPersist).hasSize(count).doesNotContainValue(false);
    assertThat(events).filteredOn(event -> event.startsWith("Note.prePersist")).hasSize(count);
    assertThat(events).filteredOn(event -> event.startsWith("Note.postPersist")).hasSize(count);
    assertThat(events.indexOf("Note.postPersist note 0")).isGreaterThan(events.indexOf("Note.prePersist note 0"));
    assertThat(events.indexOf("Note.postPersist note " + (count - 1))).isLessThan(events.indexOf("postCreateBatch"));
    assertThat(DB.rows("Note")).hasSize(count).allSatisfy(row -> {
      assertThat(((Number) row.get("version")).longValue()).isEqualTo(0L);
      assertThat(row.get("createdby")).isEqualTo("seed");
    });
    assertThat(DB.rows("Note")).extracting(row -> ((Number) row.get("id")).longValue())
        .containsExactlyInAnyOrderElementsOf(created.stream().map(note -> note.id).toList());
  }

  @Test
  void aPrePersistHandlersChangeIsWritten() {
    on(store.entities().events(Note.class), "prePersist", args -> args.self(Note.class).priority = 7);

    create(store.batchSize() + 2);

    assertThat(DB.rows("Note")).hasSize(store.batchSize() + 2)
        .allSatisfy(row -> assertThat(((Number) row.get("priority")).intValue()).isEqualTo(7));
  }

  @Test
  void aJpaPrePersistCallbackStillRunsAndItsChangeIsWritten() {
    stamped.createBatch(List.of(params("title", "a"), params("title", "b")), CallOptions.none());

    assertThat(DB.rows("StampedNote")).extracting(row -> row.get("title") + " " + row.get("creates"))
        .containsExactlyInAnyOrder("a 1", "b 1");
  }

  @Test
  void aVetoAfterRowsWereSentRollsTheWholeBatchBack() {
    Object before = DB.snapshot("Note");
    on(store.entities().events(Note.class), "postPersist", args -> {
      if (args.self(Note.class).title.equals("note " + (store.batchSize() + 2))) {
        throw new Veto(403, "not this one");
      }
    });

    Throwable thrown = catchThrowable(() -> create(store.batchSize() + 5));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).status()).isEqualTo(403);
    assertThat(DB.snapshot("Note")).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anInsertRefusedAfterAFullJdbcBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BATCH_FULL);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anInsertRefusedAtTheFlushBeforeAQueryIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_QUERY);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void anInsertRefusedAtTheFlushBeforePostCreateBatchIsReportedUnderItsRecord(Refusal refusal) {
    check(refusal, FlushPoint.BEFORE_POST_BATCH);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Refusal.class)
  void underIgnoreErrorsAnInsertRefusedAtAFlushPointIsLeftOutAndTheOthersAreKept(Refusal refusal) {
    notes.create(params("title", "taken", "dueDate", DUE, "priority", 1));
    List<Map<String, Object>> rows = rows(FlushPoint.BATCH_FULL, refusal);

    BatchResult<Note> result = notes.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(result.failures().get(0).status()).isEqualTo(refusal.status);
    assertThat(result.items()).hasSize(rows.size() - 1);
    List<String> kept = new ArrayList<>(List.of("taken"));
    for (int i = 0; i < rows.size(); i++) {
      if (i != FAILING) {
        kept.add("note " + i);
      }
    }
    assertThat(DB.rows("Note")).extracting(row -> row.get("title")).containsExactlyInAnyOrderElementsOf(kept);
  }

  private void check(Refusal refusal, FlushPoint point) {
    notes.create(params("title", "taken", "dueDate", DUE, "priority", 1));
    List<Map<String, Object>> rows = rows(point, refusal);
    Object before = DB.snapshot("Note");
    List<Long> rowsSeenByQuery = new ArrayList<>();
    if (point == FlushPoint.BEFORE_QUERY) {
      on(notes.events(), "verifyCreate", args -> {
        if (args.index() == rows.size() - 1) {
          rowsSeenByQuery.add(store.currentUnitOfWork().orElseThrow().entityManager()
              .createQuery("select count(n) from Note n", Long.class).getSingleResult());
        }
      });
    }

    Throwable thrown = catchThrowable(() -> notes.createBatch(rows, CallOptions.none()));

    assertThat(DB.snapshot("Note")).isEqualTo(before);
    assertThat(thrown).isInstanceOf(Veto.class);
    Veto veto = (Veto) thrown;
    assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(FAILING);
    assertThat(veto.status()).isEqualTo(refusal.status);
    assertThat(veto.getCause()).isInstanceOf(ConstraintConflictException.class);
  }

  /** The creates of "note i", the one at {@link #FAILING} broken as {@code refusal} says. */
  private List<Map<String, Object>> rows(FlushPoint point, Refusal refusal) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int count = point == FlushPoint.BATCH_FULL ? store.batchSize() + 1 : 4;
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = params("title", i == FAILING && refusal == Refusal.UNIQUE ? "taken" : "note " + i,
          "priority", 1, "createdBy", "seed");
      if (i != FAILING || refusal != Refusal.NOT_NULL) {
        row.put("dueDate", DUE);
      }
      rows.add(row);
    }
    return rows;
  }

  private List<Note> create(int count) {
    List<Map<String, Object>> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(params("title", "note " + i, "dueDate", DUE, "priority", 1, "createdBy", "seed"));
    }
    return notes.createBatch(created, CallOptions.none()).items();
  }

  private void on(EventManager manager, String event, EventHandler handler) {
    handlers.add(manager.on(event, handler));
  }

  /** A count read on the unit of work's own connection, so it sees the rows sent but not committed. */
  private static long count(String query) {
    AtomicInteger result = new AtomicInteger(-1);
    store.currentUnitOfWork().orElseThrow().entityManager().unwrap(Session.class).doWork(connection -> {
      try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
        rows.next();
        result.set(rows.getInt(1));
      }
    });
    return result.get();
  }
}
