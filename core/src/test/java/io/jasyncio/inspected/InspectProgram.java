package io.jasyncio.inspected;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;

/**
 * A program for {@code io.jasyncio.InspectTest}, run in its own JVM: named tasks awaiting each
 * other, suspended until the JVM is killed (in a package of its own, so that it also runs with
 * io.jasyncio as a named module); it prints {@code ready} once they all are. With the argument
 * {@code none}, it runs no loop at all.
 */
public final class InspectProgram {
  private InspectProgram() {}

  static void query(Future<Void> never) {
    never.await();
  }

  static void handle(Task<Void> query) {
    query.await();
  }

  static void work(Future<Void> never) {
    never.await();
  }

  static void spin() {
    while (true) {
      Thread.onSpinWait();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("none")) {
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(600_000);
      return;
    }
    if (args.length > 0 && args[0].equals("hog")) {
      Asyncio.run(
          () -> {
            System.out.println("ready");
            System.out.flush();
            spin();
          });
      return;
    }
    Asyncio.run(
        () -> {
          Asyncio.currentTask().setName("main");
          Future<Void> never = Asyncio.getRunningLoop().createFuture();
          Task<Void> query = createTask(() -> query(never), "db-query");
          Task<Void> handler = createTask(() -> handle(query), "handler");
          Task<Void> w1 = createTask(() -> work(never), "worker-1");
          Task<Void> w2 = createTask(() -> work(never), "worker-2");
          Task<Object> pool = createTask(() -> gather(w1, w2), "pool");
          sleep(0);
          sleep(0);
          System.out.println("ready");
          System.out.flush();
          gather(handler, pool);
        });
  }
}
