package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An entity without a version that a unit read before updating it (a nested route reads the record to check
 * its parent first): the update's row lock reads it again, so a change committed in between is not written
 * over with the state read before.
 */
class UnversionedLockTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create().keepingRows();
  private static SubtaskRepository subtasks;

  @BeforeAll
  static void register() {
    subtasks = fixture.store.register(new SubtaskRepository());
  }

  @Test
  void anUpdateAfterAnUnlockedReadKeepsWhatAnotherWriterCommittedMeanwhile() throws Exception {
    Task task = fixture.tasks.create(params("title", "parent"));
    Subtask subtask = subtasks.create(params("title", "first", "task", task.getId()));
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch committed = new CountDownLatch(1);

    CompletableFuture<Void> renaming = CompletableFuture.runAsync(() -> fixture.store.inTransaction(() -> {
      subtasks.get(subtask.id); // the unlocked read of a parent check
      read.countDown();
      await(committed);
      subtasks.update(subtask.id, params("title", "renamed"));
    }));
    await(read);
    subtasks.update(subtask.id, params("done", true));
    committed.countDown();
    renaming.get(30, TimeUnit.SECONDS);

    Subtask stored = subtasks.get(subtask.id);
    assertThat(stored.title).isEqualTo("renamed");
    assertThat(stored.done).as("the change committed between the read and the update").isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
