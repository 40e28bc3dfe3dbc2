package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Debug mode: slow steps, where failed and pending tasks were created, monitors across awaits. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DebugModeTest {
  /** A virtual-time loop in debug mode whose reports are collected. */
  private static EventLoop debugLoop(List<ExceptionContext> reports) {
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setDebug(true);
    loop.setExceptionHandler((l, c) -> reports.add(c));
    return loop;
  }

  private static List<String> messages(List<ExceptionContext> reports, String prefix) {
    return reports.stream()
        .map(ExceptionContext::message)
        .filter(m -> m.startsWith(prefix))
        .toList();
  }

  static void worker() {
    sleep(0);
  }

  @Test
  void aStepOverTheThresholdIsReportedWithTheTaskAndWhereTheStepEnded() {
    List<ExceptionContext> reports = new ArrayList<>();
    try (EventLoop loop = debugLoop(reports)) {
      loop.setSlowCallbackDuration(0); // every step counts as slow: no real time needed
      loop.runUntilComplete(loop.createTask(DebugModeTest::worker, "worker"));
    }
    List<ExceptionContext> slow =
        reports.stream()
            .filter(c -> c.message().startsWith("Executing <step of <Task"))
            .filter(c -> "worker".equals(c.taskName()))
            .toList();
    assertThat(slow).hasSize(2); // the step up to sleep(0), and the last one
    assertThat(slow.get(0).message())
        .matches("(?s)Executing <step of <Task .*name='worker'>> took \\d+\\.\\d{3} seconds.*")
        .contains("the step ended at:")
        .contains("DebugModeTest.worker(DebugModeTest.java");
    assertThat(slow.get(0).sourceTraceback().get(0).getMethodName())
        .startsWith("aStepOverTheThreshold");
  }

  @Test
  void stepsUnderTheThresholdAreNotReported() {
    List<ExceptionContext> reports = new ArrayList<>();
    try (EventLoop loop = debugLoop(reports)) {
      loop.setSlowCallbackDuration(60);
      assertThat(loop.getSlowCallbackDuration()).isEqualTo(60.0);
      loop.runUntilComplete(loop.createTask(DebugModeTest::worker, "worker"));
    }
    assertThat(messages(reports, "Executing")).isEmpty();
  }

  @Test
  void aNeverRetrievedExceptionAndAPendingTaskSayWhereTheyWereCreated() {
    List<ExceptionContext> reports = new ArrayList<>();
    EventLoop loop = debugLoop(reports);
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              createTask(
                  () -> {
                    throw new IllegalStateException("boom");
                  },
                  "failing");
              createTask(() -> sleep(Double.POSITIVE_INFINITY), "stuck");
              sleep(0);
              sleep(0);
            }));
    loop.close();
    ExceptionContext failed =
        reports.stream()
            .filter(c -> c.message().equals("Task exception was never retrieved"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.taskName()).isEqualTo("failing");
    assertThat(failed.sourceTraceback().get(0).getMethodName()).startsWith("lambda$");
    assertThat(failed.sourceTraceback().get(0).getClassName()).isEqualTo(getClass().getName());
    assertThat(failed.describe()).contains("created at:");
    ExceptionContext pending =
        reports.stream()
            .filter(c -> c.message().equals("Task was destroyed but it is pending!"))
            .findFirst()
            .orElseThrow();
    assertThat(pending.taskName()).isEqualTo("stuck");
    assertThat(pending.sourceTraceback()).isNotEmpty();
  }

  @Test
  void withoutDebugModeNothingExtraIsRecordedOrReported() {
    List<ExceptionContext> reports = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, c) -> reports.add(c));
    Object lock = new Object();
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              synchronized (lock) {
                sleep(0);
              }
              createTask(
                  () -> {
                    throw new IllegalStateException("boom");
                  });
              sleep(0);
            }));
    loop.close();
    assertThat(reports)
        .extracting(ExceptionContext::message)
        .containsExactly("Task exception was never retrieved");
    assertThat(reports.get(0).sourceTraceback()).isEmpty();
  }

  @Test
  void aTaskAwaitingWithAMonitorHeldIsReportedOnceWithTheFrameThatLockedIt() {
    List<ExceptionContext> reports = new ArrayList<>();
    Object lock = new Object();
    try (EventLoop loop = debugLoop(reports)) {
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                synchronized (lock) {
                  sleep(0);
                  sleep(0);
                }
                sleep(0); // no monitor here
              },
              "holder"));
    }
    List<String> held = messages(reports, "Task holder awaits while holding a Java monitor");
    assertThat(held).hasSize(1);
    assertThat(held.get(0))
        .contains("locked java.lang.Object@" + Integer.toHexString(System.identityHashCode(lock)))
        .contains("DebugModeTest.lambda$");
  }

  @Test
  void debugModeIsOnWithRunDebugAndWithTheSystemProperty() {
    assertThat(Asyncio.run(() -> getRunningLoop().isDebug(), true)).isTrue();
    assertThat(Asyncio.run(() -> getRunningLoop().isDebug(), false)).isFalse();
    String before = System.getProperty("jasyncio.debug");
    System.setProperty("jasyncio.debug", "true");
    try (EventLoop loop = new EventLoop()) {
      assertThat(loop.isDebug()).isTrue();
      loop.setDebug(false);
      assertThat(loop.isDebug()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty("jasyncio.debug");
      } else {
        System.setProperty("jasyncio.debug", before);
      }
    }
  }
}
