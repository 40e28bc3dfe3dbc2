package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten tasks run concurrently with {@code gather}: all ten sleep at the same time, so the program
 * takes about one second, not ten.
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
 *     tasks = []
 *     for _ in range(10):
 *         task = asyncio.create_task(example_coroutine())  # создаем 10 задач
 *         tasks.append(task)  # добавляем все задачи в список tasks
 *     await asyncio.gather(*tasks)  # запускаем все задачи из списка tasks
 *
 * asyncio.run(main())
 * }
 */
public final class Ten {
  private Ten() {}

  // async def example_coroutine():
  static void exampleCoroutine() {
    sleep(1); //                              await asyncio.sleep(1)
    Out.println("Hello from coroutine!"); //  print("Hello from coroutine!")
  }

  // async def main():
  static void main() {
    List<Task<Void>> tasks = new ArrayList<>(); //             tasks = []
    for (int i = 0; i < 10; i++) { //                          for _ in range(10):
      Task<Void> task =
          createTask(Ten::exampleCoroutine); //      task = asyncio.create_task(example_coroutine())
      tasks.add(task); //                                          tasks.append(task)
    }
    gather(tasks); //                                          await asyncio.gather(*tasks)
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
