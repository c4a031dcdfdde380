/** The entity, repository and baseline servlet of {@link dev.scribe.bench.HttpBenchmark}. */
package dev.scribe.bench.http;
