package io.jasyncio.test;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

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
                + "    awaits: 'first' (through a GatheringFuture), 'second' (through a"
                + " GatheringFuture), in Waits.gather()\n")
        .contains(
            "- 'first'\n"
                + "    awaits: Event.await()\n"
                + "    awaited by: 'test twoTasksAwaitEachOther()' (through a GatheringFuture)\n"
                + "    at io.jasyncio.Future.await(")
        .contains(
            "- 'second'\n"
                + "    awaits: Event.await()\n"
                + "    awaited by: 'test twoTasksAwaitEachOther()' (through a GatheringFuture)\n"
                + "    at io.jasyncio.Future.await(")
        .contains("at io.jasyncio.sync.Event.await(Event.java:")
        .contains("at io.jasyncio.test.AsyncTestTimeoutTest.lambda$deadlock$0(")
        .contains("at io.jasyncio.test.AsyncTestTimeoutTest.lambda$deadlock$1(")
        .contains(
            "    at io.jasyncio.test.AsyncTestTimeoutTest$Deadlock.twoTasksAwaitEachOther("
                + "AsyncTestTimeoutTest.java:46)\n- 'first'") // the stack ends at the test method
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
                + " not reach an await point")
        .contains("at io.jasyncio.test.AsyncTestTimeoutTest$BusyTestTask.spinsUntilInterrupted(")
        .contains("Interrupting thread '")
        .endsWith("'.\nThe interrupt ended the run.")
        .doesNotContain("abandoned");
  }

  @Test
  void aLoopThreadThatCannotBeStoppedIsAbandonedAndTheTestFails() {
    BusyOtherTask.release = false;
    try {
      String msg = failure(run(BusyOtherTask.class)).getMessage();
      assertThat(msg)
          .startsWith(
              "@AsyncTest timed out after 1 s of real time; the loop did not run a callback"
                  + " within 1 s: a task other than the test's own is running and does not reach"
                  + " an await point")
          .contains("Interrupting thread 'jasyncio-test-loop'")
          .endsWith(
              "The test is abandoned: the loop thread 'jasyncio-test-loop' did not end when"
                  + " interrupted and when its loop was stopped: it is left running (a daemon"
                  + " thread, which does not keep the JVM from exiting), its loop is not closed,"
                  + " and the rest of the test (its @AfterEach methods, the check for pending"
                  + " tasks) is not run.");
      if (io.jasyncio.Engine.defaultEngine() == io.jasyncio.Engine.CONTINUATIONS) {
        // the task's body runs on the loop thread, whose stack shows it
        assertThat(msg).contains("at io.jasyncio.test.AsyncTestTimeoutTest$BusyOtherTask.lambda$");
      } else {
        assertThat(msg).contains("on the virtual-threads engine it runs on a virtual thread");
      }
    } finally {
      BusyOtherTask.release = true; // the abandoned thread ends
    }
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
