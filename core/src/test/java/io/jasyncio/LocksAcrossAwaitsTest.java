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
                    .startsWith("Task blocked has blocked its thread for 1 s on")
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
}
