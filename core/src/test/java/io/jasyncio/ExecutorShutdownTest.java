package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Waiting for the default executor's jobs is capped, as asyncio caps it (300 s): a job that never
 * ends cannot keep {@code Asyncio.run} from returning; the warning names it.
 */
class ExecutorShutdownTest {
  @Test
  void shutdownDefaultExecutorReturnsAfterItsTimeoutNamingTheJobStillRunning() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    EventLoop loop = new EventLoop();
    List<ExceptionContext> reported = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    try {
      Task<Object> waiting =
          loop.createTask(
              () ->
                  toThread(
                      () -> {
                        started.countDown();
                        VirtualTimeTest.awaitIgnoringInterrupts(never);
                        return "late";
                      }),
              "waiting");
      loop.runUntilComplete(loop.createTask(() -> sleep(0.01)));
      assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      waiting.cancel();
      loop.runUntilComplete(loop.createTask(() -> sleep(0)));
      assertThat(waiting.isCancelled()).isTrue();
      long t0 = System.nanoTime();
      loop.shutdownDefaultExecutor(0.2);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      assertThat(reported)
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.message())
                      .contains("did not finish within 0.2 s")
                      .contains("started by <Task")
                      .contains("name='waiting'"));
    } finally {
      never.countDown();
      loop.close();
    }
  }

  @Test
  void asyncioRunDoesNotWaitForeverForAToThreadJobThatNeverEnds() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    String old = System.setProperty("jasyncio.executorShutdownTimeout", "0.3");
    try {
      Thread runner =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      Asyncio.run(
                          () -> {
                            Task<Object> stuck =
                                createTask(
                                    () ->
                                        toThread(
                                            () -> {
                                              VirtualTimeTest.awaitIgnoringInterrupts(never);
                                              return null;
                                            }));
                            sleep(0.01);
                            stuck.cancel(); // interrupted, but this job ignores interrupts
                          });
                    } catch (Throwable t) {
                      outcome.set(t);
                    }
                  });
      runner.join(Duration.ofSeconds(20));
      assertThat(runner.isAlive()).as("Asyncio.run returned").isFalse();
      assertThat(outcome.get()).isNull();
    } finally {
      never.countDown();
      if (old == null) {
        System.clearProperty("jasyncio.executorShutdownTimeout");
      } else {
        System.setProperty("jasyncio.executorShutdownTimeout", old);
      }
    }
  }
}
