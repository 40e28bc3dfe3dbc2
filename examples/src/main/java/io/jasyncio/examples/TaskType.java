package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Task;

/**
 * What {@code createTask} returns. The lesson shows:
 *
 * {@snippet lang=python :
 * print(type(asyncio.create_task(example_coroutine())))
 *
 * >>> <class '_asyncio.Task'>
 * }
 *
 * In Java the task's class prints as {@code class io.jasyncio.Task}. Unlike the lesson's one-liner,
 * the task is then awaited, so that nothing is left pending when the loop closes: the program also
 * prints {@code Hello from coroutine!} after one second.
 */
public final class TaskType {
  private TaskType() {}

  // async def example_coroutine():
  static void exampleCoroutine() {
    sleep(1); //                              await asyncio.sleep(1)
    Out.println("Hello from coroutine!"); //  print("Hello from coroutine!")
  }

  // async def main():
  static void main() {
    Task<Void> task =
        createTask(TaskType::exampleCoroutine); // task = asyncio.create_task(example_coroutine())
    Out.println(task.getClass()); //                             print(type(task))
    task.await(); //                                             await task
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
