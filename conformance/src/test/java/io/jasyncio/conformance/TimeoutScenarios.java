package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.Timeout;
import io.jasyncio.conformance.Support.Boom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Java twins: {@code asyncio.timeout} and {@code timeout_at} ({@link Timeout}). {@code async with
 * cm: body} is {@code cm.run(() -> body)}; Python's TimeoutError is Java's {@link
 * TimeoutException}, RuntimeError is IllegalStateException, and a deadline of {@code None} is
 * {@link Double#POSITIVE_INFINITY} (printed as None).
 */
final class TimeoutScenarios {
  private TimeoutScenarios() {}

  /** {@code cm.when()} as Python prints it: None for no deadline. */
  static @Nullable Double when(Timeout cm) {
    return cm.when() == Double.POSITIVE_INFINITY ? null : cm.when();
  }

  @Scenario("timeout_expires")
  static void timeoutExpires(Trace out) {
    run(
        () -> {
          Task<?> me = currentTask();
          Timeout cm = timeout(0.05);
          out.print(cm, "expired", cm.expired());
          try {
            cm.run(
                () -> {
                  out.print("entered, expired", cm.expired(), "cancelling", me.cancelling());
                  try {
                    sleep(1);
                    out.print("not reached");
                  } catch (CancelledError e) {
                    out.print(
                        "block caught",
                        repr(e),
                        "expired",
                        cm.expired(),
                        "cancelling",
                        me.cancelling());
                    throw e;
                  } finally {
                    out.print("block finally");
                  }
                });
            out.print("not reached");
          } catch (TimeoutException e) {
            out.print("caught TimeoutError, cause", e.getCause().getClass().getSimpleName());
          }
          out.print(cm, "expired", cm.expired(), "cancelling", me.cancelling());

          Timeout cm2 = timeout(1);
          String result =
              cm2.run(
                  () -> {
                    sleep(0.01);
                    return "block result";
                  });
          out.print(result, cm2, "expired", cm2.expired());
          sleep(0.01);
          out.print("main not cancelled");
        });
  }

  interface Body {
    void run(Timeout cm) throws Exception;
  }

  @Scenario("timeout_reschedule")
  static void timeoutReschedule(Trace out) {
    class C {
      static void attempt(Trace out, String name, Supplier<Timeout> make, Body body) {
        Timeout cm = make.get();
        try {
          cm.run(() -> body.run(cm));
          out.print(name, "ended in time, expired", cm.expired());
        } catch (TimeoutException e) {
          out.print(name, "TimeoutError, expired", cm.expired());
        }
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          double t0 = loop.time();

          Body earlier =
              cm -> {
                cm.reschedule(loop.time() + 0.05);
                sleep(1);
              };
          Body later =
              cm -> {
                cm.reschedule(loop.time() + 10);
                out.print("later: deadline moved?", cm.when() > t0 + 5);
                sleep(0.1);
              };
          Body toNone =
              cm -> {
                cm.reschedule(Double.POSITIVE_INFINITY);
                out.print("to_none: when", when(cm));
                sleep(0.1);
              };
          Body fromNone =
              cm -> {
                out.print("from_none: when", when(cm));
                cm.reschedule(loop.time() + 0.05);
                out.print("from_none: when is None?", cm.when() == Double.POSITIVE_INFINITY);
                sleep(1);
              };
          Body past =
              cm -> {
                cm.reschedule(loop.time() - 1);
                out.print("past: expired right after reschedule?", cm.expired());
                sleep(0);
                out.print("not reached");
              };
          Body backAndForth =
              cm -> {
                cm.reschedule(loop.time() - 1);
                cm.reschedule(Double.POSITIVE_INFINITY);
                sleep(0.05);
              };

          C.attempt(out, "earlier", () -> timeout(10), earlier);
          out.print("earlier took less than 0.5 s?", loop.time() - t0 < 0.5);
          C.attempt(out, "later", () -> timeout(0.05), later);
          C.attempt(out, "to_none", () -> timeout(0.05), toNone);
          C.attempt(out, "from_none", () -> timeout(Double.POSITIVE_INFINITY), fromNone);
          C.attempt(out, "past", () -> timeout(10), past);
          C.attempt(out, "back_and_forth", () -> timeout(10), backAndForth);
          out.print("cancelling", currentTask().cancelling());
        });
  }

  @Scenario("timeout_misuse")
  static void timeoutMisuse(Trace out) {
    class C {
      static void tryReschedule(Trace out, String label, Timeout cm, double when) {
        try {
          cm.reschedule(when);
          out.print(label, "rescheduled");
        } catch (IllegalStateException e) {
          out.print(label, "RuntimeError", cm);
        }
      }
    }
    try {
      timeout(1);
    } catch (IllegalStateException e) {
      out.print("no running loop:", "RuntimeError");
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Timeout cm = timeout(1);
          C.tryReschedule(out, "before entering:", cm, loop.time() + 5);
          cm.run(() -> C.tryReschedule(out, "inside:", cm, loop.time() + 2));
          C.tryReschedule(out, "after exit:", cm, loop.time() + 5);
          Timeout active = timeout(1);
          try {
            active.run(() -> active.run(() -> out.print("not reached")));
          } catch (IllegalStateException e) {
            out.print("entering while active:", "RuntimeError", active);
          }
          try {
            cm.run(() -> out.print("not reached"));
          } catch (IllegalStateException e) {
            out.print("entering again:", "RuntimeError", cm);
          }

          Timeout cm2 = timeout(0.01);
          try {
            cm2.run(
                () -> {
                  try {
                    sleep(1);
                  } catch (CancelledError e) {
                    C.tryReschedule(out, "while expiring:", cm2, loop.time() + 5);
                    throw e;
                  }
                });
          } catch (TimeoutException e) {
            out.print("TimeoutError");
          }
          C.tryReschedule(out, "after expiry:", cm2, Double.POSITIVE_INFINITY);
          try {
            cm2.run(() -> out.print("not reached"));
          } catch (IllegalStateException e) {
            out.print("entering an expired one:", "RuntimeError");
          }
        });
  }

  @Scenario("timeout_nested")
  static void timeoutNested(Trace out) {
    run(
        () -> {
          Task<?> me = currentTask();
          EventLoop loop = getRunningLoop();
          Timeout[] inner = new Timeout[1];

          // the inner one expires
          Timeout outer1 = timeout(10);
          outer1.run(
              () -> {
                inner[0] = timeout(0.02);
                try {
                  inner[0].run(() -> sleep(1));
                } catch (TimeoutException e) {
                  out.print(
                      "1: inner TimeoutError; inner expired",
                      inner[0].expired(),
                      "outer expired",
                      outer1.expired(),
                      "cancelling",
                      me.cancelling());
                }
                sleep(0.01);
                out.print("1: outer block goes on");
              });
          out.print("1: outer expired", outer1.expired());

          // the outer one expires
          Timeout outer2 = timeout(0.02);
          try {
            outer2.run(
                () -> {
                  inner[0] = timeout(10);
                  try {
                    inner[0].run(
                        () -> {
                          try {
                            sleep(1);
                          } catch (CancelledError e) {
                            out.print("2: body cancelled, cancelling", me.cancelling());
                            throw e;
                          }
                        });
                  } catch (TimeoutException e) {
                    out.print("2: not reached: caught by the inner handler");
                  }
                  out.print("2: not reached");
                });
          } catch (TimeoutException e) {
            out.print(
                "2: outer TimeoutError; inner expired",
                inner[0].expired(),
                "outer expired",
                outer2.expired(),
                "cancelling",
                me.cancelling());
          }

          // both expire in the same iteration
          Timeout outer3 = timeoutAt(loop.time() - 1);
          try {
            outer3.run(
                () -> {
                  inner[0] = timeoutAt(loop.time() - 1);
                  try {
                    inner[0].run(
                        () -> {
                          try {
                            sleep(1);
                          } catch (CancelledError e) {
                            out.print("3: body cancelled, cancelling", me.cancelling());
                            throw e;
                          }
                        });
                  } catch (TimeoutException e) {
                    out.print("3: not reached: caught by the inner handler");
                  }
                  out.print("3: not reached");
                });
          } catch (TimeoutException e) {
            out.print(
                "3: outer TimeoutError; inner expired",
                inner[0].expired(),
                "outer expired",
                outer3.expired(),
                "cancelling",
                me.cancelling());
          }

          // the inner one expires, then the outer one during the inner's handler
          Timeout outer4 = timeout(0.05);
          try {
            outer4.run(
                () -> {
                  inner[0] = timeout(0.01);
                  try {
                    inner[0].run(() -> sleep(1));
                  } catch (TimeoutException e) {
                    out.print("4: inner TimeoutError, cancelling", me.cancelling());
                    sleep(1);
                    out.print("4: not reached");
                  }
                });
          } catch (TimeoutException e) {
            out.print(
                "4: outer TimeoutError; inner expired",
                inner[0].expired(),
                "outer expired",
                outer4.expired(),
                "cancelling",
                me.cancelling());
          }
          sleep(0);
          out.print("main not cancelled");
        });
  }

  @Scenario("timeout_external_cancel")
  static void timeoutExternalCancel(Trace out) {
    class C {
      static void worker(Trace out, String name, double delay, boolean cleanup) {
        Task<?> me = currentTask();
        Timeout cm = timeout(delay);
        try {
          cm.run(
              () -> {
                try {
                  sleep(1);
                  out.print("not reached");
                } catch (CancelledError e) {
                  out.print(name, "block cancelled, cancelling", me.cancelling());
                  if (cleanup) {
                    sleep(0.2);
                    out.print("not reached");
                  }
                  throw e;
                }
              });
        } catch (CancelledError e) {
          out.print(
              name,
              "CancelledError out of the block",
              repr(e),
              "expired",
              cm.expired(),
              "cancelling",
              me.cancelling());
          throw e;
        } catch (TimeoutException e) {
          out.print(name, "TimeoutError (wrong)");
        }
      }

      static void check(Trace out, Task<?> t) {
        try {
          t.await();
        } catch (CancelledError e) {
          out.print("task cancelled?", t.isCancelled());
        }
      }
    }
    run(
        () -> {
          Task<Void> t = createTask(() -> C.worker(out, "no expiry", 10, false));
          sleep(0.01);
          t.cancel("external");
          C.check(out, t);

          t = createTask(() -> C.worker(out, "same iteration", 0, false));
          sleep(0);
          t.cancel("external");
          C.check(out, t);

          t = createTask(() -> C.worker(out, "during cleanup", 0.02, true));
          sleep(0.1);
          t.cancel("external");
          C.check(out, t);
        });
  }

  @Scenario("timeout_expiry_race")
  static void timeoutExpiryRace(Trace out) {
    class C {
      static void worker(Trace out, String name, Future<String> fut, List<Timeout> box) {
        Timeout cm = timeout(10);
        box.add(cm);
        try {
          cm.run(
              () -> {
                String r = fut.await();
                out.print(name, "block got", r);
              });
          out.print(name, "ended in time, expired", cm.expired());
        } catch (TimeoutException e) {
          out.print(name, "TimeoutError, expired", cm.expired(), "future result", fut.result());
        }
      }
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          for (boolean resultFirst : new boolean[] {true, false}) {
            String name = resultFirst ? "result first" : "expiry first";
            Future<String> fut = loop.createFuture();
            List<Timeout> box = new ArrayList<>();
            Task<Void> t = createTask(() -> C.worker(out, name, fut, box));
            sleep(0);
            Timeout cm = box.get(0);
            if (resultFirst) {
              fut.setResult("R");
              cm.reschedule(loop.time() - 1);
            } else {
              cm.reschedule(loop.time() - 1);
              fut.setResult("R");
            }
            t.await();
            out.print(name, "task cancelling", t.cancelling());
          }
        });
  }

  interface GroupBody {
    void run(TaskGroup tg) throws Exception;
  }

  @Scenario("timeout_taskgroup")
  static void timeoutTaskgroup(Trace out) {
    class C {
      static void quiet(double delay) {
        sleep(delay);
      }

      static String child(Trace out, String name, double delay) {
        try {
          sleep(delay);
          out.print(name, "finishes");
          return name;
        } catch (CancelledError e) {
          out.print(name, "cancelled");
          throw e;
        }
      }

      static String failing(Trace out, String name, double delay) {
        sleep(delay);
        out.print(name, "raises");
        throw new Boom(name);
      }

      static void failsOnCancel(Trace out, String name) {
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print(name, "raises while cancelled");
          throw new Boom(name);
        }
      }

      static String childWithTimeout(Trace out, String name) {
        try {
          timeout(0.02).run(() -> sleep(1));
        } catch (TimeoutException e) {
          out.print(name, "had its own TimeoutError");
        }
        return name;
      }

      static void attempt(Trace out, String label, Timeout cm, GroupBody body) {
        Task<?> me = currentTask();
        try {
          cm.run(
              () -> {
                TaskGroup tg = new TaskGroup();
                tg.run(() -> body.run(tg));
              });
          out.print(label, "ended, expired", cm.expired());
        } catch (TimeoutException e) {
          out.print(label, "TimeoutError, expired", cm.expired(), "cancelling", me.cancelling());
        } catch (ExceptionGroup eg) {
          out.print(
              label,
              "ExceptionGroup",
              eg.exceptions().stream().map(Trace::repr).toList(),
              "expired",
              cm.expired(),
              "cancelling",
              me.cancelling());
        }
      }
    }
    run(
        () -> {
          GroupBody waitsForChildren =
              tg -> {
                tg.createTask(() -> C.child(out, "a1", 1));
                tg.createTask(() -> C.quiet(1));
              };
          GroupBody blockSleeps =
              tg -> {
                tg.createTask(() -> C.child(out, "b1", 1));
                try {
                  sleep(1);
                } catch (CancelledError e) {
                  out.print("b block cancelled");
                  throw e;
                }
              };
          GroupBody childFails =
              tg -> {
                tg.createTask(() -> C.child(out, "c1", 1));
                tg.createTask(() -> C.failing(out, "c2", 0.01));
              };
          GroupBody failsDuringCancel =
              tg -> {
                tg.createTask(() -> C.failsOnCancel(out, "d1"));
                tg.createTask(() -> C.quiet(1));
              };
          GroupBody innerTimeout =
              tg -> {
                tg.createTask(() -> C.childWithTimeout(out, "e1"));
                tg.createTask(() -> C.child(out, "e2", 0.05));
                sleep(0);
              };

          C.attempt(out, "waits for children:", timeout(0.03), waitsForChildren);
          C.attempt(out, "block sleeps:", timeout(0.03), blockSleeps);
          C.attempt(out, "child fails:", timeout(0.5), childFails);
          C.attempt(out, "fails during cancel:", timeout(0.03), failsDuringCancel);
          C.attempt(out, "inner timeout:", timeout(1), innerTimeout);
        });
  }

  @Scenario("timeout_block_swallows")
  static void timeoutBlockSwallows(Trace out) {
    run(
        () -> {
          Task<?> me = currentTask();
          Timeout cm = timeout(0.02);
          String result =
              cm.run(
                  () -> {
                    String r;
                    try {
                      sleep(1);
                      r = "in time";
                    } catch (CancelledError e) {
                      out.print("block swallows, cancelling", me.cancelling());
                      r = "fallback";
                    }
                    sleep(0);
                    out.print("block goes on after the deadline");
                    return r;
                  });
          out.print(result, "expired", cm.expired(), "cancelling", me.cancelling(), cm);
          sleep(0.01);
          out.print("main not cancelled");
        });
  }

  @Scenario("timeout_at_past")
  static void timeoutAtPast(Trace out) {
    record Maker(String name, Supplier<Timeout> make) {}
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          List<Maker> makers =
              List.of(
                  new Maker("timeout_at(now - 1)", () -> timeoutAt(loop.time() - 1)),
                  new Maker("timeout(0)", () -> timeout(0)),
                  new Maker("timeout(-1)", () -> timeout(-1)));
          for (Maker m : makers) {
            Timeout cm = m.make().get();
            cm.run(() -> {});
            out.print(m.name(), "no await: ended, expired", cm.expired());
            Timeout cm2 = m.make().get();
            try {
              cm2.run(
                  () -> {
                    sleep(0);
                    out.print("not reached");
                  });
            } catch (TimeoutException e) {
              out.print(m.name(), "sleep(0): TimeoutError, expired", cm2.expired());
            }
          }
          Timeout cm = timeoutAt(Double.POSITIVE_INFINITY);
          cm.run(
              () -> {
                out.print("when", when(cm));
                sleep(0.02);
              });
          out.print("timeout_at(None): ended, expired", cm.expired());
        });
  }

  @Scenario("timeout_cancelling")
  static void timeoutCancelling(Trace out) {
    class C {
      static String worker(Trace out) {
        Task<?> me = currentTask();
        try {
          sleep(1);
        } catch (CancelledError e) {
          out.print("worker caught a cancel, cancelling", me.cancelling());
        }
        Timeout cm = timeout(0.02);
        try {
          cm.run(
              () -> {
                out.print("entered, cancelling", me.cancelling());
                try {
                  sleep(1);
                } catch (CancelledError e) {
                  out.print("block cancelled, cancelling", me.cancelling());
                  throw e;
                }
              });
        } catch (TimeoutException e) {
          out.print("TimeoutError, cancelling", me.cancelling());
        }
        out.print("uncancel ->", me.uncancel());
        return "done";
      }
    }
    run(
        () -> {
          Task<String> t = createTask(() -> C.worker(out));
          sleep(0.01);
          t.cancel();
          out.print("worker ->", t.await(), "cancelling", t.cancelling());
        });
  }
}
