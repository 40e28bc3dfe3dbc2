package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.Timeout;
import io.jasyncio.conformance.Support.Boom;
import io.jasyncio.conformance.Support.Oops;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Java twins: eager tasks. Python's {@code loop.set_task_factory(asyncio.eager_task_factory)} is
 * {@code loop.setEagerTasks(true)}; {@code asyncio.Task(coro, eager_start=...)} (what 3.14's {@code
 * create_task(coro, eager_start=...)} calls) is {@code createTask(coro, name, eagerStart)}. Eager
 * tasks need CPython 3.12+; the Python programs ask for 3.13 ({@code # requires-python: 3.13}).
 */
final class EagerScenarios {
  private EagerScenarios() {}

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  @Scenario("eager_order")
  static void eagerOrder(Trace out) {
    class E {
      static String quick(Trace out, String name) {
        out.print(name, "runs");
        return upper(name);
      }

      static String once(Trace out, String name) {
        out.print(name, "step 1");
        sleep(0);
        out.print(name, "step 2");
        return upper(name);
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          out.print("lazy: before create_task");
          Task<String> a = createTask(() -> E.quick(out, "a"));
          out.print("lazy: after create_task a, done?", a.isDone());
          Task<String> b = createTask(() -> E.once(out, "b"));
          out.print("lazy: after create_task b, done?", b.isDone());
          sleep(0);
          out.print("main resumed; a done?", a.isDone(), "b done?", b.isDone());
          out.print("got", a.await(), b.await());

          loop.setEagerTasks(true);
          loop.callSoon(() -> out.print("callback scheduled before c"));
          out.print("eager: before create_task");
          Task<String> c = createTask(() -> E.quick(out, "c"));
          out.print("eager: after create_task c, done?", c.isDone(), "result", c.result());
          Task<String> d = createTask(() -> E.once(out, "d"));
          out.print("eager: after create_task d, done?", d.isDone());
          loop.callSoon(() -> out.print("callback scheduled between d and e"));
          Task<String> e = createTask(() -> E.once(out, "e"));
          out.print("eager: after create_task e, done?", e.isDone());
          loop.callSoon(() -> out.print("callback scheduled after e"));
          sleep(0);
          out.print("main resumed; d done?", d.isDone(), "e done?", e.isDone());
          out.print("got", c.await(), d.await(), e.await());

          loop.setEagerTasks(false);
          Task<String> f = createTask(() -> E.quick(out, "f"));
          out.print("lazy again: f done?", f.isDone());
          out.print("got", f.await());
          out.print("main done");
        });
  }

  @Scenario("eager_nested")
  static void eagerNested(Trace out) {
    class N {
      static String cur() {
        return currentTask().getName();
      }

      static void named(String name) {
        currentTask().setName(name);
      }

      static String leaf(Trace out, String name) {
        named(name);
        out.print(name, "first step, current", cur());
        return name;
      }

      static String sleeper(Trace out, String name) {
        named(name);
        out.print(name, "first step, current", cur());
        sleep(0);
        out.print(name, "second step, current", cur());
        return name;
      }

      static String middle(Trace out, String name) {
        named(name);
        out.print(name, "start, current", cur());
        Task<String> x = createTask(() -> leaf(out, name + ".leaf"), name + ".leaf");
        out.print(name, "after leaf: done?", x.isDone(), "current", cur());
        Task<String> y = createTask(() -> sleeper(out, name + ".sleeper"), name + ".sleeper");
        out.print(name, "after sleeper: done?", y.isDone(), "current", cur());
        String r = y.await();
        out.print(name, "got", r, "current", cur());
        return name + "+" + x.result() + "+" + r;
      }

      static List<String> top(Trace out) {
        named("top");
        out.print("top start, current", cur());
        Task<String> m = createTask(() -> middle(out, "m1"), "m1");
        out.print("top after m1, current", cur());
        Task<String> n = createTask(() -> middle(out, "m2"), "m2");
        out.print("top after m2, current", cur());
        return List.of(m.await(), n.await());
      }
    }
    run(
        () -> {
          currentTask().setName("main");
          getRunningLoop().setEagerTasks(true);
          Task<List<String>> t = createTask(() -> N.top(out), "top");
          out.print("main after top, current", N.cur(), "top done?", t.isDone());
          out.print("main got", t.await());
        });
  }

  @Scenario("eager_current_task")
  static void eagerCurrentTask(Trace out) {
    class C {
      static List<String> names(List<Task<?>> tasks) {
        return tasks.stream().map(Task::getName).sorted().toList();
      }

      static String body(Trace out, List<Task<?>> seen, boolean awaits) {
        Task<?> me = currentTask();
        seen.add(me);
        List<Task<?>> all = getRunningLoop().allTasks();
        out.print("  body: in all_tasks?", all.contains(me), "count", all.size());
        if (awaits) {
          sleep(0);
          out.print("  body resumed; current is the same task?", currentTask() == me);
        }
        return "ok";
      }

      static void fromCallback(Trace out, List<Task<?>> seen, Future<Task<String>> done) {
        out.print("callback: current task", currentTask());
        Task<String> t = getRunningLoop().createTask(() -> body(out, seen, true), "from-callback");
        out.print(
            "callback: eager step ran inside?",
            seen.size() == 1 && seen.get(0) == t,
            "current task again",
            currentTask());
        done.setResult(t);
      }
    }
    out.print("loop not running:");
    try (EventLoop loop = newEventLoop()) {
      loop.setEagerTasks(true);
      List<Task<?>> seen = new ArrayList<>();
      Task<String> t = loop.createTask(() -> C.body(out, seen, false), "not-running");
      out.print("created; body ran?", seen.size() == 1, "done?", t.isDone());
      out.print("result", loop.runUntilComplete(t), "body ran?", seen.size() == 1);
    }
    out.print("running:");
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<?> me = currentTask();
          me.setName("main");
          loop.setEagerTasks(true);

          List<Task<?>> seen1 = new ArrayList<>();
          out.print("main: create quick");
          Task<String> q = loop.createTask(() -> C.body(out, seen1, false), "quick");
          out.print(
              "main: the body saw the new task?",
              seen1.get(0) == q,
              "the creator?",
              seen1.get(0) == me);
          out.print("main: current is main again?", currentTask() == me);
          out.print("main: quick done?", q.isDone(), "all_tasks:", C.names(loop.allTasks()));

          List<Task<?>> seen2 = new ArrayList<>();
          out.print("main: create slow");
          Task<String> s = createTask(() -> C.body(out, seen2, true), "slow");
          out.print(
              "main: the body saw the new task?",
              seen2.get(0) == s,
              "the creator?",
              seen2.get(0) == me);
          out.print("main: current is main again?", currentTask() == me);
          out.print("main: slow done?", s.isDone(), "all_tasks:", C.names(loop.allTasks()));
          s.await();

          List<Task<?>> seen3 = new ArrayList<>();
          Future<Task<String>> done = loop.createFuture();
          loop.callSoon(() -> C.fromCallback(out, seen3, done));
          Task<String> t = done.await();
          t.await();
          out.print("main: from-callback result", t.result());
        });
  }

  /** Python's {@code async def fails_now(exc)}. */
  private static Void failsNow(Trace out, Throwable exc) throws Exception {
    out.print("fails_now raises", repr(exc));
    if (exc instanceof Error e) {
      throw e; // CancelledError, as Python's BaseException
    }
    throw (Exception) exc;
  }

  @Scenario("eager_raises")
  static void eagerRaises(Trace out) {
    class R {
      static Void failsLater(Trace out, RuntimeException exc) {
        out.print("fails_later step 1");
        sleep(0);
        out.print("fails_later raises", repr(exc));
        throw exc;
      }
    }
    run(
        () -> {
          getRunningLoop().setEagerTasks(true);
          out.print("main: create a");
          Task<Void> a = createTask(() -> failsNow(out, new Boom("now")), "a");
          out.print(
              "main: a done?",
              a.isDone(),
              "cancelled?",
              a.isCancelled(),
              "exception",
              repr(a.exception()));
          try {
            a.await();
          } catch (Boom e) {
            out.print("main caught", repr(e), "same object?", e == a.exception());
          }

          Task<Void> b = createTask(() -> failsNow(out, new Oops("checked")), "b");
          out.print("main: b done?", b.isDone(), "exception", repr(b.exception()));
          try {
            b.result();
          } catch (Exception e) {
            if (!(e instanceof Oops)) {
              throw e;
            }
            out.print("result() raised", repr(e), "same object?", e == b.exception());
          }

          Task<Void> c = createTask(() -> failsNow(out, new CancelledError("by itself")), "c");
          out.print("main: c done?", c.isDone(), "cancelled?", c.isCancelled());
          try {
            c.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }

          Task<Void> d = createTask(() -> R.failsLater(out, new Boom("later")), "d");
          out.print("main: d done?", d.isDone());
          try {
            d.await();
          } catch (Boom e) {
            out.print("main caught", repr(e));
          }
          out.print("main: cancelling", currentTask().cancelling());
        });
  }

  @Scenario("eager_cancel")
  static void eagerCancel(Trace out) {
    class K {
      static void sleeper(Trace out) {
        out.print("sleeper start");
        try {
          sleep(10);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print("sleeper caught", repr(e));
          throw e;
        } finally {
          out.print("sleeper finally");
        }
      }

      static String quick(Trace out) {
        out.print("quick runs");
        return "Q";
      }

      static String cancelsCreator(Trace out, Task<?> creator) {
        out.print("cancels_creator: cancel ->", creator.cancel("from child"));
        out.print("cancels_creator: creator cancelling", creator.cancelling());
        return "child done";
      }

      static void creator(Trace out) {
        Task<?> me = currentTask();
        Task<String> c = createTask(() -> cancelsCreator(out, me), "child");
        out.print(
            "creator: child done?",
            c.isDone(),
            "result",
            c.result(),
            "my cancelling",
            me.cancelling());
        try {
          sleep(0);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print("creator caught", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          getRunningLoop().setEagerTasks(true);
          Task<Void> t = createTask(() -> K.sleeper(out), "sleeper");
          out.print("main: sleeper done?", t.isDone());
          out.print(
              "main: cancel ->",
              t.cancel("stop"),
              "cancelling",
              t.cancelling(),
              "done?",
              t.isDone());
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("main: sleeper cancelled?", t.isCancelled());

          Task<String> q = createTask(() -> K.quick(out), "quick");
          out.print(
              "main: cancel quick ->",
              q.cancel(),
              "cancelled?",
              q.isCancelled(),
              "result",
              q.result());

          Task<Void> cr = createTask(() -> K.creator(out), "creator");
          out.print("main: creator done?", cr.isDone());
          try {
            cr.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("main: creator cancelled?", cr.isCancelled());
        });
  }

  @Scenario("eager_gather")
  static void eagerGather(Trace out) {
    class G {
      static String quick(Trace out, String name) {
        out.print(name, "runs");
        return name;
      }

      static String once(Trace out, String name) {
        out.print(name, "step 1");
        sleep(0);
        out.print(name, "step 2");
        return name;
      }

      static String slow(Trace out, String name) {
        out.print(name, "step 1");
        sleep(0.05);
        out.print(name, "step 2");
        return name;
      }

      static String fails(Trace out, String name) {
        out.print(name, "raises");
        throw new Boom(name);
      }
    }
    run(
        () -> {
          getRunningLoop().setEagerTasks(true);

          out.print("main: gather of quick children");
          out.print(
              "main got",
              gather(
                  coro(() -> G.quick(out, "a")),
                  coro(() -> G.quick(out, "b")),
                  coro(() -> G.quick(out, "c"))));

          out.print("main: gather of mixed children");
          out.print(
              "main got",
              gather(
                  coro(() -> G.quick(out, "d")),
                  coro(() -> G.once(out, "e")),
                  coro(() -> G.quick(out, "f")),
                  coro(() -> G.once(out, "g"))));

          out.print("main: gather with a failing child");
          try {
            gather(
                coro(() -> G.slow(out, "h")),
                coro(() -> G.fails(out, "i")),
                coro(() -> G.quick(out, "j")));
          } catch (Boom e) {
            out.print("main caught", repr(e));
          }
          out.print("main: waits for h");
          sleep(0.1);

          out.print("main: gather with a failing child, return_exceptions");
          out.print(
              "main got",
              gather(
                  List.of(
                      coro(() -> G.quick(out, "k")),
                      coro(() -> G.fails(out, "l")),
                      coro(() -> G.once(out, "m"))),
                  true));
          out.print("main done");
        });
  }

  @Scenario("eager_timeout")
  static void eagerTimeout(Trace out) {
    class T {
      static String slow(Trace out) {
        Task<?> me = currentTask();
        out.print("slow: start");
        Timeout cm = timeout(0.01);
        try {
          cm.run(
              () -> {
                out.print("slow: inside timeout, current is the task?", currentTask() == me);
                sleep(10);
                out.print("not reached");
              });
        } catch (TimeoutException e) {
          out.print("slow: timed out; expired?", cm.expired(), "cancelling", me.cancelling());
        }
        return "slow done";
      }

      static String fast(Trace out) throws TimeoutException {
        Task<?> me = currentTask();
        Timeout cm = timeout(10);
        cm.run(() -> out.print("fast: inside timeout"));
        out.print("fast: left timeout; expired?", cm.expired(), "cancelling", me.cancelling());
        return "fast done";
      }

      static String innerExpiry(Trace out) throws TimeoutException {
        Task<?> me = currentTask();
        Timeout outer = timeout(10);
        outer.run(
            () -> {
              Timeout inner = timeout(0);
              try {
                inner.run(() -> sleep(10));
              } catch (TimeoutException e) {
                out.print(
                    "inner_expiry: inner expired?",
                    inner.expired(),
                    "outer expired?",
                    outer.expired(),
                    "cancelling",
                    me.cancelling());
              }
            });
        return "inner_expiry done";
      }
    }
    run(
        () -> {
          Task<?> me = currentTask();
          getRunningLoop().setEagerTasks(true);
          Task<String> s = createTask(() -> T.slow(out), "slow");
          out.print("main: slow done?", s.isDone(), "main cancelling", me.cancelling());
          Task<String> f = createTask(() -> T.fast(out), "fast");
          out.print("main: fast done?", f.isDone(), "result", f.result());
          Task<String> i = createTask(() -> T.innerExpiry(out), "inner_expiry");
          out.print("main: inner_expiry done?", i.isDone());
          out.print("main got", s.await(), i.await());
          sleep(0.03);
          out.print(
              "main: still running; cancelling",
              me.cancelling(),
              "cancelled tasks:",
              java.util.stream.Stream.of(s, f, i)
                  .filter(Task::isCancelled)
                  .map(Task::getName)
                  .toList());
        });
  }

  @Scenario("eager_start_per_task")
  static void eagerStartPerTask(Trace out) {
    class P {
      static String work(Trace out, String tag, int steps) {
        out.print(tag, "step 0, current", currentTask().getName());
        for (int i = 1; i <= steps; i++) {
          sleep(0);
          out.print(tag, "step", i);
        }
        return tag;
      }

      static String quick(Trace out, String tag) {
        out.print(tag, "runs");
        return tag;
      }

      static List<Boolean> done(List<Task<String>> ts) {
        return ts.stream().map(Task::isDone).toList();
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          currentTask().setName("main");
          Task<String> lazy1 = createTask(() -> P.work(out, "lazy1", 1), "lazy1");
          Task<String> eager1 = createTask(() -> P.work(out, "eager1", 1), "eager1", true);
          Task<String> lazy2 = createTask(() -> P.work(out, "lazy2", 0), "lazy2", false);
          Task<String> eager2 = createTask(() -> P.work(out, "eager2", 0), "eager2", true);
          List<Task<String>> all = List.of(lazy1, eager1, lazy2, eager2);
          out.print("main: created; done:", P.done(all), "current", currentTask().getName());
          sleep(0);
          out.print("main: after sleep(0); done:", P.done(all));
          out.print("main got", gather(all));

          loop.setEagerTasks(true);
          Task<String> lazy3 = createTask(() -> P.work(out, "lazy3", 0), "lazy3", false);
          Task<String> eager3 = createTask(() -> P.quick(out, "eager3"), "eager3");
          out.print(
              "main: under the eager factory; lazy3 done?",
              lazy3.isDone(),
              "eager3 done?",
              eager3.isDone());
          out.print("main got", lazy3.await(), eager3.await());
        });
  }

  @Scenario("eager_taskgroup")
  static void eagerTaskgroup(Trace out) {
    class G {
      static String quick(Trace out, String name) {
        out.print(name, "runs");
        return name;
      }

      static String once(Trace out, String name) {
        out.print(name, "step 1");
        sleep(0);
        out.print(name, "step 2");
        return name;
      }

      static void sleeper(Trace out, String name) {
        out.print(name, "sleeps");
        try {
          sleep(10);
        } catch (CancelledError e) {
          out.print(name, "cancelled");
          throw e;
        }
      }

      static void fails(Trace out, String name) {
        out.print(name, "raises");
        throw new Boom(name);
      }
    }
    run(
        () -> {
          Task<?> me = currentTask();
          getRunningLoop().setEagerTasks(true);
          List<Task<String>> ab = new ArrayList<>();
          TaskGroup tg1 = new TaskGroup();
          tg1.run(
              () -> {
                Task<String> a = tg1.createTask(() -> G.quick(out, "a"));
                ab.add(a);
                out.print("a done?", a.isDone());
                Task<String> b = tg1.createTask(() -> G.once(out, "b"));
                ab.add(b);
                out.print("b done?", b.isDone());
                out.print("block ends");
              });
          out.print("group 1 done:", ab.get(0).result(), ab.get(1).result());

          List<Task<Void>> sf = new ArrayList<>();
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  Task<Void> s = tg.createTask(() -> G.sleeper(out, "s"));
                  sf.add(s);
                  Task<Void> f = tg.createTask(() -> G.fails(out, "f"));
                  out.print(
                      "f done?",
                      f.isDone(),
                      "s done?",
                      s.isDone(),
                      "main cancelling",
                      me.cancelling());
                  try {
                    tg.createTask(() -> G.quick(out, "late"));
                  } catch (IllegalStateException e) {
                    out.print("create_task after the failure -> RuntimeError");
                  }
                  sleep(0);
                  out.print("not reached");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", eg.exceptions().stream().map(Trace::repr).toList());
          }
          out.print("s cancelled?", sf.get(0).isCancelled(), "main cancelling", me.cancelling());
        });
  }

  @Scenario("eager_gather_done_at_once")
  static void eagerGatherDoneAtOnce(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.setEagerTasks(true);
          loop.callSoon(() -> out.print("callback 1"));
          out.print("main got", gather(coro(() -> "a"), coro(() -> "b")));
          out.print("main: after the gather");
          sleep(0);
          loop.callSoon(() -> out.print("callback 2"));
          try {
            gather(
                coro(() -> "c"),
                coro(
                    () -> {
                      throw new Boom("d");
                    }));
          } catch (Boom e) {
            out.print("main caught", repr(e));
          }
          out.print("main: after the gather");
          sleep(0);
        });
  }
}
