package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * Something a task can wait for: a {@link Future} (and so a {@link Task}), or a coroutine that
 * {@link Asyncio#gather gather} wraps in a task, as asyncio's {@code ensure_future} does.
 *
 * @param <T> the type of the result
 */
public sealed interface Awaitable<T extends @Nullable Object>
    permits Future, Coroutine, VoidCoroutine {}
