package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UnitOfWorkTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create(() -> Scribe.builder().trace(true).build());
  static final TestDatabase DB = fixture.db;

  @Test
  void nestedCallsJoinTheOpenUnitOfWork() {
    List<Object> units = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preStart", args -> units.add(fixture.store.currentUnitOfWork().orElseThrow()));

    fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "a"));
      fixture.tasks.create(params("title", "b"));
    });

    assertThat(units).hasSize(2);
    assertThat(units.get(0)).isSameAs(units.get(1));
    assertThat(fixture.store.currentUnitOfWork()).isEmpty();
  }

  @Test
  void aVetoInALaterCallRollsBackTheEarlierCallsOfTheUnit() {
    Veto veto = new Veto(409, "second one refused");
    fixture.on(fixture.tasks.events(), "postCreate", args -> {
      if ("b".equals(args.params().get("title"))) {
        throw veto;
      }
    });

    Throwable thrown = catchThrowable(() -> fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "a"));
      fixture.people.create(params("name", "Ada"));
      fixture.tasks.create(params("title", "b"));
    }));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.count("Task")).isZero();
    assertThat(DB.count("Person")).isZero();
  }

  @Test
  void aVetoCaughtByTheCallerStillRollsTheUnitBackAndReachesTheTopLevelCaller() {
    Veto veto = new Veto("refused");
    fixture.on(fixture.people.events(), "preCreate", args -> {
      throw veto;
    });

    Throwable thrown = catchThrowable(() -> fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "a"));
      try {
        fixture.people.create(params("name", "Ada"));
      } catch (Veto ignored) {
        // the caller carries on, but the unit of work must not commit half of it
      }
      return null;
    }));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aGetOfAMissingRecordThatTheCallerHandlesLeavesItsUnitOfWorkToCommit() {
    // get fails its own call (its preStop carries the not-found) but not the unit a caller looks records up in
    fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "a"));
      try {
        fixture.tasks.get(424242L);
      } catch (RecordNotFoundException absent) {
        fixture.tasks.create(params("title", "b"));
      }
    });

    assertThat(DB.count("Task")).isEqualTo(2L);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable checked) throws T {
    throw (T) checked;
  }

  @Test
  void aCheckedExceptionANestedUnitThrowsUndeclaredStillRollsTheUnitBackWhenTheCallerCatchesIt() {
    // Kotlin code may throw one without declaring it; the joined unit let it pass and the outer one committed
    Throwable thrown = catchThrowable(() -> fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "a"));
      try {
        fixture.store.inTransaction(() -> sneaky(new java.io.IOException("disk full")));
      } catch (Exception ignored) {
        // the caller carries on, but the unit of work must not commit half of it
      }
      return null;
    }));

    assertThat(thrown).isExactlyInstanceOf(dev.scribe.core.ScribeException.class)
        .hasMessageStartingWith("the unit of work failed with java.io.IOException: disk full, a checked exception")
        .hasCauseInstanceOf(java.io.IOException.class);
    assertThat(DB.count("Task")).isZero();
    assertThat(fixture.store.currentUnitOfWork()).isEmpty();
  }

  @Test
  void aHandlerCallingAnotherRepositoryJoinsTheUnitAndFailsWithIt() {
    fixture.on(fixture.tasks.events(), "postCreate", args -> fixture.people.create(params("name", "from handler")));
    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> {
      throw new IllegalStateException("late failure");
    });

    Throwable thrown = catchThrowable(() -> fixture.tasks.create(params("title", "a")));

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("late failure");
    assertThat(DB.count("Person")).isZero();
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void aVetoRaisedWhileCommittingReachesTheCallerUnchangedAndNothingIsKept() {
    Veto veto = new Veto(409, "late change refused");
    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> ((Task) args.lastResult()).setTitle("changed late"));
    fixture.on(fixture.entity(Task.class), "postUpdate", args -> {
      throw veto;
    });

    Throwable thrown = catchThrowable(() -> fixture.tasks.create(params("title", "a")));

    assertThat(thrown).isSameAs(veto);
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void changesMadeAfterAWriteAreFlushedAtCommit() {
    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> ((Task) args.lastResult()).setTitle("changed late"));

    fixture.tasks.create(params("title", "a"));

    assertThat(DB.rows("Task")).extracting(row -> row.get("title")).containsExactly("changed late");
  }

  @Test
  void setRollbackOnlyDiscardsTheWorkAndReturnsNormally() {
    Task task = fixture.store.inTransaction(() -> {
      Task created = fixture.tasks.create(params("title", "dry run"));
      fixture.store.currentUnitOfWork().orElseThrow().setRollbackOnly();
      return created;
    });

    assertThat(task.getTitle()).isEqualTo("dry run");
    assertThat(DB.count("Task")).isZero();
  }

  @Test
  void theUnitOfWorkRecordsATraceWhenTracingIsOn() {
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put("priority", 1));
    List<Object> traces = new ArrayList<>();

    fixture.store.inTransaction(() -> {
      fixture.tasks.create(params("title", "traced"));
      traces.add(fixture.store.currentUnitOfWork().orElseThrow().trace());
    });

    assertThat(traces).singleElement().satisfies(trace ->
        assertThat(((dev.scribe.core.Trace) trace).handlerNames()).singleElement().asString()
            .startsWith("repository.preCreate:lambda#"));
  }

  @Test
  void readsRunInAUnitOfWorkToo() {
    Task task = fixture.tasks.create(params("title", "a"));
    List<Boolean> inside = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preStop", args -> inside.add(fixture.store.currentUnitOfWork().isPresent()));

    assertThat(fixture.tasks.find(task.getId())).isPresent();
    assertThat(fixture.tasks.find(-1L)).isEmpty();
    Throwable missing = catchThrowable(() -> fixture.tasks.get(-1L));

    assertThat(inside).containsExactly(true, true, true);
    assertThat(missing).isInstanceOf(RecordNotFoundException.class).hasMessage("task -1 not found");
    assertThat(((RecordNotFoundException) missing).status()).isEqualTo(404);
  }

  @Test
  void theUnitsPersistenceContextKeepsItsBookkeepingInTheEntityAndReleasesItAtTheEnd() {
    List<Object> entries = new ArrayList<>();
    Task created = fixture.store.inTransaction(() -> {
      Task task = fixture.tasks.create(params("title", "a"));
      entries.add(task.$$_hibernate_getEntityEntry());
      entries.add(fixture.store.currentUnitOfWork().orElseThrow().entityManager().contains(task));
      return task;
    });

    assertThat(entries.get(0)).isInstanceOf(org.hibernate.engine.spi.EntityEntry.class);
    assertThat(((org.hibernate.engine.spi.EntityEntry) entries.get(0)).getId()).isEqualTo(created.getId());
    assertThat(entries.get(1)).isEqualTo(true);
    assertThat(created.$$_hibernate_getEntityEntry()).isNull();
    assertThat(created.$$_hibernate_getNextManagedEntity()).isNull();

    Task merged = fixture.store.inTransaction(() -> {
      created.setTitle("merged");
      return fixture.store.currentUnitOfWork().orElseThrow().entityManager().merge(created);
    });
    assertThat(merged).isNotSameAs(created);
    assertThat(fixture.tasks.get(created.getId()).getTitle()).isEqualTo("merged");
  }
  @Test
  void aScrollInsideTheCallersUnitLetsGoOfItsOwnRowsButNotOfTheUnitsEntities() {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(fixture.tasks.create(Fixture.params("title", "row " + i)).getId());
    }
    fixture.tasks.configure(dev.scribe.core.Config.of(java.util.Map.of("scrollFetchSize", 2)));
    try {
      fixture.store.inTransaction(() -> {
        Task held = fixture.tasks.get(ids.get(3));
        java.util.List<Task> visited = new java.util.ArrayList<>();
        fixture.tasks.forEach(new Query(), CallOptions.none(), visited::add);
        jakarta.persistence.EntityManager entityManager = fixture.store.currentUnitOfWork().orElseThrow().entityManager();

        assertThat(visited).hasSize(5);
        assertThat(entityManager.contains(held)).as("the unit's own entity stays managed").isTrue();
        assertThat(entityManager.contains(visited.get(0))).as("a row the scroll read is let go").isFalse();
        held.setTitle("changed after the scroll");
      });
    } finally {
      fixture.tasks.configure(dev.scribe.core.Config.empty());
    }

    assertThat(fixture.tasks.get(ids.get(3)).getTitle()).isEqualTo("changed after the scroll");
  }
  @Test
  void aVerifyHandlerThatQueriesAfterAPreHandlerChangedTheEntityLetsTheUpdateGoOn() {
    Task task = fixture.tasks.create(Fixture.params("title", "before", "priority", 1));
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.entity(Task.class).setPriority(2));
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> fixture.store.currentUnitOfWork().orElseThrow()
        .entityManager().createQuery("select t from Task t where t.title = :title", Task.class)
        .setParameter("title", "nobody").getResultList());

    fixture.tasks.update(task.getId(), Fixture.params("title", "after"));

    Task stored = fixture.tasks.get(task.getId());
    assertThat(stored.getTitle()).isEqualTo("after");
    assertThat(stored.getPriority()).isEqualTo(2);
  }
}
