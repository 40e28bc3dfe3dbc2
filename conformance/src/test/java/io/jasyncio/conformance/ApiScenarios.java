package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.CancelledError;
import io.jasyncio.ExceptionGroup;
import io.jasyncio.Future;
import io.jasyncio.TaskGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Java twins: asyncio API a user reaches for beyond the basics: the future gather returns before it
 * is awaited, as_completed's plain iterator (3.13), and what except* does with a group.
 */
final class ApiScenarios {
  private ApiScenarios() {}

  /** Python's built-in exceptions of the same names. */
  static final class ValueError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ValueError(String message) {
      super(message);
    }
  }

  static class LookupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LookupError(String message) {
      super(message);
    }
  }

  static final class KeyError extends LookupError {
    private static final long serialVersionUID = 1L;

    KeyError(String message) {
      super(message);
    }
  }

  static final class OSError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OSError(String message) {
      super(message);
    }
  }

  @Scenario("gather_future")
  static void gatherReturnsAFuture(Trace out) {
    class C {
      static String child(Trace out, String name, double delay) {
        try {
          sleep(delay);
          out.print(name, "finished");
          return name;
        } catch (CancelledError e) {
          out.print(name, "cancelled");
          throw e;
        }
      }
    }
    run(
        () -> {
          Future<List<Object>> empty = gatherFuture();
          out.print("empty done", empty.isDone(), "result", empty.result());
          Future<List<Object>> g =
              gatherFuture(
                  Support.coro(() -> C.child(out, "a", 0.01)),
                  Support.coro(() -> C.child(out, "b", 0.02)));
          g.addDoneCallback(f -> out.print("callback: done", f.isDone()));
          out.print("before await: done", g.isDone());
          out.print("awaited", g.await());
          out.print("cancel after done", g.cancel());
          Future<List<Object>> g2 =
              gatherFuture(
                  Support.coro(() -> C.child(out, "c", 1)),
                  Support.coro(() -> C.child(out, "d", 1)));
          sleep(0);
          out.print("cancel while running", g2.cancel());
          out.print("cancel again", g2.cancel());
          try {
            g2.await();
          } catch (CancelledError e) {
            out.print("await g2: CancelledError");
          }
          out.print("g2 done", g2.isDone(), "cancelled", g2.isCancelled());
          Future<List<Object>> g3 = gatherFuture(Support.coro(() -> C.child(out, "e", 0.01)));
          Future<List<Object>> s = shield(g3);
          s.cancel();
          sleep(0.05);
          out.print("shielded gather result", g3.result(), "outer cancelled", s.isCancelled());
        });
  }

  @Scenario("as_completed_plain")
  static void asCompletedPlainIterator(Trace out) {
    class C {
      static String work(String name, double delay, boolean fail) {
        sleep(delay);
        if (fail) {
          throw new ValueError(name);
        }
        return name;
      }
    }
    run(
        () -> {
          List<Future<String>> its =
              asCompleted(
                      List.of(
                          Support.coro(() -> C.work("slow", 0.03, false)),
                          Support.coro(() -> C.work("fast", 0.01, false)),
                          Support.coro(() -> C.work("bad", 0.02, true))))
                  .awaitables();
          out.print("handed out", its.size());
          for (Future<String> aw : its) {
            try {
              out.print("got", aw.await());
            } catch (ValueError e) {
              out.print("raised", Trace.repr(e));
            }
          }
          its =
              asCompleted(
                      List.of(
                          Support.coro(() -> C.work("quick", 0.01, false)),
                          Support.coro(() -> C.work("late", 10, false))),
                      0.05)
                  .awaitables();
          for (Future<String> aw : its) {
            try {
              out.print("got", aw.await());
            } catch (Throwable e) {
              if (!(e instanceof TimeoutException)) {
                throw e;
              }
              out.print("timed out");
            }
          }
          sleep(0);
        });
  }

  @Scenario("exception_group_split")
  static void exceptionGroupSplitting(Trace out) {
    class C {
      static void fail(RuntimeException e) {
        sleep(0);
        throw e;
      }

      static void show(Trace out, String label, @Nullable ExceptionGroup g) {
        if (g == null) {
          out.print(label, "None");
          return;
        }
        List<Object> kinds = new ArrayList<>();
        for (Throwable e : g.exceptions()) {
          if (e instanceof ExceptionGroup inner) {
            List<Object> names = new ArrayList<>();
            for (Throwable x : inner.exceptions()) {
              names.add(x.getClass().getSimpleName());
            }
            kinds.add("('group', " + Trace.repr(names) + ")");
          } else {
            kinds.add(e.getClass().getSimpleName());
          }
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < kinds.size(); i++) {
          String k = kinds.get(i).toString();
          sb.append(i == 0 ? "" : ", ").append(k.startsWith("(") ? k : "'" + k + "'");
        }
        out.print(label, g.groupMessage(), sb.append(']').toString());
      }
    }
    run(
        () -> {
          try {
            TaskGroup tg = new TaskGroup();
            tg.run(
                () -> {
                  tg.createTask(() -> C.fail(new ValueError("v")));
                  tg.createTask(() -> C.fail(new KeyError("k")));
                  tg.createTask(
                      () ->
                          C.fail(
                              new ExceptionGroup(
                                  "inner", List.of(new ValueError("w"), new OSError("o")))));
                });
          } catch (ExceptionGroup eg) {
            ExceptionGroup.Split s = eg.split(ValueError.class);
            C.show(out, "match", s.match());
            C.show(out, "rest", s.rest());
            C.show(out, "subgroup LookupError", eg.subgroup(LookupError.class));
            C.show(out, "subgroup nothing", eg.subgroup(ArithmeticException.class));
            out.print("subgroup all is itself", eg.subgroup(RuntimeException.class) == eg);
            C.show(out, "except* ValueError", s.match());
            C.show(out, "except* others", s.rest());
          }
        });
  }
}
