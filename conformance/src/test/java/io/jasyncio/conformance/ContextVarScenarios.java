package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Support.coro;
import static io.jasyncio.conformance.Support.vcoro;

import io.jasyncio.Context;
import io.jasyncio.ContextVar;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

/**
 * Java twins: context variables and tasks. Python's module-level {@code ContextVar}s are fields of
 * a local class, made afresh for each scenario. The Python errors map to Java's: LookupError is
 * {@link NoSuchElementException}, RuntimeError {@link IllegalStateException}, ValueError {@link
 * IllegalArgumentException}.
 */
final class ContextVarScenarios {
  private ContextVarScenarios() {}

  /**
   * The scenarios' {@code outcome(fn, *args)}: what {@code fn} returns, or the Python name of the
   * error it throws.
   */
  static Object outcome(Callable<?> fn) {
    try {
      return fn.call();
    } catch (NoSuchElementException e) {
      return "LookupError";
    } catch (IllegalStateException e) {
      return "RuntimeError";
    } catch (IllegalArgumentException e) {
      return "ValueError";
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** {@code outcome(var.reset, token)}: reset returns None. */
  static <T> Object resetOutcome(ContextVar<T> var, ContextVar.Token<T> token) {
    return outcome(
        () -> {
          var.reset(token);
          return null;
        });
  }

  @Scenario("contextvar_task_inherits")
  static void contextvarTaskInherits(Trace out) {
    class V {
      static final ContextVar<String> var = new ContextVar<>("var", "unset");

      static void show(Trace out, String who) {
        out.print(who, "sees", var.get());
        sleep(0);
        out.print(who, "still sees", var.get());
      }

      static String setter(Trace out, String name, String value) {
        out.print(name, "sees", var.get());
        Task<Void> early = createTask(() -> show(out, name + ".early"));
        var.set(value);
        out.print(name, "set", value);
        Task<Void> late = createTask(() -> show(out, name + ".late"));
        sleep(0);
        out.print(name, "after sleep(0) sees", var.get());
        early.await();
        late.await();
        return var.get();
      }

      static String getLater() {
        sleep(0);
        return var.get();
      }
    }
    run(
        () -> {
          out.print("main sees", V.var.get());
          V.var.set("main-1");
          Task<Void> a = createTask(() -> V.show(out, "a"));
          V.var.set("main-2");
          out.print("main set main-2 after creating a");
          Task<String> s1 = createTask(() -> V.setter(out, "s1", "v1"));
          Task<String> s2 = createTask(() -> V.setter(out, "s2", "v2"));
          sleep(0);
          out.print("main sees", V.var.get());
          out.print("main got", s1.await(), s2.await(), "and sees", V.var.get());
          a.await();
          out.print("gather children see:", gather(coro(V::getLater), coro(V::getLater)));
        });
  }

  @Scenario("contextvar_reset")
  static void contextvarReset(Trace out) {
    class R {
      static final ContextVar<String> var = new ContextVar<>("var");
      static final ContextVar<String> other = new ContextVar<>("other", "other-default");

      static void resetsInAnotherTask(Trace out, ContextVar.Token<String> token) {
        out.print("other task: reset ->", resetOutcome(var, token), "sees", var.get("nothing"));
      }

      static void setAndReset(Trace out) {
        ContextVar.Token<String> tok = var.set("task value");
        sleep(0);
        out.print("task sees", var.get());
        var.reset(tok);
        out.print("task after reset: get ->", outcome(var::get));
      }
    }
    ContextVar<String> var = R.var;
    ContextVar<String> other = R.other;
    run(
        () -> {
          ContextVar.Token<String> t1 = var.set("one");
          out.print(
              "set one; had an old value?", t1.hadOldValue(), "token var is var?", t1.var() == var);
          ContextVar.Token<String> t2 = var.set("two");
          out.print("set two; old value", t2.oldValue());
          var.reset(t2);
          out.print("after reset(t2)", var.get());
          out.print("reset(t2) again ->", resetOutcome(var, t2), "value", var.get());
          var.reset(t1);
          out.print(
              "after reset(t1): get ->",
              outcome(var::get),
              "get with fallback",
              var.get("fallback"));

          ContextVar.Token<String> t3 = var.set("three");
          out.print("other.reset(t3) ->", resetOutcome(other, t3), "value", var.get());
          ContextVar.Token<String> t4 = other.set("four");
          out.print("var.reset(t4) ->", resetOutcome(var, t4), "other", other.get());
          other.reset(t4);
          out.print("other after reset", other.get());

          createTask(() -> R.resetsInAnotherTask(out, t3)).await();
          out.print("main still sees", var.get());
          out.print("reset in a copy ->", Context.copyContext().run(() -> resetOutcome(var, t3)));
          var.reset(t3);
          out.print("reset in main works; get ->", outcome(var::get));

          var.set("main value");
          gather(vcoro(() -> R.setAndReset(out)), vcoro(() -> R.setAndReset(out)));
          out.print("main sees", var.get());
        });
  }

  @Scenario("contextvar_get_default")
  static void contextvarGetDefault(Trace out) {
    class G {
      static final ContextVar<String> plain = new ContextVar<>("plain");
      static final ContextVar<String> withDefault = new ContextVar<>("with_default", "D");
      static final ContextVar<String> noneDefault = new ContextVar<>("none_default", null);

      static void report(Trace out, String who) {
        out.print(
            who,
            "plain:",
            outcome(plain::get),
            outcome(() -> plain.get("fb")),
            outcome(() -> plain.get(null)));
        out.print(
            who, "with_default:", outcome(withDefault::get), outcome(() -> withDefault.get("fb")));
        out.print(
            who, "none_default:", outcome(noneDefault::get), outcome(() -> noneDefault.get("fb")));
      }

      static void task(Trace out, String who) {
        report(out, who);
        plain.set(who + "-plain");
        withDefault.set(null);
        report(out, who + " after set");
      }
    }
    run(
        () -> {
          G.report(out, "main");
          createTask(() -> G.task(out, "t1")).await();
          G.report(out, "main after t1");
          G.plain.set("p");
          G.noneDefault.set("n");
          createTask(() -> G.task(out, "t2")).await();
          G.report(out, "main after t2");
        });
  }

  @Scenario("contextvar_copy_context")
  static void contextvarCopyContext(Trace out) {
    class C {
      static final ContextVar<String> a = new ContextVar<>("a", "a0");
      static final ContextVar<String> b = new ContextVar<>("b");

      static String setBoth(String tag) {
        a.set("a-" + tag);
        b.set("b-" + tag);
        return a.get() + "," + b.get();
      }

      static void show(Trace out, String tag) {
        out.print(tag, "sees a", a.get(), "b", outcome(b::get));
        b.set("b-" + tag);
      }

      static void inTask(Trace out, Context ctx, String tag) {
        out.print(tag, "ctx.run(b.get) ->", ctx.run(b::get));
        out.print(tag, "ctx.run(set_both) ->", ctx.run(() -> setBoth(tag)));
        out.print(tag, "its own context: a", a.get(), "b", outcome(b::get));
      }
    }
    ContextVar<String> a = C.a;
    ContextVar<String> b = C.b;
    run(
        () -> {
          a.set("a1");
          Context ctx = Context.copyContext();
          out.print(
              "ctx: a in ctx?", ctx.contains(a), "b in ctx?", ctx.contains(b), "len", ctx.size());
          out.print("ctx.run(set_both) ->", ctx.run(() -> C.setBoth("ctx")));
          out.print("main sees a", a.get(), "b", outcome(b::get));
          out.print(
              "ctx: a in ctx?", ctx.contains(a), "b in ctx?", ctx.contains(b), "len", ctx.size());
          out.print("ctx.run(b.get) ->", ctx.run(b::get), "ctx.run(a.get) ->", ctx.run(a::get));
          out.print("nested ctx.run ->", ctx.run(() -> outcome(() -> ctx.run(a::get))));
          out.print("main after the nested attempt sees a", a.get());

          Context empty = new Context();
          out.print(
              "empty: len",
              empty.size(),
              "a ->",
              empty.run(a::get),
              "b ->",
              empty.run(() -> outcome(b::get)));

          gather(vcoro(() -> C.inTask(out, ctx, "t1")), vcoro(() -> C.inTask(out, ctx, "t2")));
          out.print("ctx.run(b.get) ->", ctx.run(b::get), "main sees a", a.get());

          Context copy = ctx.copy();
          ctx.run(() -> C.setBoth("later"));
          out.print("copy made before: b", copy.run(b::get), "ctx: b", ctx.run(b::get));

          ctx.run(() -> createTask(() -> C.show(out, "made in ctx"))).await();
          createTask(() -> C.show(out, "made outside")).await();
          out.print("ctx: b", ctx.run(b::get), "main: b", outcome(b::get));
        });
  }

  @Scenario("contextvar_to_thread")
  static void contextvarToThread(Trace out) {
    class T {
      static final ContextVar<String> var = new ContextVar<>("var", "default");

      static String inThread(String tag) {
        String seen = var.get();
        var.set("set in " + tag);
        return tag + " saw " + seen + ", then " + var.get();
      }

      static void worker(Trace out, String name) {
        var.set(name + "-value");
        out.print(name, "to_thread ->", toThread(() -> inThread(name)));
        out.print(name, "still sees", var.get());
      }
    }
    run(
        () -> {
          T.var.set("main-value");
          out.print("main to_thread ->", toThread(() -> T.inThread("main")));
          out.print("main still sees", T.var.get());
          createTask(() -> T.worker(out, "w1")).await();
          createTask(() -> T.worker(out, "w2")).await();
          EventLoop loop = getRunningLoop();
          out.print("run_in_executor ->", loop.runInExecutor(null, T.var::get).await());
          out.print("main still sees", T.var.get());
        });
  }

  @Scenario("contextvar_run_boundary")
  static void contextvarRunBoundary(Trace out) {
    class B {
      static final ContextVar<String> var = new ContextVar<>("var", "default");

      static String child() {
        var.set("child");
        return var.get();
      }

      static String main(Trace out) {
        out.print("main sees", var.get());
        var.set("main");
        out.print("child got", createTask(B::child).await(), "main sees", var.get());
        return var.get();
      }
    }
    // The module-level code runs outside any task: in this thread's context, as Python's does.
    out.print("before run", B.var.get());
    ContextVar.Token<String> token = B.var.set("outside");
    try {
      out.print("run returned", run(() -> B.main(out)));
      out.print("after run", B.var.get());
      out.print("run returned", run(() -> B.main(out)));
      out.print("after the second run", B.var.get());
    } finally {
      B.var.reset(token); // leave this thread's context as it was
    }
  }

  @Scenario("contextvar_eager")
  static void contextvarEager(Trace out) {
    class E {
      static final ContextVar<String> var = new ContextVar<>("var", "default");

      static String child(Trace out, String name) {
        out.print(name, "eager step sees", var.get());
        var.set(name + "-value");
        out.print(name, "set", var.get());
        sleep(0);
        out.print(name, "resumed, sees", var.get());
        return var.get();
      }

      static String quick(Trace out, String name) {
        out.print(name, "sees", var.get());
        var.set(name + "-value");
        return var.get();
      }
    }
    ContextVar<String> var = E.var;
    run(
        () -> {
          getRunningLoop().setEagerTasks(true);
          var.set("main-1");
          Task<String> a = createTask(() -> E.child(out, "a"));
          out.print("main after creating a sees", var.get());
          var.set("main-2");
          Task<String> q = createTask(() -> E.quick(out, "q"));
          out.print("main after creating q sees", var.get(), "q result", q.result());
          Context ctx = Context.copyContext();
          out.print("main got", a.await(), "and sees", var.get(), "ctx sees", ctx.run(var::get));
        });
  }

  @Scenario("contextvar_callbacks")
  static void contextvarCallbacks(Trace out) {
    class K {
      static final ContextVar<String> var = new ContextVar<>("var", "default");
    }
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.callSoon(() -> K.var.set("set in callback 1"));
          loop.callSoon(() -> out.print("callback 2 sees", K.var.get()));
          sleep(0);
          createTask(
                  () -> {
                    K.var.set("worker-value");
                    EventLoop l = getRunningLoop();
                    l.callSoon(() -> out.print("call_soon callback sees", K.var.get()));
                    l.callLater(0.01, () -> out.print("call_later callback sees", K.var.get()));
                    io.jasyncio.Future<Void> fut = l.createFuture();
                    fut.addDoneCallback(f -> out.print("done callback sees", K.var.get()));
                    K.var.set("changed after scheduling");
                    l.callSoon(() -> fut.setResult(null));
                    fut.await();
                    sleep(0.02);
                    out.print("worker sees", K.var.get());
                  })
              .await();
          out.print("main sees", K.var.get());
        });
    out.print("after run, the caller sees", K.var.get());
  }
}
