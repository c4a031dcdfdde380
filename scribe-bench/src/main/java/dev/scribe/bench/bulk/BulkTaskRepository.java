package dev.scribe.bench.bulk;

import dev.scribe.repository.Repository;

/** The Scribe side's repository; the benchmarks attach a no-op handler to every event. */
public class BulkTaskRepository extends Repository<BulkTask, Long> {}
