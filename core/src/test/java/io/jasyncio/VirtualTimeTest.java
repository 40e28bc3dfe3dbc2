package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The virtual clock: same order of events as real time, no real waiting. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualTimeTest {
  @Test
  void theClockStartsAtZeroAndJumpsToEachTimer() {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          assertThat(loop.isVirtualTime()).isTrue();
          assertThat(loop.time()).isZero();
          Task<Void> slow =
              createTask(
                  () -> {
                    sleep(3600);
                    log.add("slow at " + loop.time());
                  });
          Task<Void> fast =
              createTask(
                  () -> {
                    sleep(2);
                    log.add("fast at " + loop.time());
                  });
          loop.callLater(60, () -> log.add("timer at " + loop.time()));
          gather(slow, fast);
          log.add("end at " + loop.time());
        });
    assertThat(log)
        .containsExactly("fast at 2.0", "timer at 60.0", "slow at 3600.0", "end at 3600.0");
    assertThat(System.nanoTime() - t0)
        .as("an hour of sleeping takes no real hour")
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
  }

  @Test
  void theClockDoesNotMoveWhileWorkIsReady() {
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Void> spinner =
              createTask(
                  () -> {
                    for (int i = 0; i < 1000; i++) {
                      sleep(0);
                    }
                  });
          spinner.await();
          assertThat(loop.time()).as("yielding is not waiting").isZero();
          sleep(0.25);
          assertThat(loop.time()).isEqualTo(0.25);
        });
  }

  @Test
  void theLessonsRestaurantTimingsHoldOnVirtualTime() {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          List<Task<Void>> waiters = new ArrayList<>();
          for (String dish : List.of("Салат", "Стейк", "Суп")) {
            waiters.add(
                createTask(
                    () -> {
                      sleep(2); // the cook
                      log.add(dish + " ready at " + loop.time());
                      log.add(dish + " served at " + loop.time());
                    }));
          }
          gather(waiters);
        });
    assertThat(log)
        .containsExactly(
            "Салат ready at 2.0",
            "Салат served at 2.0",
            "Стейк ready at 2.0",
            "Стейк served at 2.0",
            "Суп ready at 2.0",
            "Суп served at 2.0");
    assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
  }

  // ---- work on other threads holds the clock ----------------------------------------------

  @Test
  void workOnAnotherThreadHoldsTheVirtualClockUntilItComesBack() {
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Void> sleeper =
              createTask(
                  () -> {
                    sleep(1);
                    log.add("sleeper wakes at " + loop.time());
                  });
          String r =
              Asyncio.toThread(
                  () -> {
                    Thread.sleep(50); // real blocking work; the clock must wait for it
                    log.add("thread done at " + loop.time());
                    return "result";
                  });
          log.add("main got " + r + " at " + loop.time());
          sleeper.await();
        });
    assertThat(log)
        .containsExactly("thread done at 0.0", "main got result at 0.0", "sleeper wakes at 1.0");
  }

  @Test
  void toThreadRethrowsTheThreadsExceptionUnchanged() {
    java.io.IOException boom = new java.io.IOException("disk gone");
    Throwable caught =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                runVirtualTime(
                    () -> {
                      Asyncio.toThread(
                          () -> {
                            throw boom;
                          });
                    }));
    assertThat(caught).isSameAs(boom);
  }

  @Test
  void aCancelledAwaiterLeavesTheThreadRunningAndTheClockHeldUntilItEnds() {
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Object> waiter =
              createTask(
                  () ->
                      Asyncio.toThread(
                          () -> {
                            started.countDown();
                            awaitIgnoringInterrupts(release);
                            log.add("thread ends at " + loop.time());
                            return null;
                          }));
          while (started.getCount() > 0) {
            sleep(0); // until the job runs: a job cancelled before it starts never starts
          }
          waiter.cancel();
          try {
            waiter.await();
          } catch (CancelledError e) {
            log.add("waiter cancelled at " + loop.time());
          }
          // the loop thread may not block: the thread is released from a third thread, later
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    release.countDown();
                  });
          sleep(5);
          log.add("main wakes at " + loop.time());
        });
    assertThat(log)
        .containsExactly("waiter cancelled at 0.0", "thread ends at 0.0", "main wakes at 5.0");
  }

  @Test
  void runWaitsForDefaultExecutorWorkBeforeItCloses() {
    java.util.concurrent.atomic.AtomicBoolean finished =
        new java.util.concurrent.atomic.AtomicBoolean();
    Asyncio.run(
        () -> {
          getRunningLoop()
              .runInExecutor(
                  null,
                  () -> {
                    Thread.sleep(50);
                    finished.set(true);
                    return null;
                  });
        });
    assertThat(finished).as("run() returned only after the job ended").isTrue();
  }

  @Test
  void aGivenExecutorRunsTheJobAndARefusalIsThrownWithoutHoldingTheClock() {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      List<String> log = new ArrayList<>();
      runVirtualTime(
          () -> {
            EventLoop loop = getRunningLoop();
            String name = loop.runInExecutor(pool, () -> Thread.currentThread().getName()).await();
            log.add(name.startsWith("pool-") ? "ran on the pool" : "ran on " + name);
            java.util.concurrent.Executor refusing =
                r -> {
                  throw new java.util.concurrent.RejectedExecutionException("full");
                };
            try {
              loop.runInExecutor(refusing, () -> 1);
            } catch (java.util.concurrent.RejectedExecutionException e) {
              log.add("refused: " + e.getMessage());
            }
            sleep(10);
            log.add("slept to " + loop.time());
          });
      assertThat(log).containsExactly("ran on the pool", "refused: full", "slept to 10.0");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withVirtualTimeRunsAnUnchangedMainOnVirtualTimeAndAddsUpItsLoopsTimes() {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    double seconds =
        Asyncio.withVirtualTime(
            () -> {
              Asyncio.run(
                  () -> {
                    log.add("virtual: " + getRunningLoop().isVirtualTime());
                    sleep(600);
                  });
              Asyncio.run(() -> sleep(0.5));
            });
    assertThat(log).containsExactly("virtual: true");
    assertThat(seconds).isEqualTo(600.5);
    assertThat(System.nanoTime() - t0)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
    try (EventLoop outside = new EventLoop()) {
      assertThat(outside.isVirtualTime()).as("outside the scope: real time").isFalse();
    }
  }

  @Test
  void aJobBlockedOnAFutureOfTheLoopLetsTheClockMoveSoThatTheFutureCanComplete() {
    List<String> log = new ArrayList<>();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> sleeper =
              createTask(
                  () -> {
                    sleep(1);
                    return "woke";
                  });
          String got = Asyncio.toThread(() -> sleeper.get() + " (job saw it)");
          log.add(got + " at " + loop.time());
          String late =
              Asyncio.toThread(
                  () -> {
                    Thread.sleep(20); // real work after the wait holds the clock again
                    return "late";
                  });
          log.add(late + " at " + loop.time());
        });
    assertThat(log).containsExactly("woke (job saw it) at 1.0", "late at 1.0");
  }

  @Test
  void getWithATimeoutOfZeroOrLessNeverWaits() {
    List<String> log = new ArrayList<>();
    runVirtualTime(
        () -> {
          Future<String> never = getRunningLoop().createFuture();
          for (long t : new long[] {0, -1}) {
            try {
              never.get(t, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
              log.add("in task, " + t + ": timeout");
            }
          }
          log.add(
              Asyncio.toThread(
                  () -> {
                    try {
                      never.get(-5, java.util.concurrent.TimeUnit.SECONDS);
                      return "no timeout?";
                    } catch (java.util.concurrent.TimeoutException e) {
                      return "other thread, -5: timeout";
                    }
                  }));
          never.cancel();
        });
    assertThat(log)
        .containsExactly(
            "in task, 0: timeout", "in task, -1: timeout", "other thread, -5: timeout");
  }

  @Test
  void anInfiniteSleepNeverFiresAndAHugeFiniteOneLeavesAClockThatStillMoves() {
    List<String> log = new ArrayList<>();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Void> forever =
              createTask(
                  () -> {
                    try {
                      sleep(Double.POSITIVE_INFINITY);
                      log.add("the infinite sleep returned");
                    } catch (CancelledError e) {
                      log.add("infinite sleep cancelled at " + loop.time());
                      throw e;
                    }
                  });
          TimerHandle never = loop.callLater(Double.POSITIVE_INFINITY, () -> log.add("fired"));
          assertThat(never.when()).isEqualTo(Double.POSITIVE_INFINITY);
          sleep(1e300); // finite, huge: cut to about 146 years, and the clock jumps there
          double far = loop.time();
          assertThat(far).isGreaterThan(100 * 365 * 86400.0);
          sleep(1);
          assertThat(loop.time() - far)
              .as("the clock still moves by the delay")
              .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
          sleep(1e300); // a second huge sleep saturates below the infinite deadline
          assertThat(loop.time()).isGreaterThan(far + 1);
          forever.cancel();
          gather(List.of(forever), true);
          never.cancel();
        });
    assertThat(log).hasSize(1);
    assertThat(log.getFirst()).startsWith("infinite sleep cancelled at ");
  }

  /** Waits for the latch as code that ignores interrupts does (toThread work cannot be stopped). */
  static void awaitIgnoringInterrupts(java.util.concurrent.CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
