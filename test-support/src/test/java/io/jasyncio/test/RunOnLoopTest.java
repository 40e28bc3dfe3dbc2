package io.jasyncio.test;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link RunOnLoop} beside {@code @ParameterizedTest} and {@code @RepeatedTest}, on a class, and
 * the lifecycle methods of async tests.
 */
class RunOnLoopTest {
  static final List<String> events = Collections.synchronizedList(new ArrayList<>());
  static final List<EventLoop> loops = Collections.synchronizedList(new ArrayList<>());

  static class Parameterized {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    @RunOnLoop
    void sleepsItsArgument(int seconds, EventLoop loop) {
      assertThat(getRunningLoop()).isSameAs(loop);
      assertThat(loop.time()).isEqualTo(0.0);
      sleep(seconds);
      events.add(seconds + " at " + loop.time());
      loops.add(loop);
    }
  }

  /** A ticker started in @BeforeEach runs during the body and is stopped in @AfterEach. */
  static class Repeated {
    private @org.jspecify.annotations.Nullable EventLoop loop;
    private @org.jspecify.annotations.Nullable Task<Void> ticker;

    @BeforeEach
    void startTicker(EventLoop loop, RepetitionInfo rep) {
      assertThat(getRunningLoop()).isSameAs(loop); // a task on the test's loop
      if (!loops.isEmpty()) {
        EventLoop previous = loops.get(loops.size() - 1);
        events.add(
            "previous loop is another, closed: " + (previous != loop && previous.isClosed()));
      }
      loops.add(loop);
      this.loop = loop;
      sleep(1);
      ticker =
          createTask(
              () -> {
                while (true) {
                  sleep(1);
                  events.add("tick at " + loop.time());
                }
              },
              "ticker");
      events.add("before " + rep.getCurrentRepetition() + " at " + loop.time());
    }

    @RepeatedTest(2)
    @RunOnLoop
    void body(EventLoop loop, RepetitionInfo rep) {
      assertThat(loop).isSameAs(this.loop);
      sleep(2.5);
      events.add("body " + rep.getCurrentRepetition() + " at " + loop.time());
    }

    @AfterEach
    void stopTicker(RepetitionInfo rep) {
      Task<Void> t = java.util.Objects.requireNonNull(ticker);
      EventLoop l = java.util.Objects.requireNonNull(loop);
      events.add("ticker still running: " + !t.isDone());
      t.cancel();
      gather(List.of(t), true);
      events.add("after " + rep.getCurrentRepetition() + " at " + l.time());
    }
  }

  /** The pending tasks are checked after @AfterEach, which still sees them run. */
  static class LeftByBeforeEach {
    private @org.jspecify.annotations.Nullable Task<Void> server;

    @BeforeEach
    void startServer() {
      server = createTask(() -> sleep(3600), "server");
    }

    @AsyncTest
    void body() {
      sleep(1);
    }

    @AfterEach
    void look() {
      events.add(
          "server pending in @AfterEach: " + !java.util.Objects.requireNonNull(server).isDone());
    }
  }

  @RunOnLoop(timeout = 30)
  static class OnTheClass {
    @Test
    void aTest(EventLoop loop) {
      sleep(5);
      assertThat(loop.time()).isEqualTo(5.0);
    }

    @RepeatedTest(2)
    void aRepeatedTest(EventLoop loop) {
      loops.add(loop);
      sleep(1);
      assertThat(loop.time()).isEqualTo(1.0);
    }

    @Test
    @RunOnLoop(realTime = true)
    void theMethodsAnnotationWins(EventLoop loop) {
      assertThat(loop.isVirtualTime()).isFalse();
    }
  }

  private static Events run(Class<?> samples) {
    events.clear();
    loops.clear();
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(samples))
        .execute()
        .testEvents();
  }

  private static String failures(Events e) {
    return e.failed().stream()
        .map(
            f ->
                f.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::toString)
                    .orElse("?"))
        .toList()
        .toString();
  }

  @Test
  void eachParameterSetRunsOnAFreshLoopOfItsOwn() {
    Events e = run(Parameterized.class);
    assertThat(e.failed().count()).as(failures(e)).isZero();
    assertThat(e.succeeded().count()).isEqualTo(3);
    assertThat(events).containsExactly("1 at 1.0", "2 at 2.0", "3 at 3.0");
    assertThat(loops).doesNotHaveDuplicates().allMatch(EventLoop::isClosed);
  }

  @Test
  void lifecycleMethodsRunAsTasksOnTheLoopOfTheirRepetition() {
    Events e = run(Repeated.class);
    assertThat(e.failed().count()).as(failures(e)).isZero();
    assertThat(e.succeeded().count()).isEqualTo(2);
    assertThat(events)
        .containsExactly(
            "before 1 at 1.0",
            "tick at 2.0",
            "tick at 3.0",
            "body 1 at 3.5",
            "ticker still running: true",
            "after 1 at 3.5",
            "previous loop is another, closed: true",
            "before 2 at 1.0",
            "tick at 2.0",
            "tick at 3.0",
            "body 2 at 3.5",
            "ticker still running: true",
            "after 2 at 3.5");
    assertThat(loops).hasSize(2).doesNotHaveDuplicates().allMatch(EventLoop::isClosed);
  }

  @Test
  void tasksLeftPendingAreCheckedAfterTheAfterEachMethods() {
    Events e = run(LeftByBeforeEach.class);
    assertThat(events).containsExactly("server pending in @AfterEach: true");
    assertThat(failures(e))
        .isEqualTo(
            "[java.lang.AssertionError: the test left 1 task(s) pending: server (cancelled; await"
                + " or cancel them in the test)]");
  }

  @Test
  void onAClassItAppliesToEachTestMethod() {
    Events e = run(OnTheClass.class);
    assertThat(e.failed().count()).as(failures(e)).isZero();
    assertThat(e.succeeded().count()).isEqualTo(4);
    assertThat(loops).hasSize(2).doesNotHaveDuplicates();
  }
}
