/**
 * The benchmark harness: the same workloads in jasyncio (both engines), Kotlin coroutines, plain
 * virtual threads, CPython asyncio and uvloop, plus JMH benchmarks of jasyncio's hot paths. Run it
 * with {@code ./jasyncio bench}.
 */
@NullMarked
package io.jasyncio.bench;

import org.jspecify.annotations.NullMarked;
