package dev.scribe.demo;

import dev.scribe.core.Change;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Business rules of tasks, each an ordinary handler method named after its event. */
public class TaskRepository extends Repository<Task, Long> {
  private final SubtaskRepository subtasks;

  TaskRepository(SubtaskRepository subtasks) {
    this.subtasks = subtasks;
  }

  /** A new task may not repeat, ignoring case, the title of a task that is still open. */
  void verifyCreate(EventArgs args) {
    Object title = args.params().get("title");
    if (!(title instanceof String)) {
      return;
    }
    List<Task> clashes = store().currentUnitOfWork().orElseThrow().entityManager()
        .createQuery("select t from Task t where lower(t.title) = lower(:title) and t.completed = false", Task.class)
        .setParameter("title", ((String) title).strip())
        .setMaxResults(1)
        .getResultList();
    if (!clashes.isEmpty()) {
      throw new Veto(409, "a task with this title is already open");
    }
  }

  /** Every update counts itself. */
  void preUpdate(EventArgs args) {
    args.entity(Task.class).countUpdate();
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
    for (Subtask subtask : task.getSubtasks()) {
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
