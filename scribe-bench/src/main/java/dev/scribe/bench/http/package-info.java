/** The entity, repository, baseline servlet and client of the HTTP benchmarks ({@link dev.scribe.bench.HttpBenchmark}, {@link dev.scribe.bench.HttpAuthBenchmark}). */
package dev.scribe.bench.http;
