package io.jasyncio.test;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The real-time limit of {@link AsyncTest}, and what a timeout on virtual time says. */
class AsyncTestTimeoutTest {

  /** Two tasks, each awaiting the event the other would set after its own. */
  static void deadlock() {
    Event firstDone = new Event();
    Event secondDone = new Event();
    Task<Void> first =
        createTask(
            () -> {
              secondDone.await();
              firstDone.set();
            },
            "first");
    Task<Void> second =
        createTask(
            () -> {
              firstDone.await();
              secondDone.set();
            },
            "second");
    gather(first, second);
  }

  static class Deadlock {
    @AsyncTest(timeout = 1)
    void twoTasksAwaitEachOther() {
      deadlock();
    }
  }

  static class DeadlockWithTheDefaultLimit {
    @AsyncTest
    void twoTasksAwaitEachOther() {
      deadlock();
    }
  }

  static class BusyTestTask {
    @AsyncTest(timeout = 1)
    void spinsUntilInterrupted() {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
    }
  }

  static class BusyOtherTask {
    static volatile boolean release;

    @AsyncTest(timeout = 1)
    void aTaskSpinsAndIgnoresInterrupts() {
      createTask(
              () -> {
                while (!release) {
                  Thread.onSpinWait();
                }
              },
              "spinner")
          .await();
    }
  }

  static class BusyCallback {
    @AsyncTest(timeout = 1)
    void aCallbackSpinsUntilInterrupted() {
      Asyncio.getRunningLoop()
          .callSoon(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.onSpinWait();
                }
              });
      new Event().await();
    }
  }

  static class VirtualTimeout {
    @AsyncTest
    void waitsForAnEventNobodySets() throws TimeoutException {
      Event never = new Event();
      waitFor(
          createTask(
              () -> {
                never.await();
              }),
          2.0);
    }
  }

  static class ExploredDeadlock {
    @Explore(runs = 1, timeout = 1)
    void twoTasksAwaitEachOther() {
      deadlock();
    }
  }

  static class BadLimit {
    @AsyncTest(timeout = -2)
    void negative() {}
  }

  private static Events run(Class<?> samples, String... config) {
    EngineTestKit.Builder kit =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(samples));
    for (int i = 0; i < config.length; i += 2) {
      kit = kit.configurationParameter(config[i], config[i + 1]);
    }
    return kit.execute().testEvents();
  }

  /** The one failure of the events. */
  private static Throwable failure(Events events) {
    List<org.junit.platform.testkit.engine.Event> failed = events.failed().list();
    assertThat(failed).hasSize(1);
    return failed
        .get(0)
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .orElseThrow();
  }

  @Test
  void aDeadlockFailsAfterTheLimitNamingEachTaskWhatItAwaitsAndWhoAwaitsIt() {
    String msg = failure(run(Deadlock.class)).getMessage();
    assertThat(msg)
        .startsWith(
            "@AsyncTest timed out after 1 s of real time; pending tasks:\n"
                + "- 'test twoTasksAwaitEachOther()' (the test's own task)\n"
                + "    awaits: 'first', 'second', in Waits.gather()\n"
                + "    at io.jasyncio.Future.await(")
        .contains(
            "- 'first'\n"
                + "    awaits: Event.await()\n"
                + "    awaited by: 'test twoTasksAwaitEachOther()'\n"
                + "    at io.jasyncio.Future.await(")
        .contains(
            "- 'second'\n"
                + "    awaits: Event.await()\n"
                + "    awaited by: 'test twoTasksAwaitEachOther()'\n"
                + "    at io.jasyncio.Future.await(")
        .contains("at io.jasyncio.sync.Event.await(Event.java:")
        .contains("at io.jasyncio.test.AsyncTestTimeoutTest.lambda$deadlock$0(")
        .contains("at io.jasyncio.test.AsyncTestTimeoutTest.lambda$deadlock$1(")
        .contains(
            "    at io.jasyncio.test.AsyncTestTimeoutTest$Deadlock.twoTasksAwaitEachOther("
                + "AsyncTestTimeoutTest.java:47)\n- 'first'") // the stack ends at the test method
        .doesNotContain("abandoned");
  }

  @Test
  void anExploredRunHasTheLimitToo() {
    String msg = failure(run(ExploredDeadlock.class)).getMessage();
    assertThat(msg)
        .startsWith("failed under Schedule.random(1): replay it with @Explore(seed = 1")
        .contains(
            "java.lang.AssertionError: @Explore timed out after 1 s of real time; pending tasks:\n"
                + "- 'test Schedule.random(1)' (the test's own task)\n");
  }

  @Test
  void theDefaultLimitComesFromTheConfigurationParameter() {
    String msg =
        failure(run(DeadlockWithTheDefaultLimit.class, "jasyncio.test.timeout", "1s")).getMessage();
    assertThat(msg).startsWith("@AsyncTest timed out after 1 s of real time; pending tasks:\n");
    assertThat(failure(run(DeadlockWithTheDefaultLimit.class, "jasyncio.test.timeout", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "jasyncio.test.timeout = 'soon': give seconds (90, 1.5), a duration (500ms, 30s, 2m,"
                + " 1h, PT2M), or 0 or none for no limit");
  }

  @Test
  void aBadLimitInTheAnnotationIsAClearError() {
    assertThat(failure(run(BadLimit.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("@AsyncTest(timeout = -2.0): give seconds of real time");
  }

  @Test
  void theLimitAcceptsSecondsAndDurations() {
    assertThat(AsyncTestExtension.parseTimeout("90")).isEqualTo(90.0);
    assertThat(AsyncTestExtension.parseTimeout("1.5")).isEqualTo(1.5);
    assertThat(AsyncTestExtension.parseTimeout("500ms")).isEqualTo(0.5);
    assertThat(AsyncTestExtension.parseTimeout(" 30s ")).isEqualTo(30.0);
    assertThat(AsyncTestExtension.parseTimeout("2m")).isEqualTo(120.0);
    assertThat(AsyncTestExtension.parseTimeout("1h")).isEqualTo(3600.0);
    assertThat(AsyncTestExtension.parseTimeout("PT2M")).isEqualTo(120.0);
    assertThat(AsyncTestExtension.parseTimeout("0")).isEqualTo(0.0);
    assertThat(AsyncTestExtension.parseTimeout("none")).isEqualTo(0.0);
    assertThatThrownBy(() -> AsyncTestExtension.parseTimeout("-5"))
        .hasMessageStartingWith("jasyncio.test.timeout = '-5': give seconds");
  }

  @Test
  void aTestTaskThatNeverAwaitsIsNamedWithItsStackAndInterrupted() {
    String msg = failure(run(BusyTestTask.class)).getMessage();
    assertThat(msg)
        .startsWith(
            "@AsyncTest timed out after 1 s of real time; the loop did not run a callback within"
                + " 1 s: the test's own task 'test spinsUntilInterrupted()' is running and does"
                + " not reach an await point (a busy loop, or a blocking call such as Thread.sleep"
                + " or a java.util.concurrent lock). It is at:\n"
                + "    at io.jasyncio.test.AsyncTestTimeoutTest$BusyTestTask.spinsUntilInterrupted(")
        // the task's frames only: those of JUnit below the test method are left out
        .containsPattern(
            "spinsUntilInterrupted\\(AsyncTestTimeoutTest.java:6[12]\\)\nInterrupting thread '")
        .endsWith("'.\nThe interrupt ended the run.")
        .doesNotContain("abandoned");
  }

  @Test
  void aLoopThreadThatCannotBeStoppedIsAbandonedAndTheTestFails() {
    BusyOtherTask.release = false;
    try {
      String msg = failure(run(BusyOtherTask.class)).getMessage();
      // the task is named, with its frames, on both engines
      assertThat(msg)
          .startsWith(
              "@AsyncTest timed out after 1 s of real time; the loop did not run a callback"
                  + " within 1 s: task 'spinner' is running and does not reach an await point (a"
                  + " busy loop, or a blocking call such as Thread.sleep or a java.util.concurrent"
                  + " lock). It is at:\n"
                  + "    at io.jasyncio.test.AsyncTestTimeoutTest$BusyOtherTask"
                  + ".lambda$aTaskSpinsAndIgnoresInterrupts$0(AsyncTestTimeoutTest.java:")
          .contains("\nInterrupting thread 'jasyncio-test-loop'")
          .endsWith(
              "The test is abandoned: the loop thread 'jasyncio-test-loop' did not end when"
                  + " interrupted and when its loop was stopped: it is left running (a daemon"
                  + " thread, which does not keep the JVM from exiting), its loop is not closed,"
                  + " and the rest of the test (its @AfterEach methods, the check for pending"
                  + " tasks) is not run.");
      if (io.jasyncio.Engine.defaultEngine() == io.jasyncio.Engine.VIRTUAL_THREADS) {
        assertThat(msg)
            .contains(
                "Interrupting thread 'jasyncio-test-loop', the loop's: on the virtual-threads"
                    + " engine the task runs on a virtual thread of its own, which @AsyncTest"
                    + " cannot reach, so a blocking call there is not interrupted.\n");
      } else {
        assertThat(msg).contains("Interrupting thread 'jasyncio-test-loop'.\n");
      }
    } finally {
      BusyOtherTask.release = true; // the abandoned thread ends
    }
  }

  @Test
  void aCallbackThatNeverReturnsIsShownWithTheLoopThreadsStackAndInterrupted() {
    String msg = failure(run(BusyCallback.class)).getMessage();
    assertThat(msg)
        .startsWith(
            "@AsyncTest timed out after 1 s of real time; the loop did not run a callback within"
                + " 1 s: a callback (no task) is running, or the loop is flooded with callbacks.\n"
                + "Thread 'jasyncio-test-loop' is at:\n")
        .contains(
            "    at io.jasyncio.test.AsyncTestTimeoutTest$BusyCallback"
                + ".lambda$aCallbackSpinsUntilInterrupted$")
        .contains("\nInterrupting thread 'jasyncio-test-loop'.\n")
        // the interrupt of the loop thread cancels the test's task, which ends the run
        .endsWith("'.\nThe interrupt ended the run.")
        .doesNotContain("abandoned");
  }

  @Test
  void aTimeoutOnVirtualTimeSaysSoAndHowToUseTheRealClock() {
    Throwable f = failure(run(VirtualTimeout.class));
    assertThat(f).isInstanceOf(AssertionError.class).hasCauseInstanceOf(TimeoutException.class);
    assertThat(f.getMessage())
        .startsWith(
            "java.util.concurrent.TimeoutException: timed out after 2 s of virtual time (deadline: loop time 2.000)\n")
        .contains("This timeout fired after 2.0 s of virtual time")
        .contains("a socket, a subprocess")
        .endsWith("run it on the real clock: @AsyncTest(realTime = true).");
  }
}
