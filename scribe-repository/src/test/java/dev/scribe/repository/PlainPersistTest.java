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
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.NonUniqueObjectException;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The persist of a create record's new entity of a plain type ({@link Note}: one table, basic columns, a sequence id,
 * a version; {@link StampedNote} with a JPA {@code @PrePersist} callback) keeps what Hibernate's persist gave: the
 * entity managed by the session from its persist on, with its id and the version's first value; the entity tier's
 * {@code prePersist} once, before the id, and a veto there rolling the batch back; the JPA callback once; a change
 * made to the entity after its persist written; and another entity of the session holding the id the sequence gives
 * refused as Hibernate refuses it ({@link NonUniqueObjectException}, JPA's {@link EntityExistsException}).
 */
class PlainPersistTest {
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
    try (var connection = DB.connection(); Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM Note");
      statement.execute("DELETE FROM StampedNote");
    }
  }

  @Test
  void theEntityIsManagedFromItsPersistWithItsIdAndVersionAndPrePersistFiresOnceBeforeTheId() {
    List<String> seen = new ArrayList<>();
    on(store.entities().events(Note.class), "prePersist", args -> seen.add("prePersist id=" + args.self(Note.class).id));
    on(notes.events(), "postCreate", args -> {
      Note note = (Note) args.lastResult();
      EntityManager entityManager = store.currentUnitOfWork().orElseThrow().entityManager();
      seen.add("postCreate managed=" + entityManager.contains(note) + " id=" + (note.id != null) + " version="
          + note.version + " found=" + (entityManager.find(Note.class, note.id) == note));
    });

    notes.createBatch(List.of(note("a"), note("b")), CallOptions.none());

    assertThat(seen).containsExactly("prePersist id=null", "postCreate managed=true id=true version=0 found=true",
        "prePersist id=null", "postCreate managed=true id=true version=0 found=true");
    assertThat(DB.rows("Note")).extracting(row -> row.get("title")).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void theJpaPrePersistCallbackRunsOnceForEachRecord() {
    List<StampedNote> created = stamped.createBatch(List.of(params("title", "a"), params("title", "b")),
        CallOptions.none()).items();

    assertThat(created).extracting(note -> note.creates).containsExactly(1, 1);
    assertThat(DB.rows("StampedNote")).extracting(row -> row.get("creates")).containsExactly(1, 1);
  }

  @Test
  void aVetoOfPrePersistRollsTheBatchBack() {
    on(store.entities().events(Note.class), "prePersist", args -> {
      if (args.self(Note.class).title.equals("b")) {
        throw new Veto(403, "not b");
      }
    });

    Throwable thrown = catchThrowable(() -> notes.createBatch(List.of(note("a"), note("b")), CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class).hasMessageContaining("not b");
    assertThat(DB.rows("Note")).isEmpty();
  }

  @Test
  void aChangeToTheEntityAfterItsPersistIsWritten() {
    on(notes.events(), "postCreate", args -> ((Note) args.lastResult()).priority = 9);

    notes.createBatch(List.of(note("a"), note("b")), CallOptions.none());

    assertThat(DB.rows("Note")).extracting(row -> ((Number) row.get("priority")).intValue()).containsExactly(9, 9);
  }

  @Test
  void anotherEntityOfTheSessionWithTheGeneratedIdIsRefusedAsHibernateRefusesIt() {
    Throwable thrown = catchThrowable(() -> store.inTransaction(() -> {
      Note first = notes.create(note("first"));
      long next = first.id + 1; // the pooled sequence's next value in this unit
      Session session = store.currentUnitOfWork().orElseThrow().entityManager().unwrap(Session.class);
      session.doWork(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute("INSERT INTO Note (id, version, title, done) VALUES (" + next + ", 0, 'there', false)");
        }
      });
      assertThat(session.find(Note.class, next)).isNotNull();
      notes.create(note("second"));
    }));

    assertThat(thrown).isNotNull();
    assertThat(causes(thrown)).anySatisfy(cause -> assertThat(cause)
        .isInstanceOfAny(NonUniqueObjectException.class, EntityExistsException.class));
    assertThat(DB.rows("Note")).isEmpty();
  }

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = thrown; cause != null && !chain.contains(cause); cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }

  private static Map<String, Object> note(String title) {
    return params("title", title, "dueDate", DUE, "priority", 1);
  }

  private void on(EventManager manager, String event, EventHandler handler) {
    handlers.add(manager.on(event, handler));
  }
}
