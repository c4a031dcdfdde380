/**
 * JMH benchmarks. {@link dev.scribe.bench.DispatchBenchmark} measures event dispatch through the kernel
 * against a direct method call and Guava's EventBus, all in the same run.
 */
package dev.scribe.bench;
