/**
 * The bulk-data benchmarks: {@link dev.scribe.bench.bulk.ExportBenchmark} (a streamed CSV export of
 * 1,000,000 rows in a small heap), {@link dev.scribe.bench.bulk.ImportBenchmark} (100,000 CSV rows
 * through every event against a plain Hibernate loader) and {@link dev.scribe.bench.bulk.BulkUpdateBenchmark}
 * (100,000 rows changed by query with per-record events against a JPQL {@code UPDATE}).
 */
package dev.scribe.bench.bulk;
