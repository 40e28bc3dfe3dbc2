package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sleeping task waits on its timer directly (no future in between); cancelling it must behave as
 * cancelling asyncio's sleep future does. Expected outcomes checked against CPython 3.13 (cases 1,
 * 2, 4) and read off its tasks.py (case 3: the future is already done, so _must_cancel).
 */
class SleepCancellationTest {
  private static Task<Void> sleeper(List<String> log, String tag, double seconds) {
    return createTask(
        () -> {
          try {
            sleep(seconds);
            log.add(tag + " woke");
          } catch (CancelledError e) {
            log.add(tag + " cancelled (" + e.getMessage() + ")");
          }
        },
        tag);
  }

  @Test
  void anUncancelBeforeTheStepDoesNotWithdrawACancellationTheSleepTook() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtualTime(
        () -> {
          Task<Void> a = sleeper(log, "a", 5);
          sleep(0);
          assertThat(a.cancel("first")).isTrue();
          assertThat(a.uncancel()).isZero();
          a.await();
        });
    assertThat(log).containsExactly("a cancelled (first)");
  }

  @Test
  void twoCancelsOfASleepingTaskThrowTheFirstMessage() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtualTime(
        () -> {
          Task<Void> b = sleeper(log, "b", 5);
          sleep(0);
          log.add("cancel one " + b.cancel("one") + ", cancel two " + b.cancel("two"));
          log.add("cancelling " + b.cancelling());
          b.await();
        });
    assertThat(log)
        .containsExactly("cancel one true, cancel two true", "cancelling 2", "b cancelled (one)");
  }

  @Test
  void aCancelAfterTheTimerFiredButBeforeTheTaskSteppedIsThrownAtTheSleep() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtualTime(
        () -> {
          Task<Void> e = sleeper(log, "e", 1);
          sleep(0); // e armed its timer first
          getRunningLoop() // due at the same time, armed after: runs in the same batch, after it
              .callLater(
                  1,
                  () -> {
                    log.add("callback cancels e: " + e.cancel("late"));
                  });
          e.await();
        });
    assertThat(log).containsExactly("callback cancels e: true", "e cancelled (late)");
  }

  @Test
  void aTaskCancelledBeforeItsFirstStepNeverSleepsAndOneCancelledInItsStepSleepsNoTime() {
    List<String> log = new ArrayList<>();
    double[] woke = new double[1];
    Asyncio.runVirtualTime(
        () -> {
          Task<Void> d = sleeper(log, "d", 5);
          d.cancel("early");
          Task<Void> self =
              createTask(
                  () -> {
                    java.util.Objects.requireNonNull(Asyncio.currentTask())
                        .cancel("own"); // mustCancel, then the sleep takes it
                    try {
                      sleep(5);
                    } catch (CancelledError c) {
                      woke[0] = getRunningLoop().time();
                      log.add("self cancelled (" + c.getMessage() + ")");
                    }
                  },
                  "self");
          sleep(0);
          sleep(0);
          assertThat(d.isCancelled()).isTrue();
          self.await();
        });
    assertThat(log).containsExactly("self cancelled (own)");
    assertThat(woke[0]).isZero();
  }

  @Test
  void anUncancelledSleepWakesAtItsDeadlineAndItsTimerIsGone() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtualTime(
        () -> {
          Task<Void> f = sleeper(log, "f", 2);
          sleep(0);
          assertThat(getRunningLoop().timers.armed()).isEqualTo(1);
          f.await();
          log.add("at " + getRunningLoop().time());
          assertThat(getRunningLoop().timers.armed()).isZero();
        });
    assertThat(log).containsExactly("f woke", "at 2.0");
  }
}
