package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.repository.testing.TestDatabase;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row inserted under a parent while another unit of work deletes the parent is never left referring to
 * nothing: on H2, whose foreign keys see only committed rows, the delete waits for the insert's unit to end
 * and then finds the new row (here it is removed with its parent by the cascade); on PostgreSQL the foreign
 * key's own row lock makes the delete wait, and it is then refused as still referenced.
 */
class ReferenceRaceTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;

  @Test
  void aChildInsertedWhileItsParentIsDeletedIsNotLeftAnOrphan() throws Exception {
    Task task = fixture.tasks.create(params("title", "parent"));

    Throwable deleteFailure = whileAnotherUnitHolds(() -> {
      insertChild(task, "child");
      fixture.store.currentUnitOfWork().orElseThrow().entityManager().flush(); // written, not committed
    }, () -> fixture.tasks.delete(task.getId()));

    List<Object> taskIds = DB.rows("Task").stream().map(row -> row.get("id")).toList();
    assertThat(DB.rows("Subtask")).allSatisfy(row -> assertThat(taskIds).contains(row.get("task_id")));
    if (deleteFailure == null) {
      // H2: the delete waited for the child's unit, then removed the child with its parent
      assertThat(DB.rows("Task")).isEmpty();
      assertThat(DB.rows("Subtask")).isEmpty();
    } else {
      // PostgreSQL: the delete's statement waited on the child's row lock, then was refused as still referenced
      assertThat(deleteFailure).isInstanceOf(dev.scribe.core.Veto.class);
      assertThat(((dev.scribe.core.Veto) deleteFailure).status()).isEqualTo(409);
      assertThat(DB.rows("Subtask")).hasSize(1);
    }
  }

  @Test
  void aParentDeletedFirstMakesTheLaterChildInsertFailInsteadOfDangling() throws Exception {
    Task task = fixture.tasks.create(params("title", "parent"));

    Throwable insertFailure = whileAnotherUnitHolds(() -> fixture.tasks.delete(task.getId()),
        () -> fixture.store.inTransaction(() -> insertChild(task, "late child")));

    assertThat(insertFailure).isNotNull();
    assertThat(DB.rows("Task")).isEmpty();
    assertThat(DB.rows("Subtask")).isEmpty();
  }

  /**
   * Runs {@code first} in a unit of work on another thread and keeps that unit open while {@code second}
   * runs on this one (long enough for it to reach any wait), then lets the first commit; what
   * {@code second} threw, or null.
   */
  private static Throwable whileAnotherUnitHolds(Runnable first, Runnable second) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> held = other.submit(() -> fixture.store.inTransaction(() -> {
        first.run();
        done.countDown();
        try {
          started.await(5, TimeUnit.SECONDS);
          Thread.sleep(300); // the second, on the other thread, reaches its wait
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      started.countDown();
      Throwable failure = catchThrowable(second::run);
      held.get(10, TimeUnit.SECONDS);
      return failure;
    } finally {
      other.shutdownNow();
    }
  }

  /** Persists a subtask of {@code task} in the current unit of work, by reference (no read of the task). */
  private static void insertChild(Task task, String title) {
    EntityManager em = fixture.store.currentUnitOfWork().orElseThrow().entityManager();
    Subtask subtask = new Subtask(title);
    subtask.setTask(em.getReference(Task.class, task.getId()));
    em.persist(subtask);
  }
}
