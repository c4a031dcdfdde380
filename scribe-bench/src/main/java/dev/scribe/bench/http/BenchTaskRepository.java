package dev.scribe.bench.http;

import dev.scribe.repository.Repository;

/** The Scribe side's repository: no handlers. */
public class BenchTaskRepository extends Repository<BenchTask, Long> {}
