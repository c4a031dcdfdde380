package dev.scribe.demo.audit;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.Change;
import dev.scribe.demo.tasks.Task;
import dev.scribe.outbox.ChangeMessage;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.EntityUpdated;
import java.time.Clock;

/**
 * Listens on the after-commit bus: a task whose completion committed becomes a notification for the task's
 * owner, whoever completed it (an admin completing alice's task notifies alice). Nothing arrives here for a
 * transaction that rolled back.
 */
public final class CompletionNotifier {
  private final DataStore store;
  private final Clock clock;

  public CompletionNotifier(DataStore store, Clock clock) {
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
              ownerOf(updated.snapshot()))));
    }
  }

  /** The owner of the task as the write left it; null for an ownerless task, which anonymous callers read. */
  static String ownerOf(java.util.Map<String, Object> task) {
    Object owner = task.get("ownerId");
    return owner == null ? null : owner.toString();
  }

  /**
   * The same rule fed from the broker ({@code --broker}): a {@code Task.updated} change whose {@code completed}
   * went from false to true becomes a notification, written in the unit of work that records the message as
   * processed, so a redelivered message does not notify twice. Every instance consumes one shared work queue,
   * so one of them writes it, whichever committed the completion.
   */
  public static final class FromBroker {
    private final DataStore store;
    private final Clock clock;

    public FromBroker(DataStore store, Clock clock) {
      this.store = store;
      this.clock = clock;
    }

    @Subscribe
    public void taskUpdated(ChangeMessage change) {
      if (!"Task".equals(change.aggregateType()) || !"updated".equals(change.type()) || change.oldValues() == null
          || change.newValues() == null) {
        return;
      }
      if (Boolean.FALSE.equals(change.oldValues().get("completed")) && Boolean.TRUE.equals(change.newValues().get("completed"))) {
        store.currentUnitOfWork().orElseThrow().entityManager()
            .persist(new Notification("task " + change.aggregateId() + " completed",
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ownerOf(change.newValues())));
      }
    }
  }
}
