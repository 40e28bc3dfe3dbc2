package demo;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Engine;
import io.jasyncio.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A modular user's program: it must run on the continuations engine, from the module path. */
public final class Main {
  public static void main(String[] args) {
    Object out =
        run(
            () -> {
              Task<Integer> a = createTask(() -> { sleep(0.01); return 1; });
              Task<Integer> b = createTask(() -> 2);
              List<Object> ab = gather(a, b);
              String c = await(CompletableFuture.supplyAsync(() -> "from the pool"));
              return ab + " " + c + " on " + io.jasyncio.Asyncio.getRunningLoop().engine();
            });
    System.out.println(out);
    boolean named = Engine.class.getModule().isNamed() && Main.class.getModule().isNamed();
    if (!"[1, 2] from the pool on CONTINUATIONS".equals(out) || !named) {
      System.err.println("unexpected: " + out + ", modules named: " + named
          + ", engine reason: " + Engine.defaultEngineReason());
      System.exit(1);
    }
    System.out.println("modular consumer OK");
  }
}
