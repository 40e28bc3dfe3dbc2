package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final EventLoop loop = new EventLoop();
  private final List<String> log = new ArrayList<>();
  private final List<ExceptionContext> reported = new ArrayList<>();

  EventLoopTest() {
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private void runOnce() {
    loop.stop();
    loop.runForever();
  }

  @Test
  void callSoonRunsInFifoOrderAndNotInline() {
    loop.callSoon(() -> log.add("a"));
    loop.callSoon(
        () -> {
          log.add("b");
          loop.callSoon(() -> log.add("d: next iteration"));
        });
    loop.callSoon(() -> log.add("c"));
    assertThat(log).isEmpty();
    runOnce();
    assertThat(log).containsExactly("a", "b", "c");
    runOnce();
    assertThat(log).containsExactly("a", "b", "c", "d: next iteration");
  }

  @Test
  void timersFireInDeadlineOrderAndEqualDeadlinesInSchedulingOrder() {
    // virtual time: on the real clock, a pause between reading `now` and callLater(0.02) (a busy
    // machine) would move t2's deadline past t3's
    try (EventLoop v = new EventLoop(Engine.defaultEngine(), true)) {
      double now = v.time();
      v.callAt(now + 0.03, () -> log.add("t3"));
      v.callAt(now + 0.01, () -> log.add("t1a"));
      v.callAt(now + 0.01, () -> log.add("t1b"));
      v.callAt(now + 0.01, () -> log.add("t1c"));
      v.callLater(0.02, () -> log.add("t2"));
      v.callLater(0.05, v::stop);
      v.runForever();
    }
    assertThat(log).containsExactly("t1a", "t1b", "t1c", "t2", "t3");
  }

  @Test
  void cancelledHandlesNeverRun() {
    Handle h = loop.callSoon(() -> log.add("soon"));
    TimerHandle t = loop.callLater(0, () -> log.add("later"));
    h.cancel();
    t.cancel();
    assertThat(h.isCancelled()).isTrue();
    assertThat(t.isCancelled()).isTrue();
    loop.callLater(0.01, loop::stop);
    loop.runForever();
    assertThat(log).isEmpty();
  }

  @Test
  void manyCancelledTimersArePurgedAndTheRestStillFire() {
    List<TimerHandle> hs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int n = i;
      hs.add(loop.callLater(0.001 * (i % 5), () -> log.add("t" + n)));
    }
    for (int i = 0; i < 500; i++) {
      if (i % 100 != 0) {
        hs.get(i).cancel();
      }
    }
    loop.callLater(0.02, loop::stop);
    loop.runForever();
    assertThat(log).containsExactly("t0", "t100", "t200", "t300", "t400");
  }

  @Test
  void negativeDelayCountsAsZeroAndNanIsRejected() {
    loop.callLater(-5, () -> log.add("negative"));
    runOnce();
    assertThat(log).containsExactly("negative");
    assertThatThrownBy(() -> loop.callLater(Double.NaN, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void callSoonThreadsafeWakesALoopWaitingForAFarTimer() throws Exception {
    loop.callLater(60, () -> log.add("far timer"));
    CompletableFuture<Void> sent = new CompletableFuture<>();
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!loop.isRunning()) {
                    Thread.onSpinWait();
                  }
                  loop.callSoonThreadsafe(
                      () -> {
                        log.add("from other thread");
                        loop.stop();
                      });
                  sent.complete(null);
                });
    long t0 = System.nanoTime();
    loop.runForever();
    other.join();
    sent.get(1, TimeUnit.SECONDS);
    assertThat(log).containsExactly("from other thread");
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(30));
  }

  @Test
  void loopMethodsFromAForeignThreadNameCallSoonThreadsafe() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    loop.callSoon(
        () -> {
          Thread t =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        try {
                          loop.callSoon(() -> {});
                          seen.complete(null);
                        } catch (Throwable e) {
                          seen.complete(e);
                        }
                      });
          try {
            t.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          loop.stop();
        });
    loop.runForever();
    assertThat(seen.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callSoon()")
        .hasMessageContaining("callSoonThreadsafe");
  }

  @Test
  void aFailingCallbackIsReportedAndTheLoopGoesOn() {
    RuntimeException boom = new RuntimeException("boom");
    loop.callSoon(
        () -> {
          throw boom;
        });
    loop.callSoon(() -> log.add("after"));
    runOnce();
    assertThat(log).containsExactly("after");
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).exception()).isSameAs(boom);
    assertThat(reported.get(0).message()).startsWith("Exception in callback");
    assertThat(reported.get(0).handle()).isNotNull();
  }

  @Test
  void aFailingExceptionHandlerFallsBackToTheDefault() {
    loop.setExceptionHandler(
        (l, ctx) -> {
          throw new IllegalStateException("handler broken");
        });
    loop.callSoon(
        () -> {
          throw new RuntimeException("boom");
        });
    loop.callSoon(() -> log.add("after"));
    runOnce();
    assertThat(log).containsExactly("after");
  }

  @Test
  void stopBeforeRunForeverRunsOneIteration() {
    loop.callSoon(
        () -> {
          log.add("1");
          loop.callSoon(() -> log.add("2"));
        });
    loop.stop();
    loop.runForever();
    assertThat(log).containsExactly("1");
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void runUntilCompleteReturnsTheResultAndStopsTheLoop() {
    Future<String> f = loop.createFuture();
    loop.callLater(0.01, () -> f.setResult("done"));
    assertThat(loop.runUntilComplete(f)).isEqualTo("done");
    assertThat(loop.isRunning()).isFalse();
    assertThat(loop.runUntilComplete(loop.createTask(() -> 7))).isEqualTo(7);
  }

  @Test
  void runUntilCompleteOfAFutureTheLoopNeverCompletesFailsWhenStopped() {
    Future<String> f = loop.createFuture();
    loop.callSoon(loop::stop);
    assertThatThrownBy(() -> loop.runUntilComplete(f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Event loop stopped before Future completed");
  }

  @Test
  void runningTwiceAndClosingWhileRunningAreErrors() {
    loop.callSoon(
        () -> {
          assertThatThrownBy(loop::runForever)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("already running");
          assertThatThrownBy(loop::close)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("Cannot close a running event loop");
          assertThat(loop.isRunning()).isTrue();
          log.add("checked");
        });
    runOnce();
    assertThat(log).containsExactly("checked");
  }

  @Test
  void aClosedLoopRefusesWork() {
    loop.close();
    loop.close(); // idempotent
    assertThat(loop.isClosed()).isTrue();
    assertThatThrownBy(() -> loop.callSoon(() -> {})).hasMessageContaining("Event loop is closed");
    assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> {}))
        .hasMessageContaining("Event loop is closed");
    assertThatThrownBy(loop::runForever).hasMessageContaining("Event loop is closed");
    assertThatThrownBy(() -> loop.createTask(() -> 1)).hasMessageContaining("Event loop is closed");
  }

  @Test
  void closeUnwindsPendingTasksAndReportsThem() {
    Task<Void> sleeper =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(3600);
              } finally {
                log.add("finally ran");
              }
            },
            "sleeper");
    Task<Boolean> quick = loop.createTask(() -> log.add("quick ran"), "quick");
    loop.stop();
    loop.runForever(); // both start; sleeper sleeps, quick ends
    loop.close();
    assertThat(log).containsExactly("quick ran", "finally ran");
    assertThat(sleeper.isCancelled()).isTrue();
    assertThat(quick.isDone()).isTrue();
    assertThat(reported)
        .extracting(ExceptionContext::message, ExceptionContext::taskName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Task was destroyed but it is pending!", "sleeper"));
  }

  @Test
  void timeIsMonotonicSeconds() {
    double a = loop.time();
    double b = loop.time();
    assertThat(b).isGreaterThanOrEqualTo(a);
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> loop.callSoon(null)).hasMessageContaining("callback");
    assertThatThrownBy(() -> loop.createTask((Coroutine<Object>) null))
        .hasMessageContaining("coro");
    assertThatThrownBy(() -> new EventLoop(null)).hasMessageContaining("engine");
  }
}
