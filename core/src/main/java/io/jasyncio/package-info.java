/**
 * asyncio's task model: an {@link io.jasyncio.EventLoop}, {@link io.jasyncio.Task tasks} that run
 * plain Java code as coroutines, and the functions of {@link io.jasyncio.Asyncio} ({@code run},
 * {@code createTask}, {@code sleep}, {@code gather}).
 *
 * <p>Start with {@link io.jasyncio.Asyncio}.
 */
@NullMarked
package io.jasyncio;

import org.jspecify.annotations.NullMarked;
