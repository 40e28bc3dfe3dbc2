package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;

/** Java twins: when tasks start, how they interleave, and where they do not suspend. */
final class OrderingScenarios {
  private OrderingScenarios() {}

  @Scenario("start_order")
  static void startOrder(Trace out) {
    class W {
      static String worker(Trace out, String name) {
        out.print(name, "start");
        sleep(0);
        out.print(name, "end");
        return name;
      }
    }
    run(
        () -> {
          out.print("main start");
          Task<String> t1 = createTask(() -> W.worker(out, "t1"));
          Task<String> t2 = createTask(() -> W.worker(out, "t2"));
          Task<String> t3 = createTask(() -> W.worker(out, "t3"));
          out.print("main created t1 t2 t3");
          for (int i = 0; i < 3; i++) {
            out.print("main still running", i, "t1 done:", t1.isDone());
          }
          sleep(0);
          out.print("main after its first await");
          Task<String> t4 = createTask(() -> W.worker(out, "t4"));
          out.print("main created t4");
          out.print("main got", t3.await());
          out.print("main got", t1.await(), t2.await(), t4.await());
          out.print("main done");
        });
  }

  @Scenario("sleep0_interleaving")
  static void sleep0Interleaving(Trace out) {
    class L {
      static void looper(Trace out, String name, int n) {
        for (int i = 0; i < n; i++) {
          out.print(name, i);
          sleep(0);
        }
        out.print(name, "finished");
      }
    }
    run(
        () -> {
          Task<Void> a = createTask(() -> L.looper(out, "a", 3));
          Task<Void> b = createTask(() -> L.looper(out, "b", 3));
          Task<Void> c = createTask(() -> L.looper(out, "c", 2));
          for (int i = 0; i < 3; i++) {
            out.print("main", i);
            sleep(0);
          }
          a.await();
          b.await();
          c.await();
          out.print("main done");
        });
  }

  @Scenario("sleep0_vs_call_soon")
  static void sleep0VsCallSoon(Trace out) {
    class S {
      static Runnable cb(Trace out, String tag) {
        return () -> out.print("callback", tag);
      }

      static void stepper(Trace out, String name) {
        EventLoop loop = getRunningLoop();
        out.print(name, "step 1");
        loop.callSoon(cb(out, name + "-a"));
        sleep(0);
        out.print(name, "step 2");
        loop.callSoon(cb(out, name + "-b"));
        loop.callSoon(cb(out, name + "-c"));
        sleep(0);
        out.print(name, "step 3");
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.callSoon(S.cb(out, "main-before"));
          Task<Void> x = createTask(() -> S.stepper(out, "x"));
          Task<Void> y = createTask(() -> S.stepper(out, "y"));
          loop.callSoon(S.cb(out, "main-after"));
          x.await();
          out.print("main resumed after x");
          loop.callSoon(S.cb(out, "main-last"));
          sleep(0);
          out.print("main after sleep(0)");
          y.await();
          out.print("main done");
        });
  }

  @Scenario("nested_tasks")
  static void nestedTasks(Trace out) {
    class N {
      static String c(Trace out) {
        out.print("c start");
        sleep(0);
        out.print("c end");
        return "C";
      }

      static String b(Trace out) {
        out.print("b start");
        Task<String> tc = createTask(() -> c(out));
        out.print("b created c");
        sleep(0);
        out.print("b after sleep(0)");
        String r = tc.await();
        out.print("b got", r);
        return "B+" + r;
      }

      static String a(Trace out) {
        out.print("a start");
        Task<String> tb = createTask(() -> b(out));
        out.print("a created b");
        String r = tb.await();
        out.print("a got", r);
        return "A+" + r;
      }
    }
    run(
        () -> {
          Task<String> ta = createTask(() -> N.a(out));
          out.print("main created a");
          sleep(0);
          out.print("main after sleep(0)");
          out.print("main got", ta.await());
        });
  }

  @Scenario("await_done_future")
  static void awaitDoneFuture(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<Integer> f = loop.createFuture();
          f.setResult(42);
          Task<Void> x = createTask(() -> out.print("x", "ran"));
          out.print("main awaits a done future");
          out.print("main got", f.await());
          out.print("x done?", x.isDone());
          Task<String> q =
              createTask(
                  () -> {
                    out.print("quick ran");
                    return "Q";
                  });
          sleep(0);
          sleep(0);
          out.print("q done?", q.isDone());
          Task<Void> y = createTask(() -> out.print("y", "ran"));
          out.print("main awaits a done task");
          out.print("main got", q.await());
          out.print("main got again", q.await());
          out.print("x done?", x.isDone(), "y done?", y.isDone());
          sleep(0);
          out.print("y done?", y.isDone());
        });
  }
}
