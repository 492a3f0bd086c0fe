/**
 * JMH benchmarks of the runtime, run by {@code runtime-bench/run}: {@link dev.cantila.runtime.bench.SmsHandlerBench}
 * measures one warm SMS invocation through the public API, fresh context included.
 */
package dev.cantila.runtime.bench;
