package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityTier;
import dev.scribe.repository.testing.TestDatabase;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** prePersist and postPersist fire for every entity the unit of work persists, however it got persisted. */
class PersistHooksTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  private static EntityManager entityManager() {
    return fixture.store.currentUnitOfWork().orElseThrow().entityManager();
  }

  @Test
  void childrenAddedToACascadingAssociationByAHandlerFirePrePersist() {
    EventRecorder recorder = fixture.record();
    fixture.on(fixture.entity(Task.class), "prePersist", args -> {
      Task task = args.self(Task.class);
      Subtask subtask = new Subtask("checklist");
      subtask.setTask(task);
      task.getSubtasks().add(subtask);
    });

    fixture.tasks.create(params("title", "release"));

    assertThat(recorder.events).containsSubsequence("Task.prePersist[0]", "Subtask.prePersist[0]",
        "tasks.processResultsCreate[0]", "Task.postPersist[0]", "Subtask.postPersist[0]", "tasks.postCreateBatch");
    assertThat(DB.rows("Subtask")).extracting(row -> row.get("title")).containsExactly("checklist");
  }

  @Test
  void anEntityAHandlerPersistsThroughTheEntityManagerFiresItsEvents() {
    EventRecorder recorder = fixture.record();
    fixture.on(fixture.tasks.events(), "postCreate", args ->
        entityManager().persist(new AuditEntry("created " + args.entity(Task.class))));
    fixture.on(fixture.tasks.events(), "postCreate", args ->
        entityManager().persist(new AuditEntry("created " + ((Task) args.lastResult()).getTitle())));

    fixture.tasks.create(params("title", "audited"));

    assertThat(recorder.events).containsSubsequence("tasks.postCreate[0]", "AuditEntry.prePersist[0]",
        "AuditEntry.prePersist[0]", "Task.postPersist[0]", "AuditEntry.postPersist[0]", "AuditEntry.postPersist[0]",
        "tasks.postCreateBatch");
    assertThat(DB.rows("AuditEntry")).extracting(row -> row.get("message")).containsExactly("created null", "created audited");
  }

  @Test
  void anEntityPersistedOutsideAnyRepositoryCallStillFiresItsEvents() {
    List<String> seen = new ArrayList<>();
    fixture.on(fixture.entity(AuditEntry.class), "prePersist", args -> seen.add("pre " + args.path()));
    fixture.on(fixture.entity(AuditEntry.class), "postPersist", args -> seen.add("post " + args.self(AuditEntry.class).getId()));

    fixture.store.inTransaction(() -> entityManager().persist(new AuditEntry("by hand")));

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo("pre null");
    assertThat(seen.get(1)).startsWith("post ");
  }

  @Test
  void aNewEntitySavedThroughMergeFiresPrePersistOnTheManagedCopyAndItsChangesAreInserted() {
    List<Object> selves = new ArrayList<>();
    fixture.on(fixture.entity(AuditEntry.class), "prePersist", args -> {
      selves.add(args.self());
      args.self(AuditEntry.class).setMessage(args.self(AuditEntry.class).getMessage() + " (stamped)");
    });
    fixture.on(fixture.entity(AuditEntry.class), "postPersist", args -> selves.add(args.self()));
    AuditEntry detached = new AuditEntry("merged");

    AuditEntry managed = fixture.store.inTransaction(() -> entityManager().merge(detached));

    assertThat(managed).isNotSameAs(detached);
    assertThat(selves).hasSize(2).allSatisfy(self -> assertThat(self).isSameAs(managed));
    assertThat(DB.rows("AuditEntry")).extracting(row -> row.get("message")).containsExactly("merged (stamped)");
  }

  @Test
  void anEntityPersistedByItsOwnPreSetFieldHandlerKeepsTheValueBeingSet() {
    List<Object> fieldSeenByPrePersist = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "preSetField", args -> {
      if ("title".equals(args.get(EntityTier.FIELD_NAME)) && !entityManager().contains(args.self())) {
        args.put(EntityTier.VALUE, args.get(EntityTier.VALUE) + " (checked)");
        entityManager().persist(args.self());
      }
    });
    fixture.on(fixture.entity(Task.class), "prePersist", args -> fieldSeenByPrePersist.add(args.get(EntityTier.FIELD_NAME)));

    fixture.tasks.create(params("title", "early"));

    assertThat(fieldSeenByPrePersist).containsExactly("title");
    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("early (checked)");
  }

  @Test
  void prePersistFiresOnceForAnEntityPersistedAndThenFlushed() {
    List<String> seen = new ArrayList<>();
    fixture.on(fixture.entity(AuditEntry.class), "prePersist", args -> seen.add("pre"));

    fixture.store.inTransaction(() -> {
      entityManager().persist(new AuditEntry("once"));
      entityManager().flush();
    });

    assertThat(seen).containsExactly("pre");
  }

  @Test
  void aVetoFromAnEntityPersistedByAHandlerRollsTheWholeUnitBack() {
    Veto veto = new Veto(403, "no audit today");
    fixture.on(fixture.entity(AuditEntry.class), "prePersist", args -> {
      throw veto;
    });
    fixture.on(fixture.tasks.events(), "postCreate", args -> entityManager().persist(new AuditEntry("x")));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.tasks.create(params("title", "x")));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void rowsInsertedEarlierInTheBatchAreVisibleToQueriesInLaterHandlers() {
    List<Object> counts = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "postCreate", args -> counts.add(((Number) entityManager()
        .createNativeQuery("SELECT COUNT(*) FROM Task").getSingleResult()).longValue()));
    fixture.on(fixture.entity(Task.class), "postPersist", args -> counts.add(entityManager()
        .createQuery("select count(t) from Task t", Long.class).getSingleResult()));

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c")),
        CallOptions.none());

    assertThat(counts).containsExactly(1L, 1L, 2L, 2L, 3L, 3L);
  }

  @Test
  void insertsOfABatchAreSentInJdbcBatches() {
    SessionFactory factory = fixture.store.sessionFactory();
    factory.getStatistics().setStatisticsEnabled(true);
    factory.getStatistics().clear();
    List<java.util.Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(params("title", "task " + i));
    }

    fixture.tasks.createBatch(rows, CallOptions.none());

    assertThat(factory.getStatistics().getEntityInsertCount()).isEqualTo(120);
    assertThat(factory.getStatistics().getPrepareStatementCount()).isLessThan(20);
    assertThat(DB.count("Task")).isEqualTo(120);
    factory.getStatistics().setStatisticsEnabled(false);
  }
}
