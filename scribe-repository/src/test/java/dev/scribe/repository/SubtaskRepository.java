package dev.scribe.repository;

/** The repository of {@link Subtask}, registered by the tests that create subtasks through it. */
public class SubtaskRepository extends Repository<Subtask, Long> {}
