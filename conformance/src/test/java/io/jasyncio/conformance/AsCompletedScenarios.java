package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.AsCompleted;
import io.jasyncio.Awaitable;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

/**
 * Java twins: {@code asyncio.as_completed} in its {@code async for} form of 3.13 ({@link
 * io.jasyncio.Asyncio#asCompleted}); {@code async for x in it} is {@code for (Future<T> x : it)},
 * or {@code while (it.hasNext()) { x = it.next(); }} where the twin catches the TimeoutError. A
 * further {@code anext(it)} after the end is {@link AsCompleted#next()} throwing {@link
 * NoSuchElementException} (Python's StopAsyncIteration).
 */
final class AsCompletedScenarios {
  private AsCompletedScenarios() {}

  static String work(Trace out, String name, double delay) {
    sleep(delay);
    out.print(name, "finishes");
    return name;
  }

  @Scenario("as_completed_order")
  static void asCompletedOrder(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> a = createTask(() -> work(out, "a", 0.15), "a");
          Task<String> b = createTask(() -> work(out, "b", 0.05), "b");
          Task<String> c = createTask(() -> work(out, "c", 0.1), "c");
          Future<String> f = loop.createFuture();
          loop.callLater(0.02, () -> f.setResult("f"));
          Future<String> d = loop.createFuture();
          d.setResult("d");
          List<Future<String>> given = List.of(a, b, c, f, b, a, d);
          int n = 0;
          for (Future<String> x : asCompleted(given)) {
            n++;
            out.print(
                "got",
                x.result(),
                "done?",
                x.isDone(),
                "original?",
                given.stream().anyMatch(g -> g == x));
          }
          out.print("iterations", n);
          for (Future<Object> x : asCompleted(List.<Future<Object>>of())) {
            out.print("not reached");
          }
          out.print("empty: no iterations");
        });
  }

  @Scenario("as_completed_timeout")
  static void asCompletedTimeout(Trace out) {
    run(
        () -> {
          Task<String> fast = createTask(() -> work(out, "fast", 0.01));
          Task<String> slow1 = createTask(() -> work(out, "slow1", 0.3));
          Task<String> slow2 = createTask(() -> work(out, "slow2", 0.3));
          AsCompleted<String> it = asCompleted(List.of(slow1, fast, slow2), 0.1);
          try {
            while (it.hasNext()) {
              Future<String> x = it.next();
              out.print("got", x.result());
            }
            out.print("not reached");
          } catch (TimeoutException e) {
            out.print("TimeoutError in the loop");
          }
          for (int i = 0; i < 3; i++) {
            try {
              Future<String> x = it.next();
              out.print("not reached", x);
            } catch (TimeoutException e) {
              out.print("next: TimeoutError");
            } catch (NoSuchElementException e) {
              out.print("next: StopAsyncIteration");
            }
          }
          out.print("slow1 cancelled?", slow1.isCancelled(), "done?", slow1.isDone());
          out.print("results", gather(slow1, slow2));

          Task<String> early = createTask(() -> work(out, "early", 0.01));
          Task<String> late = createTask(() -> work(out, "late", 0.3));
          AsCompleted<String> it2 = asCompleted(List.of(late, early), 0.05);
          sleep(0.1);
          out.print("iteration starts after the timeout");
          try {
            while (it2.hasNext()) {
              out.print("got", it2.next().result());
            }
          } catch (TimeoutException e) {
            out.print("then TimeoutError");
          }
          late.cancel();

          Task<String> quick = createTask(() -> work(out, "quick", 0.01));
          for (Future<String> x : asCompleted(List.of(quick), 5)) {
            out.print("in time:", x.result());
          }
          sleep(0.01);
          out.print("end");
        });
  }

  @Scenario("as_completed_mixed")
  static void asCompletedMixed(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> t = createTask(() -> work(out, "task", 0.1));
          Future<String> f = loop.createFuture();
          loop.callLater(0.15, () -> f.setResult("future"));
          List<Awaitable<String>> aws =
              List.of(
                  coro(() -> work(out, "coro1", 0.05)), t, f, coro(() -> work(out, "coro2", 0.2)));
          AsCompleted<String> it = asCompleted(aws);
          sleep(0.07);
          out.print("iteration starts");
          for (Future<String> x : it) {
            String kind =
                x == t
                    ? "the task"
                    : x == f ? "the future" : x instanceof Task<?> ? "a new task" : "other";
            out.print("got", x.result(), "as", kind);
          }
          Coroutine<String> c = coro(() -> work(out, "twice", 0.01));
          int n = 0;
          for (Future<String> x : asCompleted(List.of(c, c))) {
            n++;
            out.print("got", x.result());
          }
          out.print("the same coroutine twice: iterations", n);
        });
  }

  @Scenario("as_completed_exception")
  static void asCompletedException(Trace out) {
    class C {
      static String ok(double delay) {
        sleep(delay);
        return "ok";
      }

      static String bad(double delay) {
        sleep(delay);
        throw new Boom("bad");
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> a = createTask(() -> C.ok(0.1), "a");
          Task<String> b = createTask(() -> C.bad(0.02), "b");
          Task<String> c = createTask(() -> C.ok(1), "c");
          loop.callLater(0.05, () -> c.cancel());
          for (Future<String> x : asCompleted(List.of(a, b, c))) {
            out.print("given", ((Task<?>) x).getName());
            try {
              out.print("result", x.result());
            } catch (Boom e) {
              out.print("result() raised", repr(e));
            } catch (CancelledError e) {
              out.print("result() raised CancelledError");
            }
            try {
              out.print("await", x.await());
            } catch (Boom e) {
              out.print("await raised", repr(e));
            } catch (CancelledError e) {
              out.print("await raised CancelledError");
            }
          }
          out.print("end");
        });
  }

  @Scenario("as_completed_cancelled")
  static void asCompletedCancelled(Trace out) {
    class C {
      static void consumer(Trace out, List<Task<String>> fs) {
        try {
          for (Future<String> x : asCompleted(fs)) {
            out.print("consumer got", x.result());
          }
        } catch (CancelledError e) {
          out.print("consumer caught", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          Task<String> a = createTask(() -> work(out, "a", 0.01));
          Task<String> b = createTask(() -> work(out, "b", 0.1));
          Task<String> c = createTask(() -> work(out, "c", 0.15));
          Task<Void> t = createTask(() -> C.consumer(out, List.of(a, b, c)));
          sleep(0.05);
          t.cancel("enough");
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("consumer cancelled?", t.isCancelled());
          }
          out.print("b cancelled?", b.isCancelled(), "c cancelled?", c.isCancelled());
          out.print("results", gather(b, c));
        });
  }
}
