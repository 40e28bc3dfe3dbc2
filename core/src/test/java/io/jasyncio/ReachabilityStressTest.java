package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.Stress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tasks never vanish, at scale and on the real clock: a million forgotten tasks through GCs. */
@Tag("stress")
class ReachabilityStressTest {
  /** Forgotten tasks per run: a million, times -Djasyncio.stress. */
  private static final int FORGOTTEN = Stress.scaled(1_000_000);

  @Test
  void aMillionForgottenTasksAllFinishThroughForcedGcs() {
    AtomicInteger finished = new AtomicInteger();
    run(
        () -> {
          for (int i = 0; i < FORGOTTEN; i++) {
            createTask(
                () -> {
                  sleep(0); // suspended here while main forces collections
                  sleep(0.001);
                  finished.incrementAndGet();
                });
          }
          sleep(0); // every task starts and suspends
          ReachabilityTest.forceGc();
          sleep(0);
          ReachabilityTest.forceGc();
          while (finished.get() < FORGOTTEN) {
            sleep(0.01);
          }
        });
    assertThat(finished.get()).isEqualTo(FORGOTTEN);
  }
}
