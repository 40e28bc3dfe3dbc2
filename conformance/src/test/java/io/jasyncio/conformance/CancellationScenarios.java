package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;

/** Java twins: cancelling tasks, and what their awaiters see. */
final class CancellationScenarios {
  private CancellationScenarios() {}

  @Scenario("cancel_before_start")
  static void cancelBeforeStart(Trace out) {
    run(
        () -> {
          Task<Void> t = createTask(() -> out.print("body ran"));
          out.print("cancel:", t.cancel("early"));
          out.print(
              "cancelled?", t.isCancelled(), "done?", t.isDone(), "cancelling:", t.cancelling());
          try {
            t.await();
            out.print("not reached");
          } catch (CancelledError e) {
            out.print("main caught", repr(e), "message:", e.getMessage());
          }
          out.print("cancelled?", t.isCancelled(), "done?", t.isDone());
          Task<Void> u = createTask(() -> out.print("body ran"));
          u.cancel();
          sleep(0);
          out.print("u cancelled?", u.isCancelled());
          try {
            u.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e), "message:", e.getMessage());
          }
        });
  }

  @Scenario("cancel_while_sleeping")
  static void cancelWhileSleeping(Trace out) {
    run(
        () -> {
          Task<Void> t =
              createTask(
                  () -> {
                    out.print("sleeper start");
                    try {
                      sleep(1);
                      out.print("not reached");
                    } catch (CancelledError e) {
                      out.print("sleeper caught", repr(e));
                      throw e;
                    } finally {
                      out.print("sleeper finally");
                    }
                  });
          sleep(0.01);
          out.print("cancel:", t.cancel("bye"));
          out.print("right after cancel: done?", t.isDone(), "cancelling:", t.cancelling());
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e), "message:", e.getMessage(), "str:", e);
          }
          out.print("cancelled?", t.isCancelled(), "done?", t.isDone());
        });
  }

  @Scenario("cancel_propagates_to_awaited_task")
  static void cancelPropagatesToAwaitedTask(Trace out) {
    class C {
      static void inner(Trace out) {
        try {
          out.print("inner sleeps");
          sleep(1);
        } catch (CancelledError e) {
          out.print("inner caught", repr(e));
          throw e;
        } finally {
          out.print("inner finally");
        }
      }

      static void outer(Trace out, List<Task<Void>> holder) {
        Task<Void> t = createTask(() -> inner(out));
        holder.add(t);
        try {
          t.await();
        } catch (CancelledError e) {
          out.print("outer caught", repr(e));
          throw e;
        } finally {
          out.print("outer finally");
        }
      }
    }
    run(
        () -> {
          List<Task<Void>> holder = new ArrayList<>();
          Task<Void> o = createTask(() -> C.outer(out, holder));
          sleep(0.01);
          Task<Void> i = holder.get(0);
          out.print("cancel outer:", o.cancel("stop"));
          out.print("inner cancelling:", i.cancelling(), "outer cancelling:", o.cancelling());
          try {
            o.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("inner cancelled?", i.isCancelled(), "outer cancelled?", o.isCancelled());
        });
  }

  @Scenario("cancel_swallowed")
  static void cancelSwallowed(Trace out) {
    run(
        () -> {
          Task<String> t =
              createTask(
                  () -> {
                    try {
                      sleep(1);
                    } catch (CancelledError e) {
                      out.print("stubborn swallowed", repr(e));
                    }
                    sleep(0.01);
                    out.print("stubborn goes on");
                    return "finished anyway";
                  });
          sleep(0.005);
          out.print("cancel:", t.cancel("please"));
          out.print("main got", t.await());
          out.print(
              "cancelled?", t.isCancelled(), "cancelling:", t.cancelling(), "result:", t.result());
          out.print("cancel after done:", t.cancel(), "cancelling:", t.cancelling());
        });
  }

  @Scenario("cancel_return_values")
  static void cancelReturnValues(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Integer> done = createTask(() -> 1);
          done.await();
          out.print("cancel done task:", done.cancel(), "cancelling:", done.cancelling());
          Task<Void> p = createTask(() -> sleep(1));
          out.print("cancel pending task:", p.cancel(), "cancelling:", p.cancelling());
          out.print("cancel again before it runs:", p.cancel(), "cancelling:", p.cancelling());
          out.print("done?", p.isDone(), "cancelled?", p.isCancelled());
          try {
            p.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("cancel cancelled task:", p.cancel(), "cancelling:", p.cancelling());
          Future<Object> f = loop.createFuture();
          out.print(
              "cancel pending future:",
              f.cancel(),
              "again:",
              f.cancel(),
              "cancelled?",
              f.isCancelled());
          Future<Integer> g = loop.createFuture();
          g.setResult(5);
          out.print("cancel done future:", g.cancel(), "result:", g.result());
        });
  }

  @Scenario("cancel_twice_while_sleeping")
  static void cancelTwiceWhileSleeping(Trace out) {
    run(
        () -> {
          Task<String> t =
              createTask(
                  () -> {
                    try {
                      sleep(1);
                    } catch (CancelledError e) {
                      out.print("stubborn caught", repr(e));
                    }
                    sleep(0.01);
                    out.print("stubborn slept again undisturbed");
                    return "ok";
                  });
          sleep(0.005);
          out.print("first cancel:", t.cancel("one"));
          out.print("second cancel:", t.cancel("two"));
          out.print("cancelling:", t.cancelling());
          out.print("main got", t.await(), "cancelled?", t.isCancelled());
        });
  }

  @Scenario("cancel_absorbed_by_inner_task")
  static void cancelAbsorbedByInnerTask(Trace out) {
    class C {
      static String inner(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("inner swallowed", repr(e));
        }
        return "inner result";
      }

      static String outer(Trace out, List<Task<String>> holder) {
        Task<String> t = createTask(() -> inner(out));
        holder.add(t);
        String r = t.await();
        out.print("outer got", r);
        sleep(0);
        out.print("outer not cancelled afterwards");
        return r;
      }
    }
    run(
        () -> {
          List<Task<String>> holder = new ArrayList<>();
          Task<String> o = createTask(() -> C.outer(out, holder));
          sleep(0.01);
          out.print("cancel outer:", o.cancel("stop"));
          out.print("main got", o.await());
          out.print("outer cancelled?", o.isCancelled(), "cancelling:", o.cancelling());
          Task<String> i = holder.get(0);
          out.print("inner cancelled?", i.isCancelled(), "cancelling:", i.cancelling());
        });
  }

  @Scenario("cancel_after_waiter_done")
  static void cancelAfterWaiterDone(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<Integer> f = loop.createFuture();
          Task<Void> t =
              createTask(
                  () -> {
                    try {
                      Integer r = f.await();
                      out.print("waiter got", r);
                    } catch (CancelledError e) {
                      out.print("waiter caught", repr(e));
                      throw e;
                    }
                  });
          sleep(0);
          f.setResult(1);
          out.print("cancel:", t.cancel("late"), "future cancelled?", f.isCancelled());
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("t cancelled?", t.isCancelled(), "f result", f.result());
        });
  }

  @Scenario(value = "cancel_after_sleep_timer_fired", realTime = true)
  static void cancelAfterSleepTimerFired(Trace out) {
    run(
        () -> {
          Task<Void> v =
              createTask(
                  () -> {
                    try {
                      sleep(0.03);
                      out.print("victim woke normally");
                    } catch (CancelledError e) {
                      out.print("victim caught", repr(e));
                      throw e;
                    }
                  });
          Task<Void> k =
              createTask(
                  () -> {
                    sleep(0.02);
                    out.print("killer woke; victim done?", v.isDone());
                    out.print("killer cancels:", v.cancel("late"));
                  });
          sleep(0);
          out.print("main blocks the loop");
          Thread.sleep(60); // time.sleep(0.06): blocks the loop, so both timers come due at once
          try {
            v.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          k.await();
        });
  }

  @Scenario("cancel_self")
  static void cancelSelf(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<Object> f = loop.createFuture();
          List<Coroutine<?>> coros =
              List.of(
                  () -> {
                    Task<?> me = currentTask();
                    out.print("yields cancels itself:", me.cancel("self"));
                    out.print("yields still running");
                    try {
                      sleep(0);
                    } catch (CancelledError e) {
                      out.print("yields caught", repr(e));
                      throw e;
                    }
                    return null;
                  },
                  () -> {
                    Task<?> me = currentTask();
                    out.print("returns cancels itself:", me.cancel("self2"));
                    return "value";
                  },
                  () -> {
                    Task<?> me = currentTask();
                    me.cancel("self3");
                    try {
                      f.await();
                    } catch (CancelledError e) {
                      out.print("waits caught", repr(e), "future cancelled?", f.isCancelled());
                      throw e;
                    }
                    return null;
                  });
          for (Coroutine<?> coro : coros) {
            Task<?> t = createTask(coro);
            try {
              out.print("main got", t.await());
            } catch (CancelledError e) {
              out.print("main caught", repr(e), "cancelled?", t.isCancelled());
            }
          }
        });
  }

  @Scenario("uncancel_after_catch")
  static void uncancelAfterCatch(Trace out) {
    run(
        () -> {
          Task<String> t =
              createTask(
                  () -> {
                    Task<?> me = currentTask();
                    try {
                      sleep(1);
                    } catch (CancelledError e) {
                      out.print("worker caught", repr(e), "cancelling:", me.cancelling());
                      out.print("uncancel ->", me.uncancel());
                      out.print("uncancel again ->", me.uncancel());
                    }
                    sleep(0.01);
                    out.print("worker done");
                    return "W";
                  });
          sleep(0.005);
          t.cancel();
          out.print(
              "main got", t.await(), "cancelled?", t.isCancelled(), "cancelling:", t.cancelling());
        });
  }

  @Scenario("cancelled_task_result_repeated")
  static void cancelledTaskResultRepeated(Trace out) {
    run(
        () -> {
          Task<Void> t = createTask(() -> sleep(1));
          sleep(0);
          t.cancel("stop");
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("await t raised", repr(e));
          }
          try {
            t.result();
          } catch (CancelledError e) {
            out.print("t.result() raised", repr(e));
          }
          try {
            t.exception();
          } catch (CancelledError e) {
            out.print("t.exception() raised", repr(e));
          }
        });
  }
}
