package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Support.vcoro;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.conformance.Support.Boom;
import io.jasyncio.conformance.Support.Oops;
import java.util.List;

/** Java twins: gather's results, failures and cancellation. */
final class GatherScenarios {
  private GatherScenarios() {}

  static <T> T work(Trace out, String name, double delay, T result) {
    out.print(name, "start");
    sleep(delay);
    out.print(name, "finish");
    return result;
  }

  @Scenario("gather_result_order")
  static void gatherResultOrder(Trace out) {
    run(
        () -> {
          List<Object> results =
              gather(
                  coro(() -> work(out, "slow", 0.05, "S")),
                  coro(() -> work(out, "fast", 0.01, "F")),
                  coro(() -> work(out, "medium", 0.03, "M")));
          out.print("results", results);
          Task<Integer> t = createTask(() -> work(out, "task", 0.02, 7));
          List<Object> mixed = gather(coro(() -> work(out, "coro", 0.04, 8)), t);
          out.print("mixed", mixed);
        });
  }

  @Scenario("gather_first_exception")
  static void gatherFirstException(Trace out) {
    class G {
      static Void failAfter(Trace out, double delay, String msg) {
        sleep(delay);
        out.print("raising", msg);
        throw new Boom(msg);
      }

      static String work(Trace out, String name, double delay) {
        sleep(delay);
        out.print(name, "done");
        return name;
      }
    }
    run(
        () -> {
          Task<Void> a = createTask(() -> G.failAfter(out, 0.01, "a failed"), "a");
          Task<String> b = createTask(() -> G.work(out, "b", 0.03), "b");
          Task<Void> c = createTask(() -> G.failAfter(out, 0.05, "c failed"), "c");
          try {
            gather(a, b, c);
          } catch (Boom e) {
            out.print("main caught", repr(e), "is a.exception():", e == a.exception());
          }
          out.print("b done?", b.isDone(), "c done?", c.isDone());
          out.print("main waits for b:", b.await());
          try {
            c.await();
          } catch (Boom e) {
            out.print("main caught from c", repr(e));
          }
          out.print("b cancelled?", b.isCancelled(), "c cancelled?", c.isCancelled());
        });
  }

  @Scenario("gather_return_exceptions")
  static void gatherReturnExceptions(Trace out) {
    run(
        () -> {
          Task<Void> t = createTask(() -> sleep(1));
          sleep(0);
          t.cancel();
          Future<Object> f = getRunningLoop().createFuture();
          f.cancel("plain future");
          List<Object> results =
              gather(
                  List.of(
                      coro(
                          () -> {
                            sleep(0.01);
                            return 1;
                          }),
                      vcoro(
                          () -> {
                            sleep(0.02);
                            throw new Boom("x");
                          }),
                      t,
                      vcoro(
                          () -> {
                            throw new Oops();
                          }),
                      coro(
                          () -> {
                            sleep(0.01);
                            return "two";
                          }),
                      f),
                  true);
          for (Object r : results) {
            out.print(
                "result",
                r instanceof Throwable e ? e.getClass().getSimpleName() : "value",
                repr(r));
          }
          out.print("t cancelled?", t.isCancelled());
        });
  }

  @Scenario("gather_return_exceptions_cancel_message")
  static void gatherReturnExceptionsCancelMessage(Trace out) {
    run(
        () -> {
          Task<Void> t = createTask(() -> sleep(1), "t");
          sleep(0);
          t.cancel("stop");
          List<Object> results = gather(List.of(t), true);
          out.print("results", results);
          try {
            t.result();
          } catch (CancelledError e) {
            out.print("t.result() raised", repr(e));
          }
        });
  }

  @Scenario("gather_cancel_outer")
  static void gatherCancelOuter(Trace out) {
    class G {
      static void child(Trace out, String name) {
        try {
          out.print(name, "sleeps");
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "cancelled", repr(e));
          throw e;
        } finally {
          out.print(name, "finally");
        }
      }

      static void gatherer(Trace out) {
        try {
          gather(
              vcoro(() -> child(out, "a")),
              vcoro(() -> child(out, "b")),
              vcoro(() -> child(out, "c")));
        } catch (CancelledError e) {
          out.print("gatherer caught", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          Task<Void> g = createTask(() -> G.gatherer(out));
          sleep(0.01);
          out.print("main cancels gatherer:", g.cancel("stop"));
          try {
            g.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("gatherer cancelled?", g.isCancelled());
        });
  }

  /** The children of {@code gather_cancel_swallowing_child} and its twin. */
  static final class Stubborn {
    static String stubborn(Trace out) {
      try {
        sleep(1);
      } catch (CancelledError e) {
        out.print("stubborn swallows", repr(e));
      }
      sleep(0.01);
      out.print("stubborn returns");
      return "S";
    }

    static void obedient(Trace out) {
      try {
        sleep(1);
      } catch (CancelledError e) {
        out.print("obedient cancelled", repr(e));
        throw e;
      }
    }

    static void gatherer(Trace out, List<Task<?>> children) {
      try {
        List<Object> r = gather(children, true);
        out.print("gatherer got", r);
      } catch (CancelledError e) {
        out.print("gatherer caught", repr(e));
        throw e;
      }
    }

    static void main(Trace out, boolean stubbornFirst) {
      Task<String> s = createTask(() -> stubborn(out));
      Task<Void> o = createTask(() -> obedient(out));
      List<Task<?>> children = stubbornFirst ? List.of(s, o) : List.of(o, s);
      Task<Void> g = createTask(() -> gatherer(out, children));
      sleep(0.005);
      out.print("cancel:", g.cancel("stop"));
      try {
        g.await();
      } catch (CancelledError e) {
        out.print("main caught", repr(e));
      }
      out.print(
          "g cancelled?", g.isCancelled(), "s done?", s.isDone(), "o cancelled?", o.isCancelled());
      out.print("main got", s.await());
    }
  }

  @Scenario("gather_cancel_swallowing_child")
  static void gatherCancelSwallowingChild(Trace out) {
    run(() -> Stubborn.main(out, false));
  }

  @Scenario("gather_cancel_error_from_last_argument")
  static void gatherCancelErrorFromLastArgument(Trace out) {
    run(() -> Stubborn.main(out, true));
  }

  @Scenario("gather_child_cancelled")
  static void gatherChildCancelled(Trace out) {
    run(
        () -> {
          Task<String> a =
              createTask(
                  () -> {
                    sleep(0.05);
                    out.print("a done");
                    return "A";
                  });
          Task<Void> b =
              createTask(
                  () -> {
                    try {
                      sleep(1);
                    } catch (CancelledError e) {
                      out.print("b cancelled", repr(e));
                      throw e;
                    }
                  });
          Task<Void> c =
              createTask(
                  () -> {
                    sleep(0.01);
                    out.print("canceller cancels b:", b.cancel("direct"));
                  });
          try {
            gather(a, b);
            out.print("not reached");
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          Task<?> me = currentTask();
          out.print("main cancelled?", me.isCancelled(), "cancelling:", me.cancelling());
          out.print("a done?", a.isDone());
          out.print("main got", a.await());
          c.await();
        });
  }

  @Scenario("gather_empty")
  static void gatherEmpty(Trace out) {
    run(
        () -> {
          Task<Void> x = createTask(() -> out.print("x ran"));
          List<Object> r = gather();
          out.print("gather() returned", r);
          out.print("x done?", x.isDone());
          r = gather(List.of(), true);
          out.print("gather(return_exceptions=True) returned", r);
          out.print("x done?", x.isDone());
          x.await();
          out.print("x done?", x.isDone());
        });
  }

  @Scenario("gather_same_task_twice")
  static void gatherSameTaskTwice(Trace out) {
    class G {
      static String work(Trace out, String name, double delay) {
        out.print(name, "runs");
        sleep(delay);
        return name.toUpperCase(java.util.Locale.ROOT);
      }
    }
    run(
        () -> {
          Task<String> t = createTask(() -> G.work(out, "t", 0.02));
          List<Object> r = gather(t, coro(() -> G.work(out, "u", 0.01)), t);
          out.print("results", r);
        });
  }

  @Scenario("gather_done_children")
  static void gatherDoneChildren(Trace out) {
    run(
        () -> {
          Task<Integer> t1 = createTask(() -> 1);
          Task<Integer> t2 = createTask(() -> 2);
          sleep(0);
          out.print("children done?", t1.isDone(), t2.isDone());
          Task<Void> x =
              createTask(
                  () -> {
                    for (int i = 0; i < 4; i++) {
                      out.print("ticker", i);
                      sleep(0);
                    }
                  });
          sleep(0);
          out.print("main gathers");
          List<Object> r = gather(t1, t2);
          out.print("gather returned", r);
          x.await();
        });
  }

  @Scenario("gather_cancel_after_children_done")
  static void gatherCancelAfterChildrenDone(Trace out) {
    run(
        () -> {
          Task<Integer> t1 = createTask(() -> 1);
          Task<Integer> t2 = createTask(() -> 2);
          Task<Void> g =
              createTask(
                  () -> {
                    try {
                      List<Object> r = gather(t1, t2);
                      out.print("gatherer got", r);
                    } catch (CancelledError e) {
                      out.print("gatherer caught", repr(e));
                      throw e;
                    }
                  });
          sleep(0);
          out.print("children done?", t1.isDone(), t2.isDone(), "gatherer done?", g.isDone());
          out.print("cancel:", g.cancel("late"), "cancelling:", g.cancelling());
          try {
            g.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("gatherer cancelled?", g.isCancelled());
        });
  }
}
