/** The entity and repository of {@link dev.scribe.bench.RepositoryBenchmark}. */
package dev.scribe.bench.repository;
