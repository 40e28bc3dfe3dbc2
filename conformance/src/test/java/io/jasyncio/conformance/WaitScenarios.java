package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.DoneAndPending;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Java twins: {@code asyncio.wait} ({@link Asyncio#wait(Collection, double,
 * io.jasyncio.ReturnWhen)}), always called qualified, since a plain {@code wait} is {@link
 * Object#wait()}. The done and pending sets print as sorted task names, as the Python programs
 * print them, never in set order. ValueError is Java's IllegalArgumentException.
 */
final class WaitScenarios {
  private WaitScenarios() {}

  static String work(Trace out, String name, double delay) {
    sleep(delay);
    out.print(name, "finishes");
    return name;
  }

  static String ok(Trace out, String name, double delay) {
    sleep(delay);
    out.print(name, "ok");
    return name;
  }

  static String bad(Trace out, String name, double delay) {
    sleep(delay);
    out.print(name, "raises");
    throw new Boom(name);
  }

  /** The Python programs' {@code names(fs)}: the task names, sorted. */
  static List<String> names(Collection<? extends Future<?>> fs) {
    return fs.stream().map(f -> ((Task<?>) f).getName()).sorted().toList();
  }

  @Scenario("wait_first_completed")
  static void waitFirstCompleted(Trace out) {
    class C {
      static String hop(Trace out, String name) {
        sleep(0);
        out.print(name, "finishes");
        return name;
      }
    }
    run(
        () -> {
          List<Task<String>> ts =
              List.of(
                  createTask(() -> work(out, "slow", 0.3), "slow"),
                  createTask(() -> work(out, "fast", 0.02), "fast"),
                  createTask(() -> work(out, "mid", 0.15), "mid"));
          Collection<Task<String>> pending = ts;
          while (!pending.isEmpty()) {
            DoneAndPending<Task<String>> r = Asyncio.wait(pending, FIRST_COMPLETED);
            pending = r.pending();
            out.print("done", names(r.done()), "pending", names(pending));
            List<Boolean> cancelled = new ArrayList<>();
            for (Task<String> t : ts) {
              if (pending.contains(t)) {
                cancelled.add(t.isCancelled());
              }
            }
            out.print("pending cancelled?", cancelled);
            out.print("results", r.done().stream().map(Task::result).sorted().toList());
          }

          Task<String> a = createTask(() -> C.hop(out, "a"), "a");
          Task<String> b = createTask(() -> C.hop(out, "b"), "b");
          Task<String> c = createTask(() -> work(out, "c", 0.1), "c");
          DoneAndPending<Task<String>> r = Asyncio.wait(List.of(a, b, c), FIRST_COMPLETED);
          out.print("done", names(r.done()), "pending", names(r.pending()));
          c.await();
          out.print("end");
        });
  }

  @Scenario("wait_first_exception")
  static void waitFirstException(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> a = createTask(() -> ok(out, "a", 0.02), "a");
          Task<String> b = createTask(() -> bad(out, "b", 0.08), "b");
          Task<String> c = createTask(() -> ok(out, "c", 0.5), "c");
          DoneAndPending<Task<String>> r = Asyncio.wait(List.of(a, b, c), FIRST_EXCEPTION);
          out.print("done", names(r.done()), "pending", names(r.pending()));
          out.print("b exception", repr(b.exception()), "c cancelled?", c.isCancelled());
          c.cancel();

          Task<String> d = createTask(() -> ok(out, "d", 0.02), "d");
          Task<String> e = createTask(() -> ok(out, "e", 0.06), "e");
          r = Asyncio.wait(List.of(d, e), FIRST_EXCEPTION);
          out.print("no exception: done", names(r.done()), "pending", names(r.pending()));

          Task<String> x = createTask(() -> ok(out, "x", 1), "x");
          Task<String> y = createTask(() -> ok(out, "y", 0.05), "y");
          Task<String> z = createTask(() -> bad(out, "z", 0.12), "z");
          Task<String> w = createTask(() -> ok(out, "w", 1), "w");
          Future<String> f = loop.createFuture();
          loop.callLater(0.02, () -> x.cancel());
          loop.callLater(0.03, () -> f.cancel());
          DoneAndPending<Future<String>> r2 =
              Asyncio.wait(List.<Future<String>>of(x, y, z, w, f), FIRST_EXCEPTION);
          out.print(
              "done",
              names(r2.done().stream().filter(t -> t != f).toList()),
              "future done?",
              r2.done().contains(f),
              "pending",
              names(r2.pending()));
          out.print(
              "x cancelled?",
              x.isCancelled(),
              "f cancelled?",
              f.isCancelled(),
              "z exception",
              repr(z.exception()));
          w.cancel();
          r = Asyncio.wait(List.of(c, w));
          out.print(
              "cancelled",
              names(r.done().stream().filter(Task::isCancelled).toList()),
              "pending",
              names(r.pending()));
        });
  }

  @Scenario("wait_all_completed")
  static void waitAllCompleted(Trace out) {
    class C {
      static String ok(double delay) {
        sleep(delay);
        return "ok";
      }

      static String bad(double delay) {
        sleep(delay);
        throw new Boom("bad");
      }

      static String outcome(Future<?> f) {
        if (f.isCancelled()) {
          return "cancelled";
        }
        if (f.exception() != null) {
          return "raised " + repr(f.exception());
        }
        return "result " + repr(f.result());
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> a = createTask(() -> C.ok(0.03), "a");
          Task<String> b = createTask(() -> C.bad(0.01), "b");
          Task<String> c = createTask(() -> C.ok(1), "c");
          Future<String> f = loop.createFuture();
          loop.callLater(0.05, () -> f.setResult("from callback"));
          loop.callLater(0.02, () -> c.cancel());
          List<Future<String>> fs = List.of(a, b, c, f);
          DoneAndPending<Future<String>> r = Asyncio.wait(fs);
          out.print("done", r.done().size(), "pending", r.pending().size());
          for (int i = 0; i < fs.size(); i++) {
            Future<String> x = fs.get(i);
            out.print("abcf".substring(i, i + 1), r.done().contains(x), C.outcome(x));
          }

          Task<String> d = createTask(() -> C.ok(0.01), "d");
          DoneAndPending<Task<String>> r2 = Asyncio.wait(List.of(d, d, d), ALL_COMPLETED);
          out.print(
              "duplicates: done",
              r2.done().size(),
              "pending",
              r2.pending().size(),
              r2.done().contains(d));
        });
  }

  @Scenario("wait_timeout")
  static void waitTimeout(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> fast = createTask(() -> work(out, "fast", 0.01), "fast");
          Task<String> slow = createTask(() -> work(out, "slow", 0.3), "slow");
          DoneAndPending<Task<String>> r = Asyncio.wait(List.of(fast, slow), 0.1, ALL_COMPLETED);
          out.print("done", names(r.done()), "pending", names(r.pending()));
          out.print("slow done?", slow.isDone(), "cancelled?", slow.isCancelled());

          Task<String> lazy = createTask(() -> work(out, "lazy", 0.3), "lazy");
          r = Asyncio.wait(List.of(lazy), 0.05, FIRST_COMPLETED);
          out.print("done", names(r.done()), "pending", names(r.pending()));

          out.print("slow result", slow.await());
          double t0 = loop.time();
          List<Task<String>> quick = new ArrayList<>();
          for (String n : List.of("q1", "q2")) {
            quick.add(createTask(() -> work(out, n, 0.02), n));
          }
          r = Asyncio.wait(quick, 5, ALL_COMPLETED);
          out.print(
              "done",
              names(r.done()),
              "pending",
              names(r.pending()),
              "early?",
              loop.time() - t0 < 2);

          r = Asyncio.wait(List.of(fast, lazy), 0, ALL_COMPLETED);
          out.print("timeout 0: done", names(r.done()), "pending", names(r.pending()));
          out.print("lazy result", lazy.await());
        });
  }

  @Scenario("wait_already_done")
  static void waitAlreadyDone(Trace out) {
    class C {
      static String fail() {
        throw new Boom("early");
      }
    }
    run(
        () -> {
          Task<String> d = createTask(() -> "D", "d");
          Task<String> e = createTask(C::fail, "e");
          sleep(0);
          out.print("d done?", d.isDone(), "e done?", e.isDone());
          Task<Void> other = createTask(() -> out.print("other runs"));
          out.print("before wait");
          DoneAndPending<Task<String>> r = Asyncio.wait(List.of(d));
          out.print(
              "after wait: done",
              names(r.done()),
              "pending",
              names(r.pending()),
              "other done?",
              other.isDone());

          Task<Void> slow = createTask(() -> sleep(0.2), "slow");
          DoneAndPending<Task<?>> r2 = Asyncio.wait(List.<Task<?>>of(slow, d), FIRST_COMPLETED);
          out.print("first completed: done", names(r2.done()), "pending", names(r2.pending()));
          r2 = Asyncio.wait(List.<Task<?>>of(slow, e), FIRST_EXCEPTION);
          out.print(
              "first exception: done",
              names(r2.done()),
              "pending",
              names(r2.pending()),
              repr(e.exception()));
          r2 = Asyncio.wait(List.<Task<?>>of(slow, d), 0.01, ALL_COMPLETED);
          out.print("timeout: done", names(r2.done()), "pending", names(r2.pending()));
          slow.cancel();
          Asyncio.wait(List.of(slow));
          out.print("slow cancelled?", slow.isCancelled());
        });
  }

  @Scenario("wait_empty")
  static void waitEmpty(Trace out) {
    run(
        () -> {
          List<Future<Object>> none = List.of();
          try {
            Asyncio.wait(none);
            out.print("not reached");
          } catch (IllegalArgumentException e) {
            out.print("wait([])", List.of(), "raised", "ValueError");
          }
          try {
            Asyncio.wait(none, 1, ALL_COMPLETED);
            out.print("not reached");
          } catch (IllegalArgumentException e) {
            out.print("wait([])", List.of("timeout"), "raised", "ValueError");
          }
          try {
            Asyncio.wait(none, FIRST_COMPLETED);
            out.print("not reached");
          } catch (IllegalArgumentException e) {
            out.print("wait([])", List.of("return_when"), "raised", "ValueError");
          }
          try {
            Asyncio.wait(Set.<Future<Object>>of(), 0, ALL_COMPLETED);
          } catch (IllegalArgumentException e) {
            out.print("wait(set()) raised", "ValueError");
          }
          out.print("end");
        });
  }

  @Scenario("wait_cancelled")
  static void waitCancelled(Trace out) {
    class C {
      static void waiter(Trace out, List<Task<String>> fs) {
        try {
          Asyncio.wait(fs, 5, ALL_COMPLETED);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print("waiter caught", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          Task<String> a = createTask(() -> work(out, "a", 0.05));
          Task<String> b = createTask(() -> work(out, "b", 0.1));
          Task<Void> w = createTask(() -> C.waiter(out, List.of(a, b)));
          sleep(0.01);
          out.print("cancel waiter:", w.cancel("stop"));
          try {
            w.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print(
              "w cancelled?",
              w.isCancelled(),
              "a done?",
              a.isDone(),
              "a cancelled?",
              a.isCancelled());
          out.print("results", gather(a, b));
          out.print("a cancelled?", a.isCancelled(), "b cancelled?", b.isCancelled());
        });
  }
}
