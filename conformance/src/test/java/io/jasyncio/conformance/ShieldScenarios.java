package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Java twins: {@code asyncio.shield} ({@link io.jasyncio.Asyncio#shield}). */
final class ShieldScenarios {
  private ShieldScenarios() {}

  @Scenario("shield_outer_cancelled")
  static void shieldOuterCancelled(Trace out) {
    class C {
      static String work(Trace out, String name, double delay) {
        try {
          sleep(delay);
        } catch (CancelledError e) {
          out.print(name, "cancelled (wrong)");
          throw e;
        }
        out.print(name, "finishes");
        return name.toUpperCase(Locale.ROOT);
      }

      static void runner(Trace out, Task<String> inner) {
        try {
          String r = shield(inner).await();
          out.print("not reached", r);
        } catch (CancelledError e) {
          out.print("runner caught", repr(e), "inner done?", inner.isDone());
          throw e;
        }
      }
    }
    run(
        () -> {
          Task<String> inner = createTask(() -> C.work(out, "inner", 0.1));
          Task<Void> r = createTask(() -> C.runner(out, inner));
          sleep(0.02);
          out.print("cancel runner:", r.cancel("stop"));
          try {
            r.await();
          } catch (CancelledError e) {
            out.print(
                "runner cancelled?", r.isCancelled(), "inner cancelled?", inner.isCancelled());
          }
          out.print("inner ->", inner.await());

          Task<String> t = createTask(() -> C.work(out, "t", 0.1));
          try {
            waitFor(shield(t), 0.02);
          } catch (TimeoutException e) {
            out.print("wait_for: TimeoutError, t cancelled?", t.isCancelled(), "done?", t.isDone());
          }
          out.print("t ->", t.await());

          Future<String> coroOuter = shield(coro(() -> C.work(out, "coro", 0.05)));
          out.print("shield of a coroutine is a task?", coroOuter instanceof Task<?>);
          coroOuter.cancel();
          sleep(0.1);
          out.print("end");
        });
  }

  @Scenario("shield_inner_cancelled")
  static void shieldInnerCancelled(Trace out) {
    class C {
      static void runner(Trace out, Future<String> outer) {
        try {
          outer.await();
          out.print("not reached");
        } catch (CancelledError e) {
          out.print("runner caught", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          Task<String> inner =
              createTask(
                  () -> {
                    sleep(1);
                    return "never";
                  });
          Future<String> outer = shield(inner);
          Task<Void> r = createTask(() -> C.runner(out, outer));
          sleep(0.01);
          out.print("cancel inner:", inner.cancel("inner stop"));
          try {
            r.await();
          } catch (CancelledError e) {
            out.print("runner cancelled?", r.isCancelled());
          }
          out.print(
              "inner cancelled?", inner.isCancelled(), "outer cancelled?", outer.isCancelled());
        });
  }

  @Scenario("shield_inner_raises")
  static void shieldInnerRaises(Trace out) {
    class C {
      static String bad(Trace out, String name, double delay) {
        sleep(delay);
        out.print(name, "raises");
        throw new Boom(name);
      }
    }
    List<String> reports = new ArrayList<>();
    run(
        () -> {
          getRunningLoop()
              .setExceptionHandler(
                  (l, context) ->
                      reports.add(context.message() + ": " + repr(context.exception())));
          Task<String> first = createTask(() -> C.bad(out, "first", 0.01));
          try {
            shield(first).await();
          } catch (Boom e) {
            out.print("awaiter caught", repr(e));
          }

          Task<String> later = createTask(() -> C.bad(out, "later", 0.05));
          Future<String> outer = shield(later);
          outer.cancel();
          sleep(0.1);
          out.print("later done?", later.isDone(), "outer cancelled?", outer.isCancelled());

          Task<String> same = createTask(() -> C.bad(out, "same", 0));
          Future<String> outer2 = shield(same);
          sleep(0);
          sleep(0);
          out.print("same done?", same.isDone(), "outer done?", outer2.isDone());
          outer2.cancel();
          sleep(0);
          sleep(0);
          out.print("outer cancelled?", outer2.isCancelled());
        });
    out.print("reports", reports.stream().sorted().toList());
  }

  @Scenario("shield_done")
  static void shieldDone(Trace out) {
    class C {
      static String fail() {
        throw new Boom("done");
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<String> f = loop.createFuture();
          f.setResult("F");
          out.print("same future?", shield(f) == f, shield(f).await());
          Task<String> t = createTask(() -> "T");
          t.await();
          out.print("same task?", shield(t) == t, shield(t).await());
          Task<String> b = createTask(C::fail);
          sleep(0);
          out.print("same failed task?", shield(b) == b);
          try {
            shield(b).await();
          } catch (Boom e) {
            out.print("caught", repr(e));
          }
          Future<String> c = loop.createFuture();
          c.cancel();
          out.print("same cancelled future?", shield(c) == c);
          try {
            shield(c).await();
          } catch (CancelledError e) {
            out.print("caught CancelledError");
          }
          Future<String> s = shield(coro(() -> "C"));
          out.print("coroutine: a task?", s instanceof Task<?>, "done?", s.isDone());
          out.print("coroutine ->", s.await());
        });
  }
}
