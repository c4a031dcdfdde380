/** The schema, publisher and broker clean-up of {@link dev.scribe.bench.OutboxBenchmark}. */
package dev.scribe.bench.outbox;
