package dev.scribe.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link BeforeCommitListener}'s javadoc promises, with the audit row of its example. */
class BeforeCommitListenerTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static DataStore store;
  static TaskRepository tasks;
  /** What the listener saw, one list of "Type id" per call. */
  static final List<List<String>> SEEN = new ArrayList<>();
  static volatile RuntimeException failWith;

  @BeforeAll
  static void open() {
    store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
    store.addBeforeCommitListener((unit, writes) -> {
      List<String> seen = new ArrayList<>();
      for (EntityEvent write : writes) {
        seen.add(write.getClass().getSimpleName() + " " + write.id());
        unit.entityManager().persist(new AuditEntry(write.getClass().getSimpleName() + " " + write.id()));
      }
      SEEN.add(seen);
      if (failWith != null) {
        throw failWith;
      }
    });
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void reset() {
    SEEN.clear();
    failWith = null;
  }

  private static List<String> audit() {
    return DB.rows("AuditEntry").stream().map(row -> String.valueOf(row.get("MESSAGE") != null ? row.get("MESSAGE") : row.get("message"))).toList();
  }

  @Test
  void whatTheListenerWritesCommitsWithTheUnitOfWorkItsWritesInTheOrderTheyCompleted() {
    long auditBefore = DB.count("AuditEntry");
    List<Long> ids = store.inTransaction(() -> {
      Task first = tasks.create(Map.of("title", "first"));
      Task second = tasks.create(Map.of("title", "second"));
      tasks.update(first.getId(), Map.of("title", "first again"));
      return List.of(first.getId(), second.getId());
    });

    assertThat(SEEN).containsExactly(List.of("EntityCreated " + ids.get(0), "EntityCreated " + ids.get(1),
        "EntityUpdated " + ids.get(0)));
    assertThat(DB.count("AuditEntry") - auditBefore).isEqualTo(3);
  }

  /**
   * A write is built into its event once: the after-commit bus delivers the very events the before-commit
   * listeners were shown (they were built again after the commit, a second snapshot of every entity), and the
   * writes a listener makes itself are delivered too.
   */
  @Test
  void theBusDeliversAfterTheCommitTheEventsTheListenerWasShownAndTheListenersOwnWrites() {
    List<EntityEvent> shown = new ArrayList<>();
    List<EntityEvent> delivered = new ArrayList<>();
    Object subscriber = new Object() {
      @com.google.common.eventbus.Subscribe
      public void on(EntityEvent event) {
        delivered.add(event);
      }
    };
    try (DataStore own = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class, Person.class,
        AuditEntry.class).build()) {
      TaskRepository ownTasks = own.register(new TaskRepository());
      own.addBeforeCommitListener((unit, writes) -> {
        if (shown.isEmpty()) {
          shown.addAll(writes);
          ownTasks.create(Map.of("title", "written by the listener"));
        }
      });
      own.events().register(subscriber);
      own.inTransaction(() -> {
        ownTasks.create(Map.of("title", "one"));
        ownTasks.create(Map.of("title", "two"));
        return null;
      });
    }

    assertThat(shown).hasSize(2);
    assertThat(delivered).hasSize(3);
    assertThat(delivered.get(0)).isSameAs(shown.get(0));
    assertThat(delivered.get(1)).isSameAs(shown.get(1));
    assertThat(delivered.get(2).snapshot()).containsEntry("title", "written by the listener");
  }

  @Test
  void anExceptionFromTheListenerRollsTheUnitOfWorkBack() {
    long tasksBefore = DB.count("Task");
    long auditBefore = DB.count("AuditEntry");
    failWith = new Veto(409, "the audit refuses");

    Throwable thrown = catchThrowable(() -> tasks.create(Map.of("title", "refused")));

    assertThat(thrown).isSameAs(failWith);
    assertThat(DB.count("Task")).isEqualTo(tasksBefore);
    assertThat(DB.count("AuditEntry")).isEqualTo(auditBefore);
  }

  @Test
  void itIsNotCalledForAUnitOfWorkThatRollsBackNorForOneWithoutWrites() {
    store.inTransaction(() -> {
      tasks.create(Map.of("title", "discarded"));
      store.currentUnitOfWork().orElseThrow().setRollbackOnly();
    });
    catchThrowable(() -> tasks.create(Map.of("title", "")));    // @NotBlank: refused
    tasks.list(new Query(), CallOptions.none());

    assertThat(SEEN).isEmpty();
  }

  @Test
  void aNullListenerIsRefusedWhenAddedAndLaterWritesStillCommit() {
    assertThatThrownBy(() -> store.addBeforeCommitListener(null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("addBeforeCommitListener(null)");

    Task task = tasks.create(Map.of("title", "still written"));

    assertThat(tasks.find(task.getId())).isPresent();
  }
}
