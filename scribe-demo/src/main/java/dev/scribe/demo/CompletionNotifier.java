package dev.scribe.demo;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.Change;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.EntityUpdated;
import java.time.Clock;

/**
 * Listens on the after-commit bus: a task whose completion committed becomes a notification. Nothing
 * arrives here for a transaction that rolled back.
 */
final class CompletionNotifier {
  private final DataStore store;
  private final Clock clock;

  CompletionNotifier(DataStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Subscribe
  public void taskUpdated(EntityUpdated updated) {
    if (updated.entityType() != Task.class) {
      return;
    }
    Change completed = updated.changes().get("completed");
    if (completed != null && Boolean.FALSE.equals(completed.oldValue()) && Boolean.TRUE.equals(completed.newValue())) {
      store.inTransaction(() -> store.currentUnitOfWork().orElseThrow().entityManager()
          .persist(new Notification("task " + updated.id() + " completed", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
              Owners.idOf(updated.user()))));
    }
  }
}
