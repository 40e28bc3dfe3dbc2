package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A coroutine that produces a value: plain Java code that may call {@link Asyncio#sleep}, {@link
 * Future#await()}, {@link Asyncio#gather} and the other await points, and suspends there.
 *
 * <p>It runs only inside a {@link Task}: see {@link Asyncio#createTask(Coroutine)}. A checked
 * exception it throws becomes the task's exception unchanged.
 *
 * {@snippet :
 * Task<Integer> answer = Asyncio.createTask(() -> {
 *   Asyncio.sleep(0.1);
 *   return 42;
 * });
 * }
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public non-sealed interface Coroutine<T extends @Nullable Object> extends Awaitable<T> {
  /**
   * The coroutine's body.
   *
   * @return the task's result
   * @throws Exception the task's exception
   */
  T call() throws Exception;
}
