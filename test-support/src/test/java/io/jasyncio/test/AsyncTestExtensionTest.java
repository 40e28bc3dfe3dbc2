package io.jasyncio.test;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

class AsyncTestExtensionTest {

  /** Run through the TestKit only (nested classes are not picked up by Surefire). */
  static class Samples {
    @AsyncTest
    void sleepsAnHourOnVirtualTime(EventLoop loop) {
      long t0 = System.nanoTime();
      sleep(3600);
      assertThat(loop.time()).isEqualTo(3600.0);
      assertThat(loop.isVirtualTime()).isTrue();
      assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @AsyncTest(realTime = true)
    void realTimeWhenAskedFor(EventLoop loop) {
      assertThat(loop.isVirtualTime()).isFalse();
      sleep(0.01);
    }

    @AsyncTest
    void awaitsTasks() {
      Task<Integer> t =
          createTask(
              () -> {
                sleep(5);
                return 42;
              });
      assertThat(t.await()).isEqualTo(42);
    }

    @AsyncTest
    void leavesATaskPending() {
      createTask(() -> sleep(10), "forgotten-sleeper");
    }

    @AsyncTest
    void leavesAnUnretrievedFailure() {
      createTask(
          () -> {
            throw new IllegalStateException("boom");
          },
          "failing-task");
      sleep(1);
    }

    @AsyncTest
    void failsByAssertion() {
      sleep(1);
      assertThat(1).isEqualTo(2);
    }
  }

  private static Events run() {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Samples.class))
        .execute()
        .testEvents();
  }

  private static String failureOf(Events events, String method) {
    List<Event> failed =
        events
            .failed()
            .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(method))
            .toList();
    assertThat(failed).as(method + " failed").hasSize(1);
    return failed
        .get(0)
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  @Test
  void passingTestsPassAndEachProblemFailsItsTestWithANamedMessage() {
    Events events = run();
    assertThat(events.succeeded().list())
        .extracting(e -> e.getTestDescriptor().getDisplayName())
        .containsExactlyInAnyOrder(
            "sleepsAnHourOnVirtualTime(EventLoop)",
            "realTimeWhenAskedFor(EventLoop)",
            "awaitsTasks()");
    assertThat(failureOf(events, "leavesATaskPending"))
        .contains("left 1 task(s) pending")
        .contains("forgotten-sleeper");
    assertThat(failureOf(events, "leavesAnUnretrievedFailure"))
        .contains("nobody retrieved")
        .contains("failing-task")
        .contains("boom");
    assertThat(failureOf(events, "failsByAssertion")).contains("expected").contains("2");
  }
}
