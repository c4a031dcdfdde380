package dev.scribe.repository;

/** The repository of {@link Task}; tests attach their handlers to its event manager. */
public class TaskRepository extends Repository<Task, Long> {}
