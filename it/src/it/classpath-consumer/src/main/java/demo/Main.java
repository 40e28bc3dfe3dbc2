package demo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runCoroutineThreadsafe;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Engine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A user's program: run, createTask, gather, runCoroutineThreadsafe from another thread, and
 * await(CompletionStage). It checks its own results and exits with 1 if one is wrong, so that the
 * build that runs it fails.
 */
public final class Main {
  public static void main(String[] args) throws Exception {
    String expectedEngine = args.length > 0 ? args[0] : null;
    List<String> out =
        run(
            () -> {
              EventLoop loop = getRunningLoop();
              Task<String> cook = createTask(() -> { sleep(0.02); return "soup"; }, "cook");
              Task<String> waiter = createTask(() -> { sleep(0.01); return "table"; }, "waiter");
              List<Object> both = gather(cook, waiter);
              // another thread asks the loop to run a coroutine, and waits for it
              CompletableFuture<String> fromThread = new CompletableFuture<>();
              Thread.ofPlatform().start(() -> {
                try {
                  CompletableFuture<Integer> cf = runCoroutineThreadsafe(() -> { sleep(0.01); return 42; }, loop);
                  fromThread.complete("thread got " + cf.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                  fromThread.completeExceptionally(e);
                }
              });
              String got = await(fromThread); // a CompletionStage, awaited in the task
              return List.of(both.toString(), got, loop.engine().name());
            });
    System.out.println(out);
    List<String> want = List.of("[soup, table]", "thread got 42");
    boolean ok = out.subList(0, 2).equals(want)
        && (expectedEngine == null || out.get(2).equals(expectedEngine));
    System.out.println("engine: " + Engine.defaultEngine() + " (" + Engine.defaultEngineReason() + ")");
    if (!ok) {
      System.err.println("unexpected: " + out + ", wanted " + want + " on " + expectedEngine);
      System.exit(1);
    }
    System.out.println("consumer OK");
  }
}
