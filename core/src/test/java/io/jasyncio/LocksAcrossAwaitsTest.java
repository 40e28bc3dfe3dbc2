package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A java.util.concurrent lock held across an await is a bug (the lock belongs to a thread, not a
 * task): the virtual-threads engine reports the deadlock it causes, and debug mode reports the lock
 * held at the await, on both engines.
 */
class LocksAcrossAwaitsTest {
  @Test
  void onVirtualThreadsATaskBlockedOnALockAnotherTaskHoldsAcrossAnAwaitIsReported() {
    Semaphore permit = new Semaphore(1);
    List<String> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.VIRTUAL_THREADS);
    loop.setExceptionHandler(
        (l, ctx) -> {
          reported.add(ctx.message());
          permit.release(); // break the deadlock the report is about
        });
    try {
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                Task<Void> holder =
                    createTask(
                        () -> {
                          permit.acquire();
                          sleep(0.05); // holds it across an await: the bug
                          permit.release();
                        },
                        "holder");
                Task<Void> blocked =
                    createTask(
                        () -> {
                          sleep(0.01);
                          permit.acquire(); // blocks this task's thread; the loop waits for it
                          permit.release();
                        },
                        "blocked");
                gather(holder, blocked);
              }));
    } finally {
      loop.close();
    }
    assertThat(reported)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("Task blocked has blocked its thread for at least 1 s on")
                    .contains("java.util.concurrent lock")
                    .contains("io.jasyncio.sync.Lock"));
  }

  /**
   * On the continuations engine, where mutual exclusion is silently lost (all tasks share the
   * loop's thread, so a ReentrantLock lets the next task in), debug mode reports the lock held at
   * the await. The JDK cannot read the locks a virtual thread holds, so on the virtual-threads
   * engine this check sees nothing; there the loop reports the deadlock itself (test above).
   */
  @Test
  void debugModeReportsAJavaUtilConcurrentLockHeldAtAnAwaitOnContinuations() {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setDebug(true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    ReentrantLock lock = new ReentrantLock();
    try {
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                lock.lock();
                try {
                  sleep(1);
                } finally {
                  lock.unlock();
                }
              },
              "locker"));
    } finally {
      loop.close();
    }
    List<ExceptionContext> aboutLocks =
        reported.stream().filter(c -> c.message().contains("java.util.concurrent lock")).toList();
    if (loop.engine() == Engine.VIRTUAL_THREADS) {
      assertThat(aboutLocks).isEmpty();
      return;
    }
    assertThat(aboutLocks)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskName()).isEqualTo("locker");
              assertThat(c.message()).contains("ReentrantLock").contains("io.jasyncio.sync.Lock");
            });
  }

  /**
   * Without debug mode, on the continuations engine, the loop looks at its idle points (scans
   * budgeted, here made to happen at each one): a lock its thread holds while no task runs was
   * taken by a suspended task across an await. Reported once per lock, naming the one suspended
   * task. The virtual-threads engine has no such check (each task has its own thread).
   */
  @Test
  void aLockHeldAcrossAnAwaitIsReportedAtTheNextIdlePointWithoutDebugMode() {
    ReentrantLock lock = new ReentrantLock();
    List<ExceptionContext> reported =
        runWatched(
            () -> {
              Task<Void> locker =
                  createTask(
                      () -> {
                        lock.lock();
                        try {
                          sleep(1);
                          sleep(1); // a second idle point with the lock held: still one report
                        } finally {
                          lock.unlock();
                        }
                        sleep(1); // idle again, released: nothing more
                      },
                      "locker");
              locker.await();
            },
            "main");
    if (Engine.defaultEngine() == Engine.VIRTUAL_THREADS) {
      assertThat(reported).isEmpty();
      return;
    }
    assertThat(reported)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskName()).isNull(); // two tasks suspended: it cannot tell which
              assertThat(c.message())
                  .startsWith(
                      "The loop's thread holds java.util.concurrent lock(s)"
                          + " [java.util.concurrent.locks.ReentrantLock$NonfairSync@")
                  .contains(
                      "while no task runs: one of the 2 suspended tasks (main, locker) took it")
                  .contains("mutual exclusion is lost")
                  .contains("use io.jasyncio.sync.Lock");
            });
  }

  @Test
  void aLockReleasedBeforeEachAwaitIsNotReported() {
    ReentrantLock lock = new ReentrantLock();
    List<ExceptionContext> reported =
        runWatched(
            () ->
                gather(
                    createTask(() -> locked(lock, 3), "a"), createTask(() -> locked(lock, 3), "b")),
            "main");
    assertThat(reported).isEmpty();
  }

  /**
   * A callback the exception handler queues when it hears of the lock runs before the loop waits or
   * moves its clock: at the loop time of the report, not at the next timer's.
   */
  @Test
  void whatTheHandlerQueuesAtTheReportRunsBeforeTheClockMoves() {
    ReentrantLock lock = new ReentrantLock();
    List<String> log = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler(
        (l, ctx) -> {
          log.add("report at " + l.time());
          l.callSoon(() -> log.add("queued callback at " + l.time()));
        });
    loop.poller.watchLocksAtEveryIdle();
    try {
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                lock.lock();
                try {
                  sleep(5);
                } finally {
                  lock.unlock();
                }
              }));
    } finally {
      loop.close();
    }
    if (Engine.defaultEngine() == Engine.VIRTUAL_THREADS) {
      assertThat(log).isEmpty();
      return;
    }
    assertThat(log).containsExactly("report at 0.0", "queued callback at 0.0");
  }

  /** A lock held around the whole run is reported too (once), naming the one suspended task. */
  @Test
  void aLockTheCallerOfRunHoldsIsReportedOnce() {
    ReentrantLock lock = new ReentrantLock();
    lock.lock();
    List<ExceptionContext> reported;
    try {
      reported = runWatched(() -> sleeps(3), "sleeper");
    } finally {
      lock.unlock();
    }
    if (Engine.defaultEngine() == Engine.VIRTUAL_THREADS) {
      assertThat(reported).isEmpty();
      return;
    }
    assertThat(reported)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskName()).isEqualTo("sleeper");
              assertThat(c.message())
                  .contains("task sleeper, the one suspended task, took it")
                  .contains("or the code that called run() holds it");
            });
  }

  /**
   * A loop run inside an executor's job: the pool's worker thread holds its own worker lock
   * throughout, which is no task's doing and is not reported; a task's lock still is.
   */
  @Test
  void aLoopRunByAThreadPoolWorkerIsNotReportedForTheWorkersOwnLock() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      List<ExceptionContext> clean = pool.submit(() -> runWatched(() -> sleeps(2), "s")).get();
      assertThat(clean).isEmpty();
      List<ExceptionContext> held =
          pool.submit(
                  () ->
                      runWatched(
                          () -> {
                            lock.lock();
                            try {
                              sleeps(2);
                            } finally {
                              lock.unlock();
                            }
                          },
                          "holder"))
              .get();
      if (Engine.defaultEngine() == Engine.VIRTUAL_THREADS) {
        assertThat(held).isEmpty();
      } else {
        assertThat(held)
            .singleElement()
            .satisfies(
                c ->
                    assertThat(c.message())
                        .contains("[java.util.concurrent.locks.ReentrantLock$NonfairSync@")
                        .doesNotContain("ThreadPoolExecutor$Worker"));
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void locked(ReentrantLock lock, int times) {
    int[] counter = {0};
    for (int i = 0; i < times; i++) {
      lock.lock();
      try {
        counter[0]++; // no await while it is held
      } finally {
        lock.unlock();
      }
      sleep(1);
    }
  }

  private static void sleeps(int times) {
    for (int i = 0; i < times; i++) {
      sleep(1);
    }
  }

  /** Runs {@code main} on a virtual-time loop whose lock check scans at every idle point. */
  private static List<ExceptionContext> runWatched(VoidCoroutine main, String name) {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    loop.poller.watchLocksAtEveryIdle();
    try {
      loop.runUntilComplete(loop.createTask(main, name));
    } finally {
      loop.close();
    }
    return reported;
  }
}
