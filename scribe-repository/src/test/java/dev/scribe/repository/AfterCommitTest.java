package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.Change;
import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AfterCommitTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  static final List<Runnable> QUEUED = new ArrayList<>();
  static DataStore store;
  static TaskRepository tasks;
  static final Listener SYNC = new Listener();
  static final Listener ASYNC = new Listener();

  /** Remembers every committed write it is told about, with the row count a separate connection saw. */
  static final class Listener {
    final List<EntityEvent> events = new ArrayList<>();
    final List<Long> rowsSeen = new ArrayList<>();

    @Subscribe
    public void on(EntityEvent event) {
      events.add(event);
      rowsSeen.add(DB.count("Task"));
    }
  }

  @BeforeAll
  static void open() {
    Executor queue = QUEUED::add;
    store = DB.storeBuilder(Scribe.create()).entities(Task.class, Subtask.class, Person.class, AuditEntry.class)
        .asyncExecutor(queue).build();
    tasks = store.register(new TaskRepository());
    store.events().register(SYNC);
    store.asyncEvents().register(ASYNC);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @AfterEach
  void reset() {
    SYNC.events.clear();
    SYNC.rowsSeen.clear();
    ASYNC.events.clear();
    QUEUED.clear();
    store.inTransaction(() -> {
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Subtask").executeUpdate();
      store.currentUnitOfWork().orElseThrow().entityManager().createQuery("delete from Task").executeUpdate();
    });
  }

  private static void runQueued() {
    List<Runnable> work = new ArrayList<>(QUEUED);
    QUEUED.clear();
    work.forEach(Runnable::run);
  }

  @Test
  void createdUpdatedAndDeletedRecordsArePublishedAfterTheirCommit() {
    Task task = tasks.create(params("title", "a", "priority", 2));
    tasks.update(task.getId(), params("priority", 3));
    tasks.delete(task.getId());

    assertThat(SYNC.events).hasSize(3);
    assertThat(SYNC.events.get(0)).isInstanceOf(EntityCreated.class);
    assertThat(SYNC.events.get(0).entityType()).isEqualTo(Task.class);
    assertThat(SYNC.events.get(0).entityName()).isEqualTo("Task");
    assertThat(SYNC.events.get(0).id()).isEqualTo(task.getId());
    assertThat(SYNC.events.get(0).snapshot()).containsEntry("title", "a").containsEntry("priority", 2)
        .containsEntry("owner", null).doesNotContainKey("subtasks");
    assertThat(((EntityUpdated) SYNC.events.get(1)).changes()).isEqualTo(Map.of("priority", new Change(2, 3)));
    assertThat(SYNC.events.get(1).snapshot()).containsEntry("priority", 3).containsEntry("version", 1L);
    assertThat(SYNC.events.get(2)).isInstanceOf(EntityDeleted.class);
    assertThat(SYNC.events.get(2).snapshot()).containsEntry("title", "a").containsEntry("priority", 3);
    assertThat(SYNC.rowsSeen).containsExactly(1L, 1L, 0L);
  }

  @Test
  void theChangesOfAToManyNameTheIdsOfTheChildrenTheUpdateAdded() {
    Task task = tasks.create(params("title", "a", "subtasks", List.of(params("title", "first"))));
    Long first = store.inTransaction(() -> tasks.get(task.getId()).getSubtasks().get(0).getId());
    SYNC.events.clear();
    List<Object> seen = new ArrayList<>();
    dev.scribe.core.Subscription subscription = tasks.events().on("postUpdate", args -> seen.add(args.changes()));
    try {
      tasks.update(task.getId(), params("subtasks", List.of(params("title", "second"))));
    } finally {
      subscription.remove();
    }

    Long second = store.inTransaction(() -> tasks.get(task.getId()).getSubtasks().get(0).getId());
    assertThat(second).isNotNull().isNotEqualTo(first);
    Map<String, Change> expected = Map.of("subtasks", new Change(List.of(first), List.of(second)));
    assertThat(seen).containsExactly(expected);
    assertThat(((EntityUpdated) SYNC.events.get(0)).changes()).isEqualTo(expected);
  }

  @Test
  void anUpdateThatChangesNothingPublishesNothingAndOneThatDoesCarriesTheRecordAsLoaded() {
    Task task = tasks.create(params("title", "a", "priority", 2));
    SYNC.events.clear();

    tasks.update(task.getId(), params("priority", 2));
    tasks.update(task.getId(), params("priority", 4));

    assertThat(SYNC.events).singleElement().isInstanceOf(EntityUpdated.class);
    EntityUpdated updated = (EntityUpdated) SYNC.events.get(0);
    assertThat(updated.changes()).isEqualTo(Map.of("priority", new Change(2, 4)));
    assertThat(updated.before()).containsEntry("priority", 2).containsEntry("version", 0L);
    assertThat(updated.snapshot()).containsEntry("priority", 4).containsEntry("version", 1L);
  }

  @Test
  void theRecordAsLoadedIsTakenBeforeAnyHandlerChangesTheEntity() {
    Task task = tasks.create(params("title", "a", "priority", 2));
    SYNC.events.clear();
    // a counter a preUpdate handler raises on the entity itself, not through the params
    dev.scribe.core.Subscription subscription = tasks.events().on("preUpdate",
        args -> args.entity(Task.class).setPriority(args.entity(Task.class).getPriority() + 1));
    try {
      tasks.update(task.getId(), params("title", "b"));
    } finally {
      subscription.remove();
    }

    EntityUpdated updated = (EntityUpdated) SYNC.events.get(0);
    assertThat(updated.before()).containsEntry("title", "a").containsEntry("priority", 2).containsEntry("version", 0L);
    assertThat(updated.snapshot()).containsEntry("title", "b").containsEntry("priority", 3).containsEntry("version", 1L);
  }

  @Test
  void theAsyncBusGetsTheSameEventsOnItsExecutor() {
    tasks.createBatch(List.of(params("title", "a"), params("title", "b")), CallOptions.none());

    assertThat(ASYNC.events).isEmpty();
    runQueued();

    assertThat(ASYNC.events).extracting(event -> event.snapshot().get("title")).containsExactly("a", "b");
  }

  @Test
  void nothingIsPublishedForAUnitOfWorkThatRolledBack() {
    Veto veto = new Veto("no");
    List<String> ran = new ArrayList<>();
    dev.scribe.core.Subscription subscription = tasks.events().on("postCreateBatch", args -> {
      store.currentUnitOfWork().orElseThrow().afterCommit(() -> ran.add("after commit"));
      throw veto;
    });
    try {
      Throwable thrown = catchThrowable(() -> tasks.createBatch(List.of(params("title", "a")), CallOptions.none()));

      assertThat(thrown).isSameAs(veto);
      runQueued();
      assertThat(SYNC.events).isEmpty();
      assertThat(ASYNC.events).isEmpty();
      assertThat(ran).isEmpty();
      assertThat(DB.count("Task")).isZero();
    } finally {
      subscription.remove();
    }
  }

  @Test
  void writesOfNestedCallsArePublishedOnceTheOuterUnitCommits() {
    List<Integer> seenInside = new ArrayList<>();
    store.inTransaction(() -> {
      tasks.create(params("title", "a"));
      tasks.create(params("title", "b"));
      seenInside.add(SYNC.events.size());
    });

    assertThat(seenInside).containsExactly(0);
    assertThat(SYNC.events).hasSize(2);
  }

  @Test
  void afterCommitActionsRunAfterTheCommitOnly() {
    List<Long> seen = new ArrayList<>();
    store.inTransaction(() -> {
      tasks.create(params("title", "a"));
      store.currentUnitOfWork().orElseThrow().afterCommit(() -> seen.add(DB.count("Task")));
    });

    assertThat(seen).containsExactly(1L);
  }

  @Test
  void aFailingSubscriberCannotBreakTheCommittedWrite() {
    Object failing = new Object() {
      @Subscribe
      public void on(EntityCreated created) {
        throw new IllegalStateException("mail server down");
      }
    };
    store.events().register(failing);
    try {
      Task task = tasks.create(params("title", "a"));

      assertThat(DB.rows("Task")).singleElement()
          .satisfies(row -> assertThat(((Number) row.get("id")).longValue()).isEqualTo(task.getId()));
    } finally {
      store.events().unregister(failing);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable checked) throws T {
    throw (T) checked;
  }

  @Test
  void anAfterCommitOrAfterRollbackActionThrowingACheckedExceptionIsLoggedAndTheOthersStillRun() {
    // a Kotlin Runnable may throw one: it left the committed call as a failure and skipped the later actions
    List<String> ran = new ArrayList<>();
    Task task = store.inTransaction(() -> {
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.afterCommit(() -> sneaky(new java.io.IOException("mail server down")));
      unit.afterCommit(() -> ran.add("evict cache"));
      return tasks.create(params("title", "a"));
    });

    assertThat(task.getTitle()).isEqualTo("a");
    assertThat(ran).containsExactly("evict cache");
    assertThat(DB.count("Task")).isEqualTo(1L);

    Throwable refused = catchThrowable(() -> store.inTransaction(() -> {
      UnitOfWork unit = store.currentUnitOfWork().orElseThrow();
      unit.afterRollback(() -> sneaky(new java.io.IOException("disk full")));
      unit.afterRollback(() -> ran.add("remove upload"));
      tasks.create(params("title", "b"));
      throw new Veto(409, "closed");
    }));

    assertThat(refused).isInstanceOf(Veto.class).hasMessage("closed");
    assertThat(ran).containsExactly("evict cache", "remove upload");
  }
}
