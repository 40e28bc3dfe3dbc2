package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Task;

/**
 * The lesson's first example: one task made from a coroutine, awaited by {@code main}.
 *
 * {@snippet lang=python :
 * import asyncio
 *
 *
 * async def example_coroutine():
 *     await asyncio.sleep(1)
 *     print("Hello from coroutine!")
 *
 * async def main():
 *     task = asyncio.create_task(example_coroutine())  # создаем задачу из корутины example_coroutine()
 *     await task # ждем выполнения задачи
 *
 * asyncio.run(main())
 * }
 *
 * Prints {@code Hello from coroutine!} after one second.
 */
public final class Hello {
  private Hello() {}

  // async def example_coroutine():
  static void exampleCoroutine() {
    sleep(1); //                              await asyncio.sleep(1)
    Out.println("Hello from coroutine!"); //  print("Hello from coroutine!")
  }

  // async def main():
  static void main() {
    Task<Void> task =
        createTask(Hello::exampleCoroutine); // task = asyncio.create_task(example_coroutine())
    task.await(); //                                          await task
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(() -> main()); // asyncio.run(main())
  }
}
