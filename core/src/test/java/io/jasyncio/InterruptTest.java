package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What an interrupt means: interrupting the thread that runs a loop asks it to stop (the future
 * runUntilComplete runs for is cancelled, as a first Ctrl-C cancels asyncio.run's main task), and
 * the flag comes back to that thread when the run returns; the loop never spins on it.
 */
class InterruptTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  /** Waits until {@code t} waits (the loop parked, or the caller joined its loop). */
  private static void awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
  }

  @Test
  void interruptingTheThreadOfAsyncioRunCancelsTheMainTaskAndTheFlagComesBack() throws Exception {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    AtomicBoolean cleanedUp = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread runner =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    Asyncio.run(
                        () -> {
                          Future<Void> never = getRunningLoop().createFuture();
                          waiting.countDown();
                          try {
                            never.await();
                          } finally {
                            cleanedUp.set(true);
                          }
                        });
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                  flagAfter.set(Thread.interrupted());
                });
    waiting.await();
    awaitWaiting(runner);
    runner.interrupt();
    runner.join(LIMIT);
    assertThat(runner.isAlive()).isFalse();
    assertThat(outcome.get())
        .isInstanceOf(CancelledError.class)
        .hasMessageContaining("interrupted");
    assertThat(cleanedUp).isTrue();
    assertThat(flagAfter).as("the interrupt is not swallowed").isTrue();
  }

  /**
   * A bare runForever has no future to cancel: the interrupt is taken, the loop goes on idle
   * without spinning, and stop() ends it with the flag set again.
   */
  @Test
  void anIdleLoopTakesAnInterruptWithoutSpinning() throws Exception {
    EventLoop loop = new EventLoop();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread runner =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  loop.runForever();
                  flagAfter.set(Thread.interrupted());
                });
    awaitWaiting(runner);
    runner.interrupt();
    Thread.sleep(100);
    long polls0 = loop.poller.polls.get();
    Thread.sleep(500); // a spinning loop would wait and wake thousands of times
    long polls = loop.poller.polls.get() - polls0;
    assertThat(runner.isAlive()).isTrue();
    loop.callSoonThreadsafe(loop::stop);
    runner.join(LIMIT);
    assertThat(runner.isAlive()).isFalse();
    assertThat(flagAfter).isTrue();
    loop.close();
    assertThat(polls).as("times the idle loop woke after the interrupt").isLessThan(10);
  }

  /**
   * A task body that interrupts its own thread: on the virtual-threads engine that is the task's
   * own virtual thread, so the task sees it after its await point and the loop goes on; on the
   * continuations engine every task runs on the loop's thread, so it is an interrupt of the loop,
   * which stops the run (a documented difference). Each engine's suite checks its own rule.
   */
  @Test
  void aTaskInterruptingItsOwnThreadFollowsTheEnginesRule() {
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    try {
      Task<Boolean> main =
          loop.createTask(
              () -> {
                Task<Boolean> t =
                    createTask(
                        () -> {
                          Thread.currentThread().interrupt();
                          sleep(1);
                          return Thread.interrupted();
                        });
                sleep(2);
                assertThat(Thread.currentThread().isInterrupted())
                    .as("another task does not see it")
                    .isFalse();
                return t.await();
              });
      if (loop.engine() == Engine.VIRTUAL_THREADS) {
        assertThat(loop.runUntilComplete(main)).as("the task kept its interrupt").isTrue();
        assertThat(Thread.interrupted()).as("the loop's caller was not interrupted").isFalse();
      } else {
        Throwable thrown = null;
        try {
          loop.runUntilComplete(main);
        } catch (CancelledError e) {
          thrown = e;
        }
        assertThat(thrown).as("the run was stopped").isNotNull();
        assertThat(Thread.interrupted()).as("the flag came back to this thread").isTrue();
      }
    } finally {
      loop.close();
    }
  }
}
