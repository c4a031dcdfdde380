package dev.scribe.repository.internal.store;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.EventBus;
import dev.scribe.repository.BeforeCommitListener;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.UnitOfWork;
import dev.scribe.repository.internal.unit.UnitState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a unit of work's completed writes reach: the {@link BeforeCommitListener}s inside its transaction,
 * then, once it committed, the buses ({@link AfterCommitBuses}) and its {@link UnitOfWork#afterCommit}
 * actions; when it did not, its {@link UnitOfWork#afterRollback} actions. A failure of those is logged,
 * never thrown: the transaction has ended. Thread-safe.
 */
public final class CommitPublishing implements AutoCloseable {
  /** Logged under the store's name, where operators look for it. */
  private static final Logger LOG = LoggerFactory.getLogger(DataStore.class);

  private final AfterCommitBuses buses;
  /** The daemon thread of the asynchronous bus when the builder named no executor; shut down on close. */
  private final ExecutorService ownedExecutor;
  private final List<BeforeCommitListener> beforeCommitListeners = new CopyOnWriteArrayList<>();

  /** Publishes on {@code executor}, or on a daemon thread of its own when it is null. */
  public CommitPublishing(Executor executor) {
    if (executor == null) {
      ownedExecutor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scribe-after-commit");
        thread.setDaemon(true);
        return thread;
      });
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.buses = new AfterCommitBuses(executor);
  }

  public EventBus events() {
    return buses.events();
  }

  public AsyncEventBus asyncEvents() {
    return buses.asyncEvents();
  }

  public void addBeforeCommitListener(BeforeCommitListener listener) {
    beforeCommitListeners.add(listener);
  }

  /** True when a subscriber is registered on a bus, so completed writes must be recorded for publishing. */
  public boolean publishing() {
    return buses.listened() || !beforeCommitListeners.isEmpty();
  }

  /** Shows the unit's completed writes to the before-commit listeners, inside its transaction. */
  public void beforeCommit(UnitState unit) {
    if (beforeCommitListeners.isEmpty() || unit.published().isEmpty()) {
      return;
    }
    int count = unit.published().size();
    List<EntityEvent> writes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EntityEvent write = unit.published().get(i).get();
      if (write != null) { // null: an update that changed nothing
        writes.add(write);
      }
    }
    // the buses get these same events after the commit: each is built once (a snapshot of the entity, a copy of
    // the user), not again for the buses, and the bus delivers what the listener saw
    unit.builtBeforeCommit(writes, count);
    if (writes.isEmpty()) {
      return;
    }
    List<EntityEvent> view = Collections.unmodifiableList(writes);
    for (BeforeCommitListener listener : beforeCommitListeners) {
      listener.beforeCommit(unit.unitOfWork(), view);
    }
  }

  /** Posts the committed unit's writes on the buses, then runs its after-commit actions. */
  public void afterCommit(UnitState unit) {
    if (buses.listened()) {
      post(unit);
    }
    runQuietly(unit.afterCommitActions(), "an after-commit action failed (the transaction is committed)");
  }

  /**
   * Posts the unit's writes: those the before-commit listeners were shown as they were built then, the ones
   * written after (by a listener itself) built now. Without a subscriber on a bus nothing is built at all.
   */
  private void post(UnitState unit) {
    List<Supplier<EntityEvent>> published = unit.published();
    for (EntityEvent event : unit.builtBeforeCommit()) {
      buses.post(event);
    }
    for (int i = unit.builtBeforeCommitCount(); i < published.size(); i++) {
      Supplier<EntityEvent> supplier = published.get(i);
      EntityEvent event;
      try {
        event = supplier.get();
      } catch (RuntimeException e) {
        LOG.warn("cannot build an after-commit event: {}", e.toString(), e);
        continue;
      }
      if (event != null) {
        buses.post(event);
      }
    }
  }

  /** Runs the after-rollback actions of a unit that did not commit. */
  public void afterRollback(UnitState unit) {
    runQuietly(unit.afterRollbackActions(), "an after-rollback action failed");
  }

  /**
   * Runs nothing for a unit whose commit may or may not have happened (its connection broke during it):
   * after-commit and after-rollback actions would each be wrong in one of the two cases, and removing a
   * file an actually committed row points to loses data, while keeping one is only garbage. Logged.
   */
  public void outcomeUnknown(UnitState unit) {
    int actions = unit.afterCommitActions().size() + unit.afterRollbackActions().size();
    LOG.warn("the connection broke during a commit, whose outcome is unknown; {} after-commit and after-rollback"
        + " action(s) and the unit's after-commit events were not run", actions);
  }

  private static void runQuietly(List<Runnable> actions, String failed) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (Exception e) { // checked too: a Kotlin Runnable may throw one without declaring it
        LOG.warn("{}: {}", failed, e.toString(), e);
      }
    }
  }

  /** Shuts the owned executor down. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }
}
