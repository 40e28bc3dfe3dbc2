package io.jasyncio;

import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A flood of {@code callSoonThreadsafe} from many threads cannot starve the loop's tasks and
 * timers, and cannot grow the entry queue without bound: producers wait for room.
 */
class ThreadsafeFloodTest {
  private static final int PRODUCERS = 8;

  @Test
  void tasksAndTimersKeepRunningUnderAFloodAndThePendingCallbacksStayBounded() throws Exception {
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong handedOver = new AtomicLong();
    AtomicInteger maxPending = new AtomicInteger();
    AtomicInteger steps = new AtomicInteger();
    List<Thread> producers = new ArrayList<>();
    Thread loopThread =
        Thread.ofPlatform()
            .daemon()
            .start(
                () ->
                    Asyncio.run(
                        () -> {
                          EventLoop loop = getRunningLoop();
                          Runnable noop = () -> {};
                          for (int p = 0; p < PRODUCERS; p++) {
                            producers.add(
                                Thread.ofPlatform()
                                    .daemon()
                                    .start(
                                        () -> {
                                          while (flooding.get()) {
                                            loop.callSoonThreadsafe(noop);
                                            handedOver.incrementAndGet();
                                          }
                                        }));
                          }
                          try {
                            for (int i = 0; i < 20; i++) {
                              sleep(0.005); // a timer per step, under the flood
                              steps.incrementAndGet();
                              maxPending.accumulateAndGet(loop.threadsafe.pending(), Math::max);
                            }
                          } finally {
                            flooding.set(false);
                          }
                        }));
    loopThread.join(Duration.ofSeconds(60));
    flooding.set(false);
    assertThat(loopThread.isAlive()).as("the main task finished under the flood").isFalse();
    for (Thread p : producers) {
      p.join(Duration.ofSeconds(10));
    }
    assertThat(steps.get()).isEqualTo(20);
    assertThat(handedOver.get()).as("the flood really happened").isGreaterThan(20_000);
    assertThat(maxPending.get())
        .as("bounded: the capacity, plus at most one per producer racing past the check")
        .isLessThanOrEqualTo(ThreadsafeQueue.CAPACITY + PRODUCERS);
  }
}
