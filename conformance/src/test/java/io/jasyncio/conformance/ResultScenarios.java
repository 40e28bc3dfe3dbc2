package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.InvalidStateError;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import io.jasyncio.conformance.Support.Oops;
import java.util.ArrayList;
import java.util.List;

/** Java twins: results and exceptions of tasks and futures, and task introspection. */
final class ResultScenarios {
  private ResultScenarios() {}

  /** Python's {@code async def fails(exc)}. */
  static Void fails(Exception exc) throws Exception {
    sleep(0);
    throw exc;
  }

  @Scenario("exception_propagation")
  static void exceptionPropagation(Trace out) {
    run(
        () -> {
          Task<Void> t = createTask(() -> fails(new Boom("bad")));
          try {
            t.result();
          } catch (InvalidStateError e) {
            out.print("result() of a pending task raised InvalidStateError");
          }
          try {
            t.exception();
          } catch (InvalidStateError e) {
            out.print("exception() of a pending task raised InvalidStateError");
          }
          try {
            t.await();
          } catch (Boom e) {
            out.print("main caught", repr(e), "same as exception():", e == t.exception());
            try {
              t.result();
            } catch (Boom again) {
              out.print("result() raised it again, same object:", again == e);
            }
          }
          out.print("done?", t.isDone(), "cancelled?", t.isCancelled());
          Task<Void> u = createTask(() -> fails(new Oops("checked")));
          try {
            u.await();
          } catch (Exception e) {
            if (!(e instanceof Oops)) {
              throw e;
            }
            out.print("main caught", repr(e), "same as exception():", e == u.exception());
          }
          Task<Void> v = createTask(() -> fails(new Boom()));
          sleep(0);
          sleep(0);
          out.print("v done?", v.isDone(), "exception:", repr(v.exception()));
          Task<String> ok =
              createTask(
                  () -> {
                    sleep(0);
                    return "fine";
                  });
          ok.await();
          out.print("ok result", ok.result(), "exception", ok.exception());
        });
  }

  @Scenario("exception_shared_by_awaiters")
  static void exceptionSharedByAwaiters(Trace out) {
    class E {
      static void waiter(Trace out, String name, Future<?> f, List<Throwable> seen) {
        try {
          f.await();
        } catch (Boom e) {
          out.print(name, "caught", repr(e));
          seen.add(e);
        }
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<Object> f = loop.createFuture();
          List<Throwable> seen = new ArrayList<>();
          Task<Void> a = createTask(() -> E.waiter(out, "a", f, seen));
          Task<Void> b = createTask(() -> E.waiter(out, "b", f, seen));
          sleep(0);
          Boom err = new Boom("shared");
          f.setException(err);
          out.print("exception set");
          a.await();
          b.await();
          out.print("same object:", seen.get(0) == seen.get(1), seen.get(0) == err);
          Future<Object> g = loop.createFuture();
          g.cancel("gone");
          for (int i = 0; i < 2; i++) {
            try {
              g.await();
            } catch (CancelledError e) {
              out.print("await cancelled future", i, repr(e));
            }
          }
        });
  }

  @Scenario("current_task")
  static void currentTask_(Trace out) {
    class C {
      static List<String> pendingNames() {
        List<String> names = new ArrayList<>();
        for (Task<?> t : getRunningLoop().allTasks()) {
          names.add(t.getName());
        }
        names.sort(null);
        return names;
      }
    }
    run(
        () -> {
          currentTask().setName("main");
          out.print("main is", currentTask().getName());
          Task<Void> t =
              createTask(
                  () -> {
                    Task<?> me = currentTask();
                    out.print("in task current_task is", me.getName());
                    getRunningLoop()
                        .callSoon(() -> out.print("in callback current_task is", currentTask()));
                    sleep(0);
                    me.setName("renamed");
                    out.print("renamed to", currentTask().getName());
                  },
                  "worker");
          out.print("created", t.getName());
          t.await();
          out.print("after", t.getName());
          out.print("pending tasks:", C.pendingNames());
          Task<Void> u = createTask(() -> sleep(0.01), "sleeper");
          out.print("pending tasks:", C.pendingNames());
          u.await();
          out.print("pending tasks:", C.pendingNames());
        });
  }
}
