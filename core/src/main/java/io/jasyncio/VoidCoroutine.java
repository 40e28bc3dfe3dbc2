package io.jasyncio;

/**
 * A coroutine that returns nothing: its task's result is {@code null}. See {@link Coroutine}.
 *
 * {@snippet :
 * Task<Void> hello = Asyncio.createTask(() -> {
 *   Asyncio.sleep(1);
 *   System.out.println("Hello from coroutine!");
 * });
 * }
 */
@FunctionalInterface
public non-sealed interface VoidCoroutine extends Awaitable<Void> {
  /**
   * The coroutine's body.
   *
   * @throws Exception the task's exception
   */
  void run() throws Exception;
}
