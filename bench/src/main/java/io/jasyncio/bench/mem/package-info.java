/**
 * Where the memory of a suspended task goes: {@link io.jasyncio.bench.mem.TaskFootprint} ({@code
 * ./jasyncio bench-mem}), a class histogram per suspended task of jasyncio on both engines, Kotlin
 * coroutines and bare JDK continuations.
 */
@NullMarked
package io.jasyncio.bench.mem;

import org.jspecify.annotations.NullMarked;
