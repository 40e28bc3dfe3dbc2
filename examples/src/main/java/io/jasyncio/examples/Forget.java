package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

/**
 * The lesson's "bad example": a task created without keeping a reference to it.
 *
 * {@snippet lang=python :
 * import asyncio
 *
 * async def my_task():
 *     print(f"{'-' * 10}\nRunning my task")
 *     await asyncio.sleep(1)
 *     print(f"Task complete\n{'-' * 10}")
 *
 * async def main():
 *     # Создаем задачу без сохранения ссылки на нее
 *     asyncio.create_task(my_task())
 *     # Здесь произойдет запуск задачи, однако стоит помнить,
 *     # что эта задача может быть удалена сборщиком мусора в любой момент.
 *     await asyncio.sleep(2)
 *
 * asyncio.run(main())
 * }
 *
 * In asyncio the loop keeps only a weak reference to a task, so a task nobody else references may
 * be garbage-collected before it finishes (CPython gh-91887). In jasyncio the loop keeps every
 * pending task strongly reachable until it is done, so this program is reliable: the task always
 * runs to its end.
 */
public final class Forget {
  private Forget() {}

  // async def my_task():
  static void myTask() {
    Out.println("-".repeat(10) + "\nRunning my task"); // print(f"{'-' * 10}\nRunning my task")
    sleep(1); //                                          await asyncio.sleep(1)
    Out.println("Task complete\n" + "-".repeat(10)); //   print(f"Task complete\n{'-' * 10}")
  }

  // async def main():
  @SuppressWarnings("FutureReturnValueIgnored") // the lesson's point: no reference is kept
  static void main() {
    // asyncio.create_task(my_task()): the returned task is ignored on purpose. Unlike asyncio's
    // loop, which holds tasks weakly, jasyncio's loop holds every pending task strongly until it is
    // done, so the task cannot be collected mid-flight and always completes.
    createTask(Forget::myTask);
    sleep(2); // await asyncio.sleep(2)
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
