package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.Timeout;
import io.jasyncio.conformance.Support.Boom;
import io.jasyncio.conformance.Support.Oops;
import io.jasyncio.sync.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;

/**
 * Java twins: {@code asyncio.TaskGroup} ({@code async with TaskGroup() as tg: body} is {@code
 * tg.run(() -> body)}). Python's RuntimeError is Java's IllegalStateException, TimeoutError is
 * TimeoutException; the twins print the Python name when they catch one. Variables that Python
 * assigns inside the {@code async with} block leave the Java block as its result.
 *
 * <p>CPython keeps a group's children in a set, so the order in which it cancels several children
 * is not defined; the scenarios never print from more than one child at such a point (or sort what
 * the children log).
 */
final class TaskGroupScenarios {
  private TaskGroupScenarios() {}

  /** Python's {@code repr(e)}, for an {@code ExceptionGroup} too (nested ones included). */
  static String show(Throwable t) {
    if (t instanceof ExceptionGroup eg) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Throwable e : eg.exceptions()) {
        j.add(show(e));
      }
      return "ExceptionGroup(" + repr(eg.groupMessage()) + ", " + j + ")";
    }
    return repr(t);
  }

  /** {@code asyncio.current_task()} inside a task. */
  private static Task<?> me() {
    return Objects.requireNonNull(currentTask());
  }

  // ------------------------------------------------------------------------- success

  @Scenario("taskgroup_all_succeed")
  static void allSucceed(Trace out) {
    class C {
      static int work(Trace out, String name, double delay, int result) {
        out.print(name, "starts");
        sleep(delay);
        out.print(name, "ends");
        return result;
      }

      static Task<Integer> spawner(Trace out, TaskGroup tg) {
        sleep(0.01);
        out.print("spawner adds late");
        return tg.createTask(() -> work(out, "late", 0.01, 3));
      }
    }
    run(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          List<Task<Integer>> ab =
              tg.run(
                  () -> {
                    Task<Integer> a = tg.createTask(() -> C.work(out, "a", 0.03, 1));
                    Task<Integer> b = tg.createTask(() -> C.work(out, "b", 0.01, 2), "bee");
                    out.print("block: a done?", a.isDone(), "b name:", b.getName());
                    sleep(0);
                    out.print("block ends, a done?", a.isDone(), "b done?", b.isDone());
                    return List.of(a, b);
                  });
          out.print(
              "after: a",
              ab.get(0).result(),
              "b",
              ab.get(1).result(),
              "cancelling",
              me.cancelling());

          TaskGroup tg2 = new TaskGroup();
          Task<Task<Integer>> s =
              tg2.run(
                  () -> {
                    Task<Task<Integer>> t = tg2.createTask(() -> C.spawner(out, tg2));
                    out.print("block2 ends");
                    return t;
                  });
          Task<Integer> late = s.result();
          out.print("after2: late done?", late.isDone(), "result", late.result());

          TaskGroup tg3 = new TaskGroup();
          tg3.run(() -> out.print("empty block"));
          out.print("after3 cancelling", me.cancelling());
          sleep(0);
          out.print("end");
        });
  }

  // ---------------------------------------------------------------------- failures

  @Scenario("taskgroup_child_fails")
  static void childFails(Trace out) {
    class C {
      static void watched(Trace out) {
        try {
          out.print("watched sleeps");
          sleep(1);
          out.print("not reached");
        } catch (CancelledError e) {
          out.print("watched caught", repr(e));
          throw e;
        } finally {
          out.print("watched finally");
        }
      }

      static void quiet(String name, List<String> log) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          log.add(name + " cancelled");
          throw e;
        } finally {
          log.add(name + " finally");
        }
      }

      static void crasher(Trace out) {
        sleep(0.01);
        out.print("crasher raises");
        throw new Boom("crash");
      }
    }
    run(
        () -> {
          Task<?> me = me();
          List<String> log = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  Task<Void> w = tg.createTask(() -> C.watched(out));
                  ts.add(w);
                  ts.add(tg.createTask(() -> C.quiet("q1", log)));
                  ts.add(tg.createTask(() -> C.quiet("q2", log)));
                  Task<Void> c = tg.createTask(() -> C.crasher(out));
                  ts.add(c);
                  try {
                    sleep(1);
                    out.print("not reached");
                  } catch (CancelledError e) {
                    out.print("block caught", repr(e), "cancelling", me.cancelling());
                    out.print("w done?", w.isDone(), "c done?", c.isDone());
                    throw e;
                  }
                });
            out.print("not reached");
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
            out.print("str:", eg);
            out.print(
                "message:",
                eg.groupMessage(),
                "is c.exception():",
                eg.exceptions().get(0) == ts.get(3).exception());
          }
          out.print("log:", log.stream().sorted().toList());
          out.print(
              "cancelled: w", ts.get(0).isCancelled(),
              "q1", ts.get(1).isCancelled(),
              "q2", ts.get(2).isCancelled(),
              "c", ts.get(3).isCancelled());
          out.print("cancelling", me.cancelling());
          sleep(0);
          out.print("main goes on");
        });
  }

  @Scenario("taskgroup_two_fail")
  static void twoFail(Trace out) {
    class C {
      static void failNow(Trace out, String name) {
        out.print(name, "raises");
        throw new Boom(name);
      }

      static void failAfterYield(Trace out, String name) {
        sleep(0);
        out.print(name, "raises");
        throw new Boom(name);
      }

      static void sleeper(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("sleeper cancelled");
          throw e;
        }
      }
    }
    run(
        () -> {
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  tg.createTask(() -> C.failNow(out, "a"));
                  tg.createTask(() -> C.failNow(out, "b"));
                  tg.createTask(() -> C.sleeper(out));
                  out.print("block awaits");
                  sleep(1);
                  out.print("not reached");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }

          TaskGroup tg2 = new TaskGroup();
          try {
            tg2.run(
                () -> {
                  tg2.createTask(() -> C.failAfterYield(out, "c"));
                  tg2.createTask(() -> C.sleeper(out));
                  tg2.createTask(() -> C.failAfterYield(out, "d"));
                  out.print("block ends");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("cancelling", me().cancelling());
        });
  }

  @Scenario("taskgroup_block_raises")
  static void blockRaises(Trace out) {
    class C {
      static void sleeper(Trace out, String name) {
        try {
          out.print(name, "sleeps");
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "cancelled");
          throw e;
        }
      }

      static void failNow(Trace out, String name) {
        out.print(name, "raises");
        throw new Boom(name);
      }

      static void crashSoon(Trace out) {
        sleep(0.01);
        out.print("crash_soon raises");
        throw new Boom("soon");
      }

      static void nested(Trace out) throws Oops {
        try {
          sleep(1);
        } finally {
          out.print("nested finally raises");
          throw new Oops("finally");
        }
      }
    }
    run(
        () -> {
          Task<?> me = me();
          out.print("-- block raises while children sleep");
          List<Task<Void>> ts = new ArrayList<>();
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  ts.add(tg.createTask(() -> C.sleeper(out, "s")));
                  sleep(0);
                  ts.add(tg.createTask(() -> out.print("never_started ran")));
                  out.print("block raises");
                  throw new Oops("block");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print(
              "s cancelled", ts.get(0).isCancelled(),
              "n cancelled", ts.get(1).isCancelled(),
              "cancelling", me.cancelling());

          out.print("-- a child and the block fail in the same iteration");
          TaskGroup tg2 = new TaskGroup();
          try {
            tg2.run(
                () -> {
                  tg2.createTask(() -> C.sleeper(out, "s"));
                  tg2.createTask(() -> C.failNow(out, "child"));
                  sleep(0);
                  out.print("block raises");
                  throw new Oops("block");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("cancelling", me.cancelling());

          out.print("-- the block turns the cancellation into its own error");
          TaskGroup tg3 = new TaskGroup();
          try {
            tg3.run(
                () -> {
                  tg3.createTask(() -> C.crashSoon(out));
                  try {
                    sleep(1);
                  } catch (CancelledError e) {
                    out.print("block caught", repr(e), "and raises");
                    throw new Oops("from handler");
                  }
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("cancelling", me.cancelling());

          out.print("-- the block raises from a finally after the cancellation");
          TaskGroup tg4 = new TaskGroup();
          try {
            tg4.run(
                () -> {
                  tg4.createTask(() -> C.crashSoon(out));
                  C.nested(out);
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("cancelling", me.cancelling());
        });
  }

  @Scenario("taskgroup_abort_child_raises")
  static void abortChildRaises(Trace out) {
    class C {
      static void crasher(Trace out, double delay) {
        sleep(delay);
        out.print("crasher raises");
        throw new Boom("crash");
      }

      static void soreLoser(Trace out, double delay) throws Oops {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("sore_loser caught", repr(e));
          if (delay != 0) {
            sleep(delay);
          }
          out.print("sore_loser raises");
          Oops o = new Oops("sore");
          o.initCause(e);
          throw o;
        }
      }
    }
    run(
        () -> {
          Task<?> me = me();
          for (double delay : new double[] {0, 0.01}) {
            out.print("-- a child fails; the loser raises after", delay == 0 ? "0" : "0.01");
            TaskGroup tg = new TaskGroup();
            try {
              tg.run(
                  () -> {
                    tg.createTask(() -> C.soreLoser(out, delay));
                    tg.createTask(() -> C.crasher(out, 0.01));
                    sleep(1);
                  });
            } catch (ExceptionGroup eg) {
              out.print("caught", show(eg));
              out.print("cause of the second:", repr(eg.exceptions().get(1).getCause()));
            }
            out.print("cancelling", me.cancelling());
          }

          out.print("-- the block fails");
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  tg.createTask(() -> C.soreLoser(out, 0));
                  sleep(0);
                  throw new Boom("block");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("cancelling", me.cancelling());

          out.print("-- cancelled from outside");
          Task<Void> r =
              createTask(
                  () -> {
                    TaskGroup g = new TaskGroup();
                    g.run(
                        () -> {
                          g.createTask(() -> C.soreLoser(out, 0));
                          sleep(1);
                        });
                  });
          sleep(0.01);
          r.cancel();
          try {
            r.await();
          } catch (ExceptionGroup eg) {
            out.print("main caught", show(eg));
          }
          out.print("r cancelled?", r.isCancelled(), "cancelling", r.cancelling());
        });
  }

  // -------------------------------------------------------------------- cancellation

  @Scenario("taskgroup_child_cancelled")
  static void childCancelled(Trace out) {
    class C {
      static void sleeper(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "caught", repr(e));
          throw e;
        }
      }

      static String work(Trace out, String name, double delay) {
        sleep(delay);
        out.print(name, "done");
        return name;
      }

      static String canceller(Trace out, Task<?> target) {
        sleep(0.01);
        out.print("canceller cancels:", target.cancel("by sibling"));
        return "cancelled it";
      }

      static void selfRaiser(Trace out) {
        sleep(0);
        out.print("self_raiser raises CancelledError");
        throw new CancelledError("on my own");
      }
    }
    run(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          List<Task<?>> ts =
              tg.run(
                  () -> {
                    Task<Void> a = tg.createTask(() -> C.sleeper(out, "a"));
                    Task<Void> b = tg.createTask(() -> C.sleeper(out, "b"));
                    Task<String> c = tg.createTask(() -> C.canceller(out, b));
                    Task<Void> d = tg.createTask(() -> C.selfRaiser(out));
                    Task<String> w = tg.createTask(() -> C.work(out, "w", 0.02));
                    sleep(0);
                    out.print("block cancels a:", a.cancel("by block"));
                    sleep(0);
                    out.print("a cancelled?", a.isCancelled(), "d cancelled?", d.isCancelled());
                    out.print("block ends");
                    return List.<Task<?>>of(b, c, w);
                  });
          out.print(
              "after: b cancelled?", ts.get(0).isCancelled(),
              "c", ts.get(1).result(),
              "w", ts.get(2).result());
          out.print("cancelling", me.cancelling());
        });
  }

  @Scenario("taskgroup_parent_cancelled_in_block")
  static void parentCancelledInBlock(Trace out) {
    class C {
      static void child(Trace out, String name) {
        try {
          out.print(name, "sleeps");
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "caught", repr(e));
          sleep(0.01);
          out.print(name, "cleaned up");
          throw e;
        }
      }

      static void runner(Trace out, List<Task<Void>> holder) {
        Task<?> me = me();
        TaskGroup tg = new TaskGroup();
        tg.run(
            () -> {
              holder.add(tg.createTask(() -> child(out, "c")));
              try {
                sleep(1);
                out.print("not reached");
              } catch (CancelledError e) {
                out.print("block caught", repr(e), "cancelling", me.cancelling());
                holder.add(tg.createTask(() -> out.print("late ran")));
                out.print("block added late");
                throw e;
              }
            });
        out.print("not reached");
      }
    }
    run(
        () -> {
          List<Task<Void>> holder = new ArrayList<>();
          Task<Void> r = createTask(() -> C.runner(out, holder));
          sleep(0.01);
          out.print("cancel runner:", r.cancel("stop"));
          try {
            r.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("r cancelled?", r.isCancelled(), "cancelling", r.cancelling());
          out.print(
              "c cancelled?", holder.get(0).isCancelled(),
              "late cancelled?", holder.get(1).isCancelled());
        });
  }

  @Scenario("taskgroup_parent_cancelled_in_exit")
  static void parentCancelledInExit(Trace out) {
    class C {
      static void slowCleanup(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("slow caught", repr(e));
          sleep(0.02);
          out.print("slow cleaned up");
          throw e;
        }
      }

      static void runner(Trace out, List<Task<Void>> holder) {
        Task<?> me = me();
        try {
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                holder.add(tg.createTask(() -> slowCleanup(out)));
                out.print("block ends");
              });
        } catch (CancelledError e) {
          out.print("runner caught", repr(e), "cancelling", me.cancelling());
          throw e;
        }
      }
    }
    run(
        () -> {
          List<Task<Void>> holder = new ArrayList<>();
          Task<Void> r = createTask(() -> C.runner(out, holder));
          sleep(0.01);
          out.print("first cancel:", r.cancel("first"));
          sleep(0.01);
          out.print("r done?", r.isDone());
          out.print("second cancel:", r.cancel("second"));
          try {
            r.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("r cancelled?", r.isCancelled(), "cancelling", r.cancelling());
          out.print("slow cancelled?", holder.get(0).isCancelled());
        });
  }

  @Scenario("taskgroup_cancelled_and_child_fails")
  static void cancelledAndChildFails(Trace out) {
    class C {
      static void raiseError(Trace out, Event event) {
        event.set();
        sleep(0);
        out.print("child raises");
        throw new Boom("child");
      }

      static void inner(Trace out, Event event) {
        Task<?> me = me();
        try {
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                tg.createTask(() -> raiseError(out, event));
                sleep(1);
                out.print("not reached");
              });
        } catch (ExceptionGroup eg) {
          out.print("inner caught", show(eg), "cancelling", me.cancelling());
        }
        out.print("after the group, cancelling", me.cancelling());
        try {
          sleep(1);
          out.print("not reached: the cancellation was lost");
        } catch (CancelledError e) {
          out.print("next await raised", repr(e));
          throw e;
        }
      }

      static void crashSoon(Trace out) {
        sleep(0.05);
        out.print("crash_soon raises");
        throw new Boom("soon");
      }

      static void runner(Trace out) {
        Task<?> me = me();
        try {
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                tg.createTask(() -> crashSoon(out));
                try {
                  sleep(1);
                } catch (CancelledError e) {
                  out.print("block caught", repr(e), "cancelling", me.cancelling(), "and waits");
                  sleep(1);
                  out.print("not reached");
                }
              });
        } catch (ExceptionGroup eg) {
          out.print("runner caught", show(eg), "cancelling", me.cancelling());
        }
        try {
          sleep(0);
          out.print("not reached: the cancellation was lost");
        } catch (CancelledError e) {
          out.print("runner next await raised", repr(e));
          throw e;
        }
      }
    }
    run(
        () -> {
          out.print("-- cancelled while the block awaits, the child fails in the same iteration");
          Event event = new Event();
          Task<Void> t = createTask(() -> C.inner(out, event));
          event.await();
          out.print("cancelling before", t.cancelling());
          t.cancel("outside");
          out.print("cancelling after", t.cancelling());
          try {
            t.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("t cancelled?", t.isCancelled(), "cancelling", t.cancelling());

          out.print("-- cancelled first, the child fails while the block handles it");
          Task<Void> r = createTask(() -> C.runner(out));
          sleep(0.01);
          r.cancel("outside");
          try {
            r.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          out.print("r cancelled?", r.isCancelled(), "cancelling", r.cancelling());
        });
  }

  @Scenario("taskgroup_child_swallows_cancel")
  static void childSwallowsCancel(Trace out) {
    class C {
      static String stubborn(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "swallows", repr(e));
        }
        sleep(0.01);
        out.print(name, "returns anyway");
        return name + " kept";
      }

      static void crasher(Trace out) {
        sleep(0.01);
        out.print("crasher raises");
        throw new Boom("crash");
      }

      static void runner(Trace out, List<Task<String>> holder) {
        TaskGroup tg = new TaskGroup();
        tg.run(
            () -> {
              holder.add(tg.createTask(() -> stubborn(out, "s2")));
              sleep(1);
            });
      }
    }
    run(
        () -> {
          Task<?> me = me();
          out.print("-- a sibling fails");
          List<Task<String>> ss = new ArrayList<>();
          TaskGroup tg = new TaskGroup();
          try {
            tg.run(
                () -> {
                  ss.add(tg.createTask(() -> C.stubborn(out, "s1")));
                  tg.createTask(() -> C.crasher(out));
                  out.print("block ends");
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          Task<String> s = ss.get(0);
          out.print(
              "s1 cancelled?", s.isCancelled(), "result", s.result(), "cancelling", s.cancelling());
          out.print("main cancelling", me.cancelling());

          out.print("-- the parent is cancelled from outside");
          List<Task<String>> holder = new ArrayList<>();
          Task<Void> r = createTask(() -> C.runner(out, holder));
          sleep(0.01);
          r.cancel();
          try {
            r.await();
          } catch (CancelledError e) {
            out.print("main caught", repr(e));
          }
          Task<String> s2 = holder.get(0);
          out.print("s2 cancelled?", s2.isCancelled(), "result", s2.result());

          out.print("-- the block ends, a child swallows a cancel() by the block");
          TaskGroup tg3 = new TaskGroup();
          Task<String> s3 =
              tg3.run(
                  () -> {
                    Task<String> t = tg3.createTask(() -> C.stubborn(out, "s3"));
                    sleep(0);
                    t.cancel();
                    return t;
                  });
          out.print("s3 result", s3.result(), "main cancelling", me.cancelling());
        });
  }

  // ------------------------------------------------------------------------- nesting

  @Scenario("taskgroup_nested")
  static void nested(Trace out) {
    class C {
      static void raiseAfter(Trace out, double delay, Exception exc) throws Exception {
        sleep(delay);
        out.print("raising", repr(exc));
        throw exc;
      }

      static void failInFinally() {
        try {
          sleep(1);
        } finally {
          throw new Boom("finally");
        }
      }

      static void bothFail(Trace out) {
        Task<?> me = me();
        out.print("before both, cancelling", me.cancelling());
        try {
          TaskGroup outer = new TaskGroup();
          outer.run(
              () -> {
                try {
                  TaskGroup inner = new TaskGroup();
                  inner.run(
                      () -> {
                        inner.createTask(() -> raiseAfter(out, 0, new Boom("inner")));
                        outer.createTask(() -> raiseAfter(out, 0, new Oops("outer")));
                      });
                  out.print("not reached");
                } catch (ExceptionGroup eg) {
                  out.print("inner group raised", show(eg), "cancelling", me.cancelling());
                }
                out.print("after inner, cancelling", me.cancelling());
              });
        } catch (ExceptionGroup eg) {
          out.print("outer group raised", show(eg), "cancelling", me.cancelling());
        }
        out.print("after outer, cancelling", me.cancelling());
        sleep(0);
        out.print("next await fine");
      }

      static void outerChildFirst(Trace out) {
        Task<?> me = me();
        try {
          TaskGroup g1 = new TaskGroup();
          g1.run(
              () -> {
                g1.createTask(() -> raiseAfter(out, 0.01, new Boom("outer child")));
                try {
                  TaskGroup g2 = new TaskGroup();
                  g2.run(() -> g2.createTask(() -> raiseAfter(out, 1, new Oops("never"))));
                } catch (CancelledError e) {
                  out.print("inner group raised", repr(e), "cancelling", me.cancelling());
                  throw e;
                }
              });
        } catch (ExceptionGroup eg) {
          out.print("outer group raised", show(eg), "cancelling", me.cancelling());
        }
        sleep(0);
        out.print("next await fine");
      }

      static void innerChildFirst(Trace out) {
        Task<?> me = me();
        try {
          TaskGroup g1 = new TaskGroup();
          g1.run(
              () -> {
                g1.createTask(() -> raiseAfter(out, 1, new Oops("never")));
                try {
                  TaskGroup g2 = new TaskGroup();
                  g2.run(() -> g2.createTask(() -> raiseAfter(out, 0.01, new Boom("inner child"))));
                } catch (ExceptionGroup eg) {
                  out.print("inner group raised", show(eg), "cancelling", me.cancelling());
                  throw eg;
                }
              });
        } catch (ExceptionGroup eg) {
          out.print("outer group raised", show(eg), "cancelling", me.cancelling());
        }
        sleep(0);
        out.print("next await fine");
      }

      static void runner(Trace out) {
        Task<?> me = me();
        try {
          TaskGroup g1 = new TaskGroup();
          g1.run(
              () -> {
                g1.createTask(() -> sleep(1));
                try {
                  TaskGroup g2 = new TaskGroup();
                  g2.run(
                      () -> {
                        for (int i = 0; i < 2; i++) {
                          g2.createTask(C::failInFinally);
                        }
                        sleep(1);
                      });
                } catch (ExceptionGroup eg) {
                  out.print("inner group raised", show(eg), "cancelling", me.cancelling());
                  throw eg;
                }
              });
        } catch (ExceptionGroup eg) {
          out.print("outer group raised", show(eg), "cancelling", me.cancelling());
          throw eg;
        }
      }
    }
    run(
        () -> {
          out.print("-- both groups fail together");
          C.bothFail(out);
          out.print("-- the outer child fails first");
          C.outerChildFirst(out);
          out.print("-- the inner child fails first");
          C.innerChildFirst(out);
          out.print("-- cancelled from outside, children fail in finally");
          Task<Void> r = createTask(() -> C.runner(out));
          sleep(0.01);
          r.cancel();
          try {
            r.await();
          } catch (ExceptionGroup eg) {
            out.print("main caught", show(eg));
          }
          out.print("r cancelled?", r.isCancelled(), "cancelling", r.cancelling());
        });
  }

  @Scenario("taskgroup_in_timeout")
  static void inTimeout(Trace out) {
    class C {
      static void child(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "caught", repr(e));
          throw e;
        }
      }

      static void badLoser(Trace out) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("bad_loser raises instead");
          throw new Boom("lost");
        }
      }

      static String quick(Trace out) {
        sleep(0.005);
        out.print("quick done");
        return "q";
      }
    }
    run(
        () -> {
          Task<?> me = me();
          out.print("-- expires while the block awaits");
          Timeout cm = timeout(0.05);
          List<Task<String>> qs = new ArrayList<>();
          try {
            cm.run(
                () -> {
                  TaskGroup tg = new TaskGroup();
                  tg.run(
                      () -> {
                        tg.createTask(() -> C.child(out, "c1"));
                        qs.add(tg.createTask(() -> C.quick(out)));
                        try {
                          sleep(1);
                        } catch (CancelledError e) {
                          out.print("block caught", repr(e), "cancelling", me.cancelling());
                          throw e;
                        }
                      });
                  out.print("not reached");
                });
          } catch (TimeoutException e) {
            out.print("TimeoutError, expired", cm.expired(), "cancelling", me.cancelling());
          } catch (ExceptionGroup eg) {
            out.print("not expected", show(eg));
          }
          out.print("q", qs.get(0).result());

          out.print("-- expires while the group waits in exit");
          try {
            timeout(0.02)
                .run(
                    () -> {
                      TaskGroup tg = new TaskGroup();
                      tg.run(
                          () -> {
                            tg.createTask(() -> C.child(out, "c2"));
                            out.print("block ends");
                          });
                      out.print("not reached");
                    });
          } catch (TimeoutException e) {
            out.print("TimeoutError, cancelling", me.cancelling());
          }

          out.print("-- expires, and a child fails when cancelled");
          Timeout cm3 = timeout(0.02);
          try {
            cm3.run(
                () -> {
                  TaskGroup tg = new TaskGroup();
                  tg.run(
                      () -> {
                        tg.createTask(() -> C.badLoser(out));
                        sleep(1);
                      });
                });
          } catch (TimeoutException e) {
            out.print("not expected: TimeoutError");
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg), "expired", cm3.expired(), "cancelling", me.cancelling());
          }
          sleep(0);
          out.print("next await fine");
        });
  }

  // --------------------------------------------------------------------------- misuse

  @Scenario("taskgroup_create_task_errors")
  static void createTaskErrors(Trace out) {
    class C {
      static String work(Trace out, String name) {
        out.print(name, "ran");
        return name;
      }

      static void crasher() {
        sleep(0);
        throw new Boom("crash");
      }
    }
    run(
        () -> {
          TaskGroup tg = new TaskGroup();
          try {
            tg.createTask(() -> C.work(out, "w0"));
          } catch (IllegalStateException e) {
            out.print(
                "before entering:",
                "RuntimeError",
                e.getMessage().contains("has not been entered"));
          }
          Task<String> t =
              tg.run(
                  () -> {
                    Task<String> w1 = tg.createTask(() -> C.work(out, "w1"));
                    try {
                      tg.run(() -> out.print("not reached"));
                    } catch (IllegalStateException e) {
                      out.print(
                          "entering while inside:",
                          "RuntimeError",
                          e.getMessage().contains("has already been entered"));
                    }
                    return w1;
                  });
          out.print("w1 result", t.result());
          try {
            tg.createTask(() -> C.work(out, "w2"));
          } catch (IllegalStateException e) {
            out.print("after exit:", "RuntimeError", e.getMessage().contains("is finished"));
          }
          try {
            tg.run(() -> out.print("not reached"));
          } catch (IllegalStateException e) {
            out.print(
                "entering again:",
                "RuntimeError",
                e.getMessage().contains("has already been entered"));
          }

          TaskGroup tg2 = new TaskGroup();
          try {
            tg2.run(
                () -> {
                  tg2.createTask(
                      () -> {
                        try {
                          sleep(1);
                        } catch (CancelledError e) {
                          try {
                            tg2.createTask(() -> C.work(out, "w3"));
                          } catch (IllegalStateException ise) {
                            out.print(
                                "from a cancelled child:",
                                "RuntimeError",
                                ise.getMessage().contains("is shutting down"));
                          }
                          throw e;
                        }
                      });
                  tg2.createTask(C::crasher);
                  try {
                    sleep(1);
                  } catch (CancelledError e) {
                    try {
                      tg2.createTask(() -> C.work(out, "w4"));
                    } catch (IllegalStateException ise) {
                      out.print(
                          "from the block:",
                          "RuntimeError",
                          ise.getMessage().contains("is shutting down"));
                    }
                    throw e;
                  }
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          try {
            tg2.createTask(() -> C.work(out, "w5"));
          } catch (IllegalStateException e) {
            out.print(
                "after a failed exit:", "RuntimeError", e.getMessage().contains("is finished"));
          }
          sleep(0);
          out.print("end");
        });
  }

  @Scenario("taskgroup_repr")
  static void reprStates(Trace out) {
    class C {
      static void crasher() {
        sleep(0.01);
        throw new Boom("crash");
      }
    }
    run(
        () -> {
          TaskGroup tg = new TaskGroup();
          out.print("new:", tg);
          tg.run(
              () -> {
                out.print("entered:", tg);
                tg.createTask(() -> sleep(0.05));
                tg.createTask(() -> sleep(0));
                out.print("two children:", tg);
                sleep(0.01);
                out.print("one left:", tg);
                out.print("block ends");
              });
          out.print("after exit:", tg);

          TaskGroup tg2 = new TaskGroup();
          try {
            tg2.run(
                () -> {
                  tg2.createTask(() -> sleep(1));
                  tg2.createTask(C::crasher);
                  try {
                    sleep(1);
                  } catch (CancelledError e) {
                    out.print("aborting:", tg2);
                    throw e;
                  }
                });
          } catch (ExceptionGroup eg) {
            out.print("caught", show(eg));
          }
          out.print("after a failed exit:", tg2);
        });
  }
}
