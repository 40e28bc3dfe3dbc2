package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import java.util.ArrayList;
import java.util.List;

/** Java twins: what {@code Asyncio.run} does around the main coroutine. */
final class RunScenarios {
  private RunScenarios() {}

  @Scenario("run_cleanup")
  static void runCleanup(Trace out) {
    List<Task<Void>> holder = new ArrayList<>();
    Integer r =
        run(
            () -> {
              createTask(
                  () -> {
                    try {
                      out.print("leftover sleeps");
                      sleep(10);
                    } catch (CancelledError e) {
                      out.print("leftover cancelled", repr(e));
                      throw e;
                    } finally {
                      out.print("leftover finally");
                    }
                  });
              sleep(0);
              holder.add(createTask(() -> out.print("last_minute ran")));
              out.print("main returns");
              return 42;
            });
    out.print("run returned", r);
    out.print("last_minute cancelled?", holder.get(0).isCancelled());
  }

  @Scenario("run_cleanup_suppressed")
  static void runCleanupSuppressed(Trace out) {
    String r =
        run(
            () -> {
              createTask(
                  () -> {
                    try {
                      sleep(10);
                    } catch (CancelledError e) {
                      out.print("stubborn suppresses", repr(e));
                    }
                    sleep(0.01);
                    out.print("stubborn finishes its cleanup");
                    sleep(0);
                    out.print("stubborn returns");
                    return "ignored";
                  });
              sleep(0);
              out.print("main returns");
              return "main result";
            });
    out.print("run returned", r);
  }

  @Scenario("run_cleanup_leftover_raises")
  static void runCleanupLeftoverRaises(Trace out) {
    Integer r =
        run(
            () -> {
              getRunningLoop()
                  .setExceptionHandler(
                      (loop, context) -> out.print("handler got", repr(context.exception())));
              createTask(
                  () -> {
                    try {
                      sleep(10);
                    } catch (CancelledError e) {
                      out.print("leftover raises instead");
                      throw new Boom("in cleanup");
                    }
                  });
              sleep(0);
              out.print("main returns");
              return 1;
            });
    out.print("run returned", r);
  }

  @Scenario("run_main_raises")
  static void runMainRaises(Trace out) {
    try {
      run(
          () -> {
            createTask(
                () -> {
                  try {
                    sleep(10);
                  } finally {
                    out.print("leftover finally");
                  }
                });
            sleep(0);
            out.print("main raises");
            throw new Boom("main failed");
          });
    } catch (Boom e) {
      out.print("run raised", repr(e));
    }
    try {
      run(
          () -> {
            currentTask().cancel("bye");
            sleep(0);
          });
    } catch (CancelledError e) {
      out.print("run raised", repr(e));
    }
  }
}
