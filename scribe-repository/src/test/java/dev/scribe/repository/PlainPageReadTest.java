package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Change;
import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a bulk update's page read gives the records of an entity of a plain type (one table, basic columns:
 * {@link Note}, {@link StampedNote}), whichever way the page's rows are read: one statement per page (where the
 * database locks rows in the SELECT that reads them), each record's entity managed, holding its row's write lock,
 * with its state as loaded (what the dirty check and {@code changes} compare with) and its {@code @PostLoad}
 * callback run once; an entity the unit held before the page was read keeps its instance; and the page's rows stay
 * locked while its records run.
 */
class PlainPageReadTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static DataStore store;
  static NoteRepository notes;
  static Repository<StampedNote, Long> stamped;
  private final List<Subscription> handlers = new ArrayList<>();

  @BeforeAll
  static void open() {
    store = DB.storeBuilder(Scribe.create()).entities(Note.class, StampedNote.class).build();
    notes = store.register(new NoteRepository());
    stamped = store.register(new Repository<StampedNote, Long>() {});
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

  private static CallOptions pagesOf(int size) {
    return CallOptions.builder().optionOverrides(Map.of("bulkPageSize", size)).build();
  }

  private static List<Note> create(int count, int priority) {
    List<Map<String, Object>> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(params("title", "note " + i, "dueDate", DUE, "priority", priority, "createdBy", "seed"));
    }
    return notes.createBatch(created, CallOptions.none()).items();
  }

  private static SessionImplementor session() {
    return store.currentUnitOfWork().orElseThrow().entityManager().unwrap(SessionImplementor.class);
  }

  @Test
  void eachPageIsReadInOneStatementAndEachRecordFindsItsEntityManagedLockedAndAsLoaded() {
    Assumptions.assumeTrue(store.sessionFactory().unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
        .getJdbcServices().getDialect().supportsOuterJoinForUpdate(), "this database locks each page's rows by groups of ids");
    create(130, 4);
    create(20, 2); // after them in id order: not matched, not read
    List<String> seen = new ArrayList<>();
    List<Map<String, Change>> changes = new ArrayList<>();
    on(notes.events(), "preUpdate", args -> {
      Note note = args.entity(Note.class);
      EntityEntry entry = session().getPersistenceContextInternal().getEntry(note);
      seen.add(entry.getStatus() + " " + entry.getLockMode() + " v" + entry.getVersion() + " "
          + entry.getLoadedState()[entry.getPersister().getPropertyIndex("title")] + "/" + note.title);
    });
    on(notes.events(), "postUpdate", args -> changes.add(args.changes()));
    Statistics statistics = store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    BatchResult<Note> result;
    try {
      result = notes.updateWhere(new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk", "done", true),
          pagesOf(60));

      assertThat(statistics.getEntityLoadCount()).as("each matched row read once").isEqualTo(130);
      // the ids, then pages of 60, 60 and 10 rows: one locked read each
      assertThat(statistics.getQueryExecutionCount()).isEqualTo(1 + 3);
      // the ids, the lock timeout, three page reads and five JDBC batches of UPDATEs: no statement of a record's own
      assertThat(statistics.getPrepareStatementCount()).isEqualTo(1 + 1 + 3 + 5);
    } finally {
      statistics.setStatisticsEnabled(false);
    }

    assertThat(result.failures()).isEmpty();
    assertThat(result.items()).hasSize(130).allSatisfy(note -> assertThat(note.version).isEqualTo(1L));
    assertThat(seen).hasSize(130).allSatisfy(entry -> assertThat(entry).startsWith("MANAGED PESSIMISTIC_WRITE v0 note "));
    assertThat(seen.get(7)).isEqualTo("MANAGED PESSIMISTIC_WRITE v0 note 7/note 7");
    assertThat(changes.get(7)).containsOnly(Map.entry("title", new Change("note 7", "bulk")),
        Map.entry("done", new Change(false, true)));
    assertThat(DB.rows("Note")).filteredOn(row -> "bulk".equals(row.get("title"))).hasSize(130)
        .allSatisfy(row -> assertThat(row.get("createdby")).isEqualTo("seed"));
  }

  @Test
  void aPostLoadCallbackRunsOnceForEachEntityAPageRead() {
    List<Map<String, Object>> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(params("title", "stamped " + i));
    }
    stamped.createBatch(created, CallOptions.none());
    List<Integer> loadsSeen = new ArrayList<>();
    handlers.add(stamped.events().on("preUpdate", args -> loadsSeen.add(args.entity(StampedNote.class).loads)));

    BatchResult<StampedNote> result = stamped.updateWhere(new Query(), Map.of("title", "again"), pagesOf(2));

    assertThat(loadsSeen).containsExactly(1, 1, 1, 1, 1);
    assertThat(result.items()).hasSize(5).allSatisfy(note -> assertThat(note.updates).isEqualTo(1));
  }

  @Test
  void anEntityTheUnitHeldBeforeItsPageWasReadKeepsItsInstance() {
    List<Note> notes3 = create(3, 4);
    Long middle = notes3.get(1).getId();

    BatchResult<Note> result = store.inTransaction(() -> {
      Note held = notes.get(middle);
      BatchResult<Note> written = notes.updateWhere(new Query().where("priority", Operator.EQ, 4),
          Map.of("priority", 5), CallOptions.none());
      assertThat(written.items().get(1)).isSameAs(held);
      return written;
    });

    assertThat(result.items()).extracting(note -> note.priority).containsOnly(5);
    assertThat(DB.rows("Note")).extracting(row -> ((Number) row.get("priority")).intValue()).containsOnly(5);
  }

  @Test
  void theRowsOfAPageStayLockedWhileItsRecordsRun() {
    List<Note> created = create(3, 4);
    List<Throwable> blocked = new ArrayList<>();
    on(notes.events(), "postUpdate", args -> {
      if (args.index() == 0) {
        blocked.add(catchThrowable(() -> writeElsewhere(created.get(2).getId())));
      }
    });

    notes.updateWhere(new Query().where("priority", Operator.EQ, 4), Map.of("title", "bulk"), pagesOf(3));

    // H2's lock timeout, PostgreSQL's lock_timeout: another transaction waited for the row's lock, and gave up
    assertThat(blocked).singleElement().isInstanceOf(SQLException.class)
        .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isIn("HYT00", "55P03"));
    assertThat(DB.rows("Note")).extracting(row -> row.get("title")).containsOnly("bulk");
  }

  /** Updates the row from a connection of its own, waiting at most 100 ms for its lock. */
  private static void writeElsewhere(Long id) throws SQLException {
    try (Connection connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute(DB.isPostgres() ? "SET lock_timeout = 100" : "SET LOCK_TIMEOUT 100");
      statement.executeUpdate("UPDATE Note SET title = 'elsewhere' WHERE id = " + id);
    }
  }

  private void on(EventManager manager, String event, EventHandler handler) {
    handlers.add(manager.on(event, handler));
  }
}
