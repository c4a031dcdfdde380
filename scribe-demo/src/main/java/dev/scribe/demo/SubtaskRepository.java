package dev.scribe.demo;

import dev.scribe.repository.Repository;

/** Subtasks have no rules of their own; their events still fire for subscribers such as the audit. */
public class SubtaskRepository extends Repository<Subtask, Long> {}
