package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#close()} ends in bounded time whatever the pending tasks do, and whoever waits
 * for them from another thread hears of it. Each close runs on its own thread here, so that a
 * regression fails the test instead of hanging the build.
 */
class CloseTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  /** Runs {@code action} on a new platform thread; fails if it is still running after LIMIT. */
  private static Throwable within(Runnable action) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    action.run();
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    t.join(LIMIT);
    assertThat(t.isAlive()).as("it returned").isFalse();
    return thrown.get();
  }

  /** Starts a thread blocked in {@code f.get()}, and waits until it is blocked. */
  private static Thread blockedIn(
      java.util.concurrent.Future<?> f, AtomicReference<Throwable> outcome) {
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("getter")
            .start(
                () -> {
                  try {
                    f.get();
                    outcome.set(new AssertionError("get() returned"));
                  } catch (Throwable e) {
                    outcome.set(e);
                  }
                });
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    return t;
  }

  @Test
  void aThreadBlockedInGetOnAPendingTaskGetsCancellationExceptionWhenCloseCancelsIt()
      throws Exception {
    EventLoop loop = new EventLoop();
    loop.setExceptionHandler((l, ctx) -> {});
    Task<Void> pending = loop.createTask(() -> sleep(3600));
    loop.runUntilComplete(loop.createTask(() -> sleep(0))); // it starts and waits
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread getter = blockedIn(pending, outcome);
    assertThat(within(loop::close)).isNull();
    getter.join(LIMIT);
    assertThat(getter.isAlive()).as("get() returned").isFalse();
    assertThat(outcome.get())
        .isInstanceOf(CancellationException.class)
        .hasCauseInstanceOf(CancelledError.class);
    assertThat(pending.isCancelled()).isTrue();
  }

  @Test
  void aThreadBlockedInGetOnAFutureThatCanNeverCompleteHearsThatTheLoopClosed() throws Exception {
    EventLoop loop = new EventLoop();
    Future<String> never = loop.createFuture();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread getter = blockedIn(never, outcome);
    assertThat(within(loop::close)).isNull();
    getter.join(LIMIT);
    assertThat(getter.isAlive()).isFalse();
    assertThat(outcome.get())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("was not done when its event loop closed");
  }

  @Test
  void closeAbandonsAndReportsATaskThatSwallowsEveryCancellation() throws Exception {
    EventLoop loop = new EventLoop();
    List<ExceptionContext> reported = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    AtomicInteger swallowed = new AtomicInteger();
    Task<Void> stubborn =
        loop.createTask(
            () -> {
              while (true) {
                try {
                  sleep(1);
                } catch (Throwable t) {
                  swallowed.incrementAndGet();
                }
              }
            },
            "stubborn");
    loop.runUntilComplete(loop.createTask(() -> sleep(0)));
    assertThat(within(loop::close)).isNull();
    assertThat(swallowed.get()).isEqualTo(Task.UNWIND_ATTEMPTS);
    assertThat(loop.isClosed()).isTrue();
    assertThat(stubborn.isDone()).as("abandoned, still pending").isFalse();
    assertThat(reported)
        .extracting(ExceptionContext::message)
        .anySatisfy(m -> assertThat(m).startsWith("Task would not stop while the loop closed"));
    assertThat(reported)
        .filteredOn(c -> c.message().startsWith("Task would not stop"))
        .extracting(ExceptionContext::taskName)
        .containsExactly("stubborn");
  }

  @Test
  void aTaskCreatedInAFinallyBlockWhileTheLoopClosesIsDestroyedToo() throws Exception {
    EventLoop loop = new EventLoop();
    List<String> log = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> log.add(ctx.message() + " " + ctx.taskName()));
    loop.createTask(
        () -> {
          try {
            sleep(3600);
          } finally {
            createTask(() -> log.add("late ran"), "late");
          }
        },
        "first");
    loop.runUntilComplete(loop.createTask(() -> sleep(0)));
    assertThat(within(loop::close)).isNull();
    assertThat(log)
        .containsExactly(
            "Task was destroyed but it is pending! first",
            "Task was destroyed but it is pending! late");
    assertThat(loop.allTasks()).isEmpty();
  }
}
