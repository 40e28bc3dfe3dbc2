package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Support.vcoro;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.Awaitable;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Java twins: {@code asyncio.wait_for} ({@link io.jasyncio.Asyncio#waitFor}), with the semantics of
 * CPython 3.12 and later (built on {@code asyncio.timeout}; a coroutine runs in the waiting task).
 * Python's TimeoutError is Java's {@link TimeoutException}; the twins print the Python name.
 */
final class WaitForScenarios {
  private WaitForScenarios() {}

  @Scenario("wait_for_in_time")
  static void waitForInTime(Trace out) {
    class C {
      static String work(Trace out, Task<?>[] main, String name, double delay) {
        sleep(delay);
        out.print(name, "in caller task?", currentTask() == main[0]);
        return name.toUpperCase(Locale.ROOT);
      }
    }
    Task<?>[] main = new Task<?>[1];
    run(
        () -> {
          main[0] = currentTask();
          EventLoop loop = getRunningLoop();
          out.print("coroutine ->", waitFor(coro(() -> C.work(out, main, "coro", 0.01)), 1));
          Task<String> t = createTask(() -> C.work(out, main, "task", 0.01));
          out.print("task ->", waitFor(t, 1));
          Future<String> fut = loop.createFuture();
          loop.callLater(0.01, () -> fut.setResult("FUTURE"));
          out.print("future ->", waitFor(fut, 1));
          out.print(
              "no limit ->",
              waitFor(coro(() -> C.work(out, main, "none", 0.01)), Double.POSITIVE_INFINITY));
          Future<String> done = loop.createFuture();
          done.setResult("DONE");
          Task<Void> other = createTask(() -> out.print("other runs"));
          out.print("done future ->", waitFor(done, 1), "other done?", other.isDone());
          other.await();
          out.print("cancelling", main[0].cancelling());
          sleep(0.01);
          out.print("end");
        });
  }

  @Scenario("wait_for_timeout")
  static void waitForTimeout(Trace out) {
    class C {
      static void slow(Trace out, String name) {
        try {
          sleep(1);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print(name, "cancelled");
          throw e;
        } finally {
          out.print(name, "finally starts");
          sleep(0.02);
          out.print(name, "finally ends");
        }
      }
    }
    run(
        () -> {
          Task<?> me = currentTask();
          Task<Void> t = createTask(() -> C.slow(out, "task"));
          try {
            waitFor(t, 0.05);
            out.print("not reached");
          } catch (TimeoutException e) {
            out.print("main caught TimeoutError, cause", e.getCause().getClass().getSimpleName());
          }
          out.print(
              "task done?",
              t.isDone(),
              "cancelled?",
              t.isCancelled(),
              "cancelling",
              me.cancelling());

          try {
            waitFor(vcoro(() -> C.slow(out, "coro")), 0.05);
            out.print("not reached");
          } catch (TimeoutException e) {
            out.print("main caught TimeoutError, cause", e.getCause().getClass().getSimpleName());
          }
          out.print("cancelling", me.cancelling());

          Future<String> fut = getRunningLoop().createFuture();
          try {
            waitFor(fut, 0.02);
          } catch (TimeoutException e) {
            out.print(
                "future: TimeoutError, cause",
                e.getCause().getClass().getSimpleName(),
                "future cancelled?",
                fut.isCancelled());
          }
          sleep(0.01);
          out.print("main not cancelled");
        });
  }

  @Scenario("wait_for_zero_timeout")
  static void waitForZeroTimeout(Trace out) {
    class C {
      static String body(Trace out, String name) {
        out.print(name, "body runs");
        return name;
      }

      static void sleeper(Trace out) {
        try {
          sleep(1);
        } finally {
          out.print("sleeper finally");
        }
      }

      static String stubborn(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("stubborn swallows the cancellation");
        }
        return "kept";
      }

      static String fail() {
        throw new Boom("done already");
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<String> fut = loop.createFuture();
          fut.setResult("ready");
          out.print("done future ->", waitFor(fut, 0));
          Task<String> t = createTask(() -> C.body(out, "t"));
          sleep(0);
          out.print("done task ->", waitFor(t, -1));
          Task<String> bad = createTask(C::fail);
          sleep(0);
          try {
            waitFor(bad, 0);
          } catch (Boom e) {
            out.print("done failed task raised", repr(e));
          }

          try {
            waitFor(coro(() -> C.body(out, "coro")), 0);
            out.print("not reached");
          } catch (TimeoutException e) {
            out.print("coroutine: TimeoutError");
          }
          Task<String> fresh = createTask(() -> C.body(out, "fresh"));
          try {
            waitFor(fresh, 0);
          } catch (TimeoutException e) {
            out.print("fresh task: TimeoutError, cancelled?", fresh.isCancelled());
          }
          Task<Void> s = createTask(() -> C.sleeper(out));
          sleep(0);
          try {
            waitFor(s, -5);
          } catch (TimeoutException e) {
            out.print("running task: TimeoutError, cancelled?", s.isCancelled());
          }
          Task<String> st = createTask(() -> C.stubborn(out));
          sleep(0);
          out.print("stubborn ->", waitFor(st, 0));
          Future<String> pending = loop.createFuture();
          try {
            waitFor(pending, 0);
          } catch (TimeoutException e) {
            out.print("pending future: TimeoutError, cancelled?", pending.isCancelled());
          }
        });
  }

  @Scenario("wait_for_swallowed")
  static void waitForSwallowed(Trace out) {
    class C {
      static String stubborn(Trace out, String name) {
        try {
          sleep(1);
          return "in time";
        } catch (CancelledError e) {
          out.print(name, "swallows the cancellation");
        }
        sleep(0.01);
        out.print(name, "returns anyway");
        return name + " value";
      }
    }
    run(
        () -> {
          Task<?> me = currentTask();
          Task<String> t = createTask(() -> C.stubborn(out, "task"));
          out.print("task ->", waitFor(t, 0.05));
          out.print("task cancelled?", t.isCancelled(), "cancelling", me.cancelling());
          out.print("coro ->", waitFor(coro(() -> C.stubborn(out, "coro")), 0.05));
          out.print("cancelling", me.cancelling());
          sleep(0.01);
          out.print("main not cancelled");
        });
  }

  @Scenario("wait_for_inner_raises")
  static void waitForInnerRaises(Trace out) {
    class C {
      static String fails(String name) {
        sleep(0.01);
        throw new Boom(name);
      }

      static String failsOnCancel(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "turns the cancellation into Boom");
          throw new Boom(name + " cleanup failed");
        }
        return "not reached";
      }
    }
    run(
        () -> {
          Task<?> me = currentTask();
          List<Awaitable<String>> aws =
              List.of(
                  coro(() -> C.fails("coro")),
                  createTask(() -> C.fails("task")),
                  coro(() -> C.failsOnCancel(out, "coro")),
                  createTask(() -> C.failsOnCancel(out, "task")));
          for (Awaitable<String> aw : aws) {
            try {
              waitFor(aw, 0.05);
              out.print("not reached");
            } catch (Boom e) {
              out.print("caught", repr(e), "cancelling", me.cancelling());
            } catch (TimeoutException e) {
              out.print("caught TimeoutError");
            }
          }
          sleep(0.01);
          out.print("end");
        });
  }

  @Scenario("wait_for_outer_cancelled")
  static void waitForOuterCancelled(Trace out) {
    class C {
      static void inner(Trace out, String name) {
        try {
          sleep(1);
        } finally {
          out.print(name, "inner finally");
        }
      }

      static String stubborn(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("stubborn swallows the cancellation");
        }
        return "stubborn value";
      }

      static String stubbornRunner(Trace out, Task<String> aw) throws TimeoutException {
        Task<?> me = currentTask();
        String r = waitFor(aw, 10);
        out.print("stubborn runner got", r, "cancelling", me.cancelling());
        return r;
      }

      static void slowCleanup(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "inner cleanup starts");
          try {
            sleep(1);
          } catch (CancelledError e2) {
            out.print(name, "inner cleanup cancelled too");
            throw e2;
          }
          throw e;
        }
      }

      static void runner(Trace out, Awaitable<?> aw, String name) {
        runner(out, aw, name, 10);
      }

      static void runner(Trace out, Awaitable<?> aw, String name, double timeout) {
        try {
          waitFor(aw, timeout);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print(name, "runner caught", repr(e));
          throw e;
        } catch (TimeoutException e) {
          out.print(name, "runner caught TimeoutError");
        }
      }
    }
    run(
        () -> {
          Task<Void> t = createTask(() -> C.inner(out, "task"));
          Task<Void> r1 = createTask(() -> C.runner(out, t, "task"));
          Task<Void> r2 =
              createTask(() -> C.runner(out, vcoro(() -> C.inner(out, "coro")), "coro"));
          sleep(0.02);
          out.print("cancel r1", r1.cancel("stop"), "cancel r2", r2.cancel());
          for (Task<Void> r : List.of(r1, r2)) {
            try {
              r.await();
            } catch (CancelledError e) {
              out.print("main caught", repr(e));
            }
          }
          out.print(
              "inner task cancelled?",
              t.isCancelled(),
              "r1 cancelled?",
              r1.isCancelled(),
              "r2 cancelled?",
              r2.isCancelled());

          Task<String> s = createTask(() -> C.stubborn(out));
          Task<String> r3 = createTask(() -> C.stubbornRunner(out, s));
          sleep(0.02);
          out.print("cancel r3", r3.cancel());
          out.print(
              "r3 ->",
              r3.await(),
              "r3 cancelled?",
              r3.isCancelled(),
              "s cancelled?",
              s.isCancelled());

          for (String name : List.of("after expiry", "zero timeout")) {
            double timeout = name.equals("after expiry") ? 0.02 : 0;
            Task<Void> slow = createTask(() -> C.slowCleanup(out, name));
            sleep(0);
            Task<Void> r4 = createTask(() -> C.runner(out, slow, name, timeout));
            sleep(0.05);
            out.print(name, "cancel the runner during the cleanup", r4.cancel());
            try {
              r4.await();
            } catch (CancelledError e) {
              out.print(
                  name,
                  "runner cancelled?",
                  r4.isCancelled(),
                  "inner cancelled?",
                  slow.isCancelled());
            }
            slow.cancel();
            try {
              slow.await();
            } catch (CancelledError e) {
              out.print(name, "inner cancelled at last?", slow.isCancelled());
            }
          }
        });
  }

  @Scenario("wait_for_cancel_race")
  static void waitForCancelRace(Trace out) {
    class C {
      static void runner(Trace out, Awaitable<?> aw, String name) throws TimeoutException {
        try {
          Object r = waitFor(aw, 10);
          out.print(name, "runner got", r);
          sleep(0);
          out.print(name, "runner goes on");
        } catch (CancelledError e) {
          out.print(name, "runner cancelled");
          throw e;
        }
      }

      static String quick() {
        sleep(0);
        return "quick value";
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<String> fut = loop.createFuture();
          Task<Void> r1 = createTask(() -> C.runner(out, fut, "future"));
          sleep(0);
          fut.setResult("future value");
          out.print("cancel r1:", r1.cancel());
          try {
            r1.await();
          } catch (CancelledError e) {
            out.print("r1 cancelled?", r1.isCancelled());
          }

          Task<String> q = createTask(C::quick);
          Task<Void> r2 = createTask(() -> C.runner(out, q, "task"));
          sleep(0);
          sleep(0);
          out.print("q done?", q.isDone(), "r2 done?", r2.isDone());
          out.print("cancel r2:", r2.cancel());
          try {
            r2.await();
          } catch (CancelledError e) {
            out.print("r2 cancelled?", r2.isCancelled());
          }
        });
  }
}
