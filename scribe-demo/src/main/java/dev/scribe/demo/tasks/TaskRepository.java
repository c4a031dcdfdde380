package dev.scribe.demo.tasks;

import dev.scribe.core.Change;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Repository;
import dev.scribe.repository.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Business rules of tasks, each an ordinary handler method named after its event. */
public class TaskRepository extends Repository<Task, Long> {
  private final SubtaskRepository subtasks;

  public TaskRepository(SubtaskRepository subtasks) {
    this.subtasks = subtasks;
  }

  /** The lock space of {@link #verifyCreate}: one lock per normalised title. */
  static final String TITLE_LOCK = "task-title";

  /**
   * A batch takes the locks of all its titles first, in the one order {@link UnitOfWork#lockAll} uses,
   * so that two batches sharing titles cannot wait for each other in a cycle.
   */
  void preCreateBatch(EventArgs args) {
    List<String> titles = batchTitles(args);
    if (titles.size() > 1) {
      store().currentUnitOfWork().orElseThrow().lockAll(TITLE_LOCK, titles);
    }
  }

  /** Where {@link #preUpdateBatch} leaves the titles of a batch for {@link #verifyUpdate}. */
  private static final String BATCH_TITLES = "demo.batchTitles";

  /**
   * Notes the titles a batch of updates gives, so that the first record that checks its title locks them
   * all at once, in the one order {@link UnitOfWork#lockAll} uses: taken record by record, two batches
   * renaming tasks to the same titles in crossed order each held one title and waited for the other's until
   * the lock timeout. They are locked there, after the batch has locked its first rows, and not here: every
   * update locks its row before its title (a reopened task's title is known only once its row is read), and a
   * title taken before the row would wait in a cycle with such an update.
   */
  void preUpdateBatch(EventArgs args) {
    List<String> titles = batchTitles(args);
    if (titles.size() > 1) {
      args.put(BATCH_TITLES, titles);
    }
  }

  /** The normalised titles the records of a batch give, in the batch's order. */
  private static List<String> batchTitles(EventArgs args) {
    List<String> titles = new ArrayList<>();
    for (Object record : (List<?>) args.get(EventArgs.PARAMS)) {
      Object title = record instanceof Map ? ((Map<?, ?>) record).get("title") : null;
      if (title instanceof String) {
        titles.add(normalised((String) title));
      }
    }
    return titles;
  }

  /** A task belongs to the user who creates it; tasks of anonymous callers have no owner. */
  void preCreate(EventArgs args) {
    if (!args.params().containsKey("ownerId")) {
      args.params().put("ownerId", Owners.idOf(args.get(EventArgs.USER)));
    }
  }

  /** A user sees and changes only their own tasks, anonymous callers the ownerless ones, admins all. */
  void scopeQuery(EventArgs args) {
    Owners.scope(args, "ownerId");
  }

  /**
   * A new task may not repeat, ignoring case, the title of a task of the same owner that is still open. The
   * query is written by hand, so it names the owner itself: another user's titles must not leak through it.
   */
  void verifyCreate(EventArgs args) {
    Object title = args.params().get("title");
    if (title instanceof String) {
      refuseAnOpenTwin((String) title, args.params().get("ownerId"), null);
    }
  }

  /**
   * The same rule for an update that leaves the task open with a title it did not have open before: a
   * rename, or reopening a completed task, may not make a second open task of one title either.
   */
  void verifyUpdate(EventArgs args) {
    Task task = args.entity(Task.class);
    Map<String, Change> changes = args.changes();
    Change title = changes.get("title");
    Change completed = changes.get("completed");
    boolean openAfter = completed != null ? Boolean.FALSE.equals(completed.newValue()) : !task.isCompleted();
    boolean newlyOpenTitle = title != null || (completed != null && Boolean.FALSE.equals(completed.newValue()));
    if (openAfter && newlyOpenTitle) {
      Object newTitle = title != null ? title.newValue() : task.getTitle();
      if (newTitle instanceof String) {
        lockBatchTitles(args);
        refuseAnOpenTwin((String) newTitle, task.ownerId, task.getId());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void lockBatchTitles(EventArgs args) {
    if (args.get(BATCH_TITLES) instanceof List<?> titles) {
      store().currentUnitOfWork().orElseThrow().lockAll(TITLE_LOCK, (List<String>) titles);
    }
  }

  private void refuseAnOpenTwin(String title, Object owner, Long self) {
    UnitOfWork unit = store().currentUnitOfWork().orElseThrow();
    // Locked by title alone (coarser than the rule, which is per owner): simpler, and never too little.
    unit.lock(TITLE_LOCK, normalised(title));
    jakarta.persistence.TypedQuery<Task> clashes = unit.entityManager()
        .createQuery("select t from Task t where t.titleKey = :key and t.completed = false and "
            + (owner == null ? "t.ownerId is null" : "t.ownerId = :owner")
            + (self == null ? "" : " and t.id <> :self"), Task.class)
        .setParameter("key", Task.titleKey(title));
    if (owner != null) {
      clashes.setParameter("owner", owner);
    }
    if (self != null) {
      clashes.setParameter("self", self);
    }
    List<Task> found = clashes
        .setMaxResults(1)
        .getResultList();
    if (!found.isEmpty()) {
      throw new Veto(409, "a task with this title is already open");
    }
  }

  private static String normalised(String title) {
    return Task.titleKey(title);
  }

  /** Every update counts itself; a new title brings its new lookup key. */
  void preUpdate(EventArgs args) {
    args.entity(Task.class).countUpdate();
    if (args.params().get("title") instanceof String title) {
      args.params().put("titleKey", Task.titleKey(title));
    }
  }

  /** Completing a task completes its subtasks, through their repository so that their events fire too. */
  void postUpdate(EventArgs args) {
    Change completed = args.changes() == null ? null : args.changes().get("completed");
    if (completed == null || !Boolean.FALSE.equals(completed.oldValue()) || !Boolean.TRUE.equals(completed.newValue())) {
      return;
    }
    Task task = args.entity(Task.class);
    for (Subtask subtask : task.getSubtasks()) {
      if (!subtask.isCompleted()) {
        subtasks.update(subtask.getId(), Map.of("completed", true),
            CallOptions.builder().path(childPath(args.path(), "update")).build());
      }
    }
  }

  /**
   * A task with open subtasks cannot be deleted; once that is verified, its completed subtasks go first,
   * through their repository so that their events (and the audit) see them.
   */
  void verifyDelete(EventArgs args) {
    Task task = args.entity(Task.class);
    List<Long> done = new ArrayList<>();
    // Each subtask's row locked and read again before it is judged, in id order: a subtask reopened by a
    // request that commits meanwhile is seen open (409), not deleted with its task as it was read before.
    jakarta.persistence.EntityManager entityManager = store().currentUnitOfWork().orElseThrow().entityManager();
    List<Subtask> children = new ArrayList<>(task.getSubtasks());
    children.sort(java.util.Comparator.comparing(Subtask::getId));
    for (Subtask subtask : children) {
      entityManager.refresh(subtask, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
    for (Subtask subtask : children) {
      if (!subtask.isCompleted()) {
        throw new Veto(409, "task " + task.getId() + " has open subtasks");
      }
      done.add(subtask.getId());
    }
    if (!done.isEmpty()) {
      subtasks.deleteBatch(done, CallOptions.builder().path(childPath(args.path(), "destroy")).build());
      task.getSubtasks().clear();
    }
  }

  /** {@code tasks.update} gives {@code tasks.subtasks.update}; {@code admin.tasks.update} gives {@code admin.tasks.subtasks.update}. */
  private static String childPath(String path, String action) {
    String resource = path == null || !path.contains(".") ? "tasks" : path.substring(0, path.lastIndexOf('.'));
    return resource + ".subtasks." + action;
  }
}
