package dev.scribe.docs;

import dev.scribe.repository.Repository;

/** Subtasks, without handlers of their own. */
public class SubtaskRepository extends Repository<Subtask, Long> {}
