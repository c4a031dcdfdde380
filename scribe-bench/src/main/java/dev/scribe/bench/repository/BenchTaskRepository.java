package dev.scribe.bench.repository;

import dev.scribe.repository.Repository;

/** The repository the benchmark creates through; every event gets a no-op handler attached. */
public class BenchTaskRepository extends Repository<BenchTask, Long> {}
