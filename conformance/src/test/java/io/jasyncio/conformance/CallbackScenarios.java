package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static io.jasyncio.conformance.Trace.repr;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.conformance.Support.Boom;
import java.util.function.Consumer;

/** Java twins: callbacks, timers, done callbacks and the loop's own controls. */
final class CallbackScenarios {
  private CallbackScenarios() {}

  /** Python's {@code make_cb(tag)}: a done callback printing what it sees. */
  static <T> Consumer<Future<T>> makeCb(Trace out, String tag) {
    return fut -> {
      if (fut.isCancelled()) {
        out.print(tag, "sees cancelled");
      } else {
        out.print(tag, "sees", fut.result());
      }
    };
  }

  /** Python's {@code functools.partial(cb, tag)}: a callback printing its tag. */
  static Runnable cb(Trace out, String tag) {
    return () -> out.print("callback", tag);
  }

  @Scenario("done_callback_order")
  static void doneCallbackOrder(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<Integer> f = loop.createFuture();
          Consumer<Future<Integer>> cb1 = makeCb(out, "cb1");
          Consumer<Future<Integer>> cb2 = makeCb(out, "cb2");
          Consumer<Future<Integer>> cb3 = makeCb(out, "cb3");
          f.addDoneCallback(cb1);
          f.addDoneCallback(cb2);
          f.addDoneCallback(cb3);
          f.addDoneCallback(cb2);
          out.print("removed cb2:", f.removeDoneCallback(cb2));
          out.print("removed cb2 again:", f.removeDoneCallback(cb2));
          out.print("before set_result");
          f.setResult(7);
          out.print("after set_result");
          sleep(0);
          out.print("after sleep(0)");
          f.addDoneCallback(makeCb(out, "late"));
          out.print("added a callback to a done future");
          sleep(0);
          out.print("after second sleep(0)");

          Task<Void> t = createTask(() -> sleep(1));
          t.addDoneCallback(makeCb(out, "tA"));
          t.addDoneCallback(makeCb(out, "tB"));
          sleep(0);
          out.print("cancel task:", t.cancel());
          out.print("after cancel");
          sleep(0);
          out.print("task done after one sleep(0)?", t.isDone());
          sleep(0);
          out.print("after two sleep(0)");
        });
  }

  @Scenario("done_callbacks_and_awaiters")
  static void doneCallbacksAndAwaiters(Trace out) {
    class D {
      static void waiter(Trace out, String name, Task<String> t) {
        out.print(name, "awaits");
        String r = t.await();
        out.print(name, "resumed with", r);
      }
    }
    run(
        () -> {
          Task<String> t =
              createTask(
                  () -> {
                    sleep(0.01);
                    out.print("work returns");
                    return "R";
                  });
          t.addDoneCallback(makeCb(out, "cb1"));
          Task<Void> w = createTask(() -> D.waiter(out, "w", t));
          sleep(0);
          t.addDoneCallback(makeCb(out, "cb2"));
          Task<Void> v = createTask(() -> D.waiter(out, "v", t));
          sleep(0);
          t.addDoneCallback(makeCb(out, "cb3"));
          out.print("main awaits");
          String r = t.await();
          out.print("main resumed with", r);
          w.await();
          v.await();
        });
  }

  @Scenario("callback_order")
  static void callbackOrder(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.callLater(0.03, cb(out, "later 0.03"));
          loop.callLater(0.01, cb(out, "later 0.01"));
          loop.callAt(loop.time() + 0.02, cb(out, "at +0.02"));
          TimerHandle t = loop.callLater(0.015, cb(out, "cancelled timer"));
          loop.callSoon(cb(out, "soon a"));
          loop.callSoon(
              () -> {
                out.print("callback", "soon b", "schedules", "soon b+1");
                loop.callSoon(cb(out, "soon b+1"));
              });
          Handle h = loop.callSoon(cb(out, "cancelled soon"));
          loop.callSoon(cb(out, "soon c"));
          h.cancel();
          t.cancel();
          out.print("handles cancelled?", h.isCancelled(), t.isCancelled());
          out.print("main sleeps");
          sleep(0);
          out.print("main after sleep(0)");
          sleep(0.05);
          out.print("main done");
        });
  }

  @Scenario("call_later_zero_vs_call_soon")
  static void callLaterZeroVsCallSoon(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.callLater(0, cb(out, "later(0)"));
          loop.callSoon(cb(out, "soon 1"));
          loop.callLater(-1, cb(out, "later(-1)"));
          loop.callSoon(cb(out, "soon 2"));
          loop.callSoon(
              () -> {
                out.print("callback mixed schedules");
                loop.callLater(0, cb(out, "mixed later(0)"));
                loop.callSoon(cb(out, "mixed soon"));
              });
          sleep(0);
          out.print("main after sleep(0)");
          sleep(0);
          out.print("main after second sleep(0)");
          sleep(0.01);
          out.print("main done");
        });
  }

  @Scenario("callback_exception_handler")
  static void callbackExceptionHandler(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.setExceptionHandler(
              (l, context) -> out.print("handler got", repr(context.exception())));
          loop.callSoon(
              () -> {
                out.print("bad runs");
                throw new Boom("in callback");
              });
          loop.callSoon(() -> out.print("good runs"));
          sleep(0);
          out.print("main after sleep(0)");
          sleep(0);
          out.print("main done");
        });
  }

  @Scenario("loop_stop")
  static void loopStop(Trace out) {
    EventLoop loop = newEventLoop();
    loop.callSoon(
        () -> {
          out.print("callback", "a", "schedules", "a+1");
          loop.callSoon(cb(out, "a+1"));
        });
    loop.callSoon(loop::stop);
    loop.callSoon(cb(out, "b"));
    out.print("run_forever 1");
    loop.runForever();
    out.print("run_forever 1 returned");
    loop.stop();
    loop.callSoon(cb(out, "c"));
    out.print("run_forever 2");
    loop.runForever();
    out.print("run_forever 2 returned");
    out.print(
        "run_until_complete returned",
        loop.runUntilComplete(
            Support.coro(
                () -> {
                  sleep(0.01);
                  return "slept";
                })));
    loop.close();
    out.print("closed", loop.isClosed());
  }

  @Scenario(value = "timer_cancelled_when_due", realTime = true)
  static void timerCancelledWhenDue(Trace out) {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          TimerHandle[] second = new TimerHandle[1];
          loop.callLater(
              0.01,
              () -> {
                out.print("first runs; second cancelled?", second[0].isCancelled());
                second[0].cancel();
                out.print("first cancelled second");
              });
          second[0] = loop.callLater(0.02, () -> out.print("second runs"));
          loop.callLater(0.03, () -> out.print("third runs"));
          out.print("main blocks the loop");
          Thread.sleep(50); // time.sleep(0.05): all three timers come due at once
          sleep(0);
          out.print("main after sleep(0)");
          sleep(0);
          out.print("main done");
        });
  }
}
