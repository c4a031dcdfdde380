package dev.scribe.demo.tasks;

import dev.scribe.core.EventArgs;
import dev.scribe.repository.Repository;

/** Subtasks belong to whoever owns their task; their events fire for subscribers such as the audit. */
public class SubtaskRepository extends Repository<Subtask, Long> {
  /** A subtask is in scope when its task is. */
  void scopeQuery(EventArgs args) {
    Owners.scope(args, "task.ownerId");
  }
}
