package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.timeout;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The friction a Java developer meets first: Durations, timeout messages, checked exceptions. */
class EverydayJavaTest {
  @Test
  void waitForAndWaitTakeADuration() {
    List<String> log =
        runVirtualTime(
            () -> {
              String quick = waitFor(() -> "quick", Duration.ofSeconds(1));
              String late;
              try {
                waitFor(() -> sleep(10), Duration.ofMillis(1500));
                late = "not timed out";
              } catch (TimeoutException e) {
                late = e.getMessage();
              }
              Task<Void> slow = createTask(() -> sleep(5));
              DoneAndPending<Task<Void>> r =
                  Asyncio.wait(List.of(slow), Duration.ofSeconds(2), ReturnWhen.ALL_COMPLETED);
              slow.cancel();
              return List.of(quick, late, "pending " + r.pending().size());
            });
    assertThat(log)
        .containsExactly(
            "quick",
            "timed out after 1.5 s of virtual time (deadline: loop time 1.500)",
            "pending 1");
  }

  @Test
  void aTimeoutSaysHowLongItWaitedOnWhichClock() {
    String real =
        run(
            () -> {
              try {
                timeout(Duration.ofMillis(20)).run(() -> sleep(10));
                return "not timed out";
              } catch (TimeoutException e) {
                return e.getMessage();
              }
            });
    // the wait from entering the block to the deadline (20 ms after timeout() was called)
    assertThat(real)
        .matches("timed out after 0\\.0[12]\\d* s \\(deadline: loop time \\d+\\.\\d{3}\\)");
    String zero =
        runVirtualTime(
            () -> {
              try {
                waitFor(() -> sleep(1), 0);
                return "not timed out";
              } catch (TimeoutException e) {
                return e.getMessage();
              }
            });
    assertThat(zero).isEqualTo("waitFor: timed out after 0 s of virtual time");
  }

  /**
   * The documented idiom for a checked exception escaping {@code run}: catch {@code Exception} and
   * rethrow the rest. It compiles in a method that declares nothing, because {@code run} declares
   * nothing and Java's precise rethrow knows the rest can only be unchecked.
   */
  @Test
  void aTimeoutEscapingRunIsCaughtWithThePreciseRethrowIdiom() {
    String outcome;
    try {
      run(() -> waitFor(() -> sleep(10), 0.01));
      outcome = "no timeout";
    } catch (Exception e) {
      if (!(e instanceof TimeoutException te)) {
        throw e;
      }
      outcome = "caught: " + te.getMessage();
    }
    assertThat(outcome).startsWith("caught: timed out after 0.01 s");
  }

  @Test
  void theNewEntryPointsRefuseBadInputClearly() {
    EventLoop idle = new EventLoop();
    try {
      CompletableFuture<String> done = CompletableFuture.completedFuture("x");
      assertThatThrownBy(() -> Asyncio.runCoroutineThreadsafe((Coroutine<String>) null, idle))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("coro");
      assertThatThrownBy(() -> Asyncio.runCoroutineThreadsafe(() -> "x", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("loop");
      assertThatThrownBy(() -> Asyncio.wrapFuture(done))
          .as("no running loop")
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> Asyncio.await(done))
          .as("outside a task")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("await(CompletionStage)");
      assertThatThrownBy(() -> idle.snapshot(null)).isInstanceOf(NullPointerException.class);
    } finally {
      idle.close();
    }
    List<String> inTask =
        run(
            () -> {
              List<String> seen = new java.util.ArrayList<>();
              for (Runnable r :
                  List.<Runnable>of(
                      () -> Asyncio.wrapFuture(null),
                      () -> Asyncio.await((java.util.concurrent.CompletionStage<String>) null),
                      () -> {
                        try {
                          waitFor(() -> "x", (Duration) null);
                        } catch (TimeoutException e) {
                          throw new AssertionError(e);
                        }
                      },
                      () ->
                          Asyncio.wait(
                              List.of(createTask(() -> 1)), null, ReturnWhen.ALL_COMPLETED))) {
                try {
                  r.run();
                  seen.add("accepted");
                } catch (NullPointerException e) {
                  seen.add(e.getMessage());
                }
              }
              return seen;
            });
    assertThat(inTask).containsExactly("stage", "stage", "timeout", "timeout");
  }
}
