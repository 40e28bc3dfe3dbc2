package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The virtual-threads engine's body watch (ADR 0017): one platform thread, {@code
 * jasyncio-body-watch}, that looks once a second for a loop waiting on a body blocked on a lock. It
 * must run while a loop of that engine waits for a body, and must not outlive the last such loop (a
 * thread left behind would tick forever in every program that once used the engine).
 */
class BodyWatchTest {
  private static final String NAME = "jasyncio-body-watch";

  private static boolean watchAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(NAME) && t.isAlive());
  }

  /**
   * Runs a loop of the virtual-threads engine whose one body takes longer than the hand-off's spin
   * (so the loop thread parks, which starts the watch), and returns whether the watch was alive
   * while the body ran.
   */
  private static boolean watchAliveWhileALoopWaits() throws Exception {
    boolean[] alive = new boolean[1];
    try (EventLoop loop = new EventLoop(Engine.VIRTUAL_THREADS)) {
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                Thread.sleep(50);
                alive[0] = watchAlive();
                return null;
              }));
    }
    return alive[0];
  }

  @Test
  void theWatchRunsWhileALoopWaitsForABodyAndStopsAfterTheLastLoop() throws Exception {
    assertThat(watchAliveWhileALoopWaits())
        .as("the watch runs while the loop waits for the body")
        .isTrue();

    List<EventLoop> others = RunningLoops.all();
    assertThat(others)
        .as("no other loop runs in this JVM now (the tests run one at a time)")
        .isEmpty();
    long deadline = System.nanoTime() + 10_000_000_000L; // it ticks once a second
    while (watchAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(watchAlive()).as("the watch stops once no loop of the engine runs").isFalse();

    assertThat(watchAliveWhileALoopWaits()).as("a later loop starts it again").isTrue();
  }
}
