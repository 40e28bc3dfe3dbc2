package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tasks never vanish, and failures are never lost: the two promises asyncio does not keep. On
 * virtual time; the million-task version is {@link ReachabilityStressTest}.
 */
class ReachabilityTest {
  static void forceGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  @Test
  void theLessonsForgottenTaskRunsEvenWhenNothingReferencesIt() {
    List<String> log = new ArrayList<>();
    WeakReference<?>[] ref = new WeakReference<?>[1];
    runVirtualTime(
        () -> {
          ref[0] =
              new WeakReference<>(
                  createTask(
                      () -> {
                        log.add("Running my task");
                        sleep(0.05);
                        log.add("Task complete");
                      }));
          sleep(0);
          forceGc();
          assertThat(ref[0].get()).as("a pending task stays reachable").isNotNull();
          sleep(0.1);
        });
    assertThat(log).containsExactly("Running my task", "Task complete");
  }

  @Test
  void anUnretrievedExceptionIsReportedOnceWithTheTaskNameEvenWithoutGc() {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    IllegalStateException boom = new IllegalStateException("boom");
    Task<Void> kept =
        loop.createTask(
            () -> {
              throw boom;
            },
            "failing");
    loop.runUntilComplete(loop.createTask(() -> sleep(0.01)));
    assertThat(reported).as("still referenced, not yet closed: not reported yet").isEmpty();
    loop.close();
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).message()).isEqualTo("Task exception was never retrieved");
    assertThat(reported.get(0).taskName()).isEqualTo("failing");
    assertThat(reported.get(0).exception()).isSameAs(boom);
    assertThat(reported.get(0).future()).isSameAs(kept);
  }

  @Test
  void anUnretrievedExceptionOfACollectedTaskIsReportedBeforeClose() {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    loop.createTask(
        () -> {
          throw new IllegalStateException("collected");
        },
        "forgotten");
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              for (int i = 0; i < 200 && reported.isEmpty(); i++) {
                forceGc();
                sleep(0.005);
              }
            }));
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).taskName()).isEqualTo("forgotten");
    assertThat(reported.get(0).future()).isNull();
    loop.close();
    assertThat(reported).as("exactly once").hasSize(1);
  }

  @Test
  void aRetrievedExceptionIsNeverReported() {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    Task<Void> a =
        loop.createTask(
            () -> {
              throw new IllegalStateException("a");
            });
    Task<Void> b =
        loop.createTask(
            () -> {
              throw new IllegalStateException("b");
            });
    loop.runUntilComplete(loop.createTask(() -> sleep(0.01)));
    assertThat(a.exception()).hasMessage("a");
    try {
      b.result();
    } catch (IllegalStateException expected) {
      // retrieved through result()
    }
    forceGc();
    loop.close();
    assertThat(reported).isEmpty();
  }

  @Test
  void runCancelsLeftoverTasksAndLetsThemFinishTheirCancellation() {
    List<String> log = new ArrayList<>();
    String result =
        runVirtualTime(
            () -> {
              createTask(
                  () -> {
                    try {
                      sleep(3600);
                    } catch (CancelledError e) {
                      log.add("leftover cancelled");
                      sleep(0.01); // cleanup may await
                      log.add("leftover cleaned up");
                      throw e;
                    }
                  });
              sleep(0);
              return "main result";
            });
    assertThat(result).isEqualTo("main result");
    assertThat(log).containsExactly("leftover cancelled", "leftover cleaned up");
  }

  @Test
  void exploringWithPctKeepsNoDoneTaskAlive() {
    List<WeakReference<Task<?>>> refs = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    try {
      loop.setSchedule(Schedule.pct(1));
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                for (int round = 0; round < 50; round++) {
                  Task<byte[]> a = createTask(() -> new byte[10_000]);
                  Task<byte[]> b = createTask(() -> new byte[10_000]);
                  gather(a, b);
                  refs.add(new WeakReference<>(a));
                  refs.add(new WeakReference<>(b));
                }
                forceGc();
                return null;
              }));
    } finally {
      loop.close();
    }
    forceGc();
    assertThat(refs.stream().filter(r -> r.get() != null).count())
        .as("done tasks still reachable after GC")
        .isZero();
  }

  @Test
  void closeUnwindsPendingTasksAsInARunningLoopSoTheirContextNeverLeaks() {
    ContextVar<String> var = new ContextVar<>("var", "<none>");
    List<String> log = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, c) -> {});
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              createTask(
                  () -> {
                    ContextVar.Token<String> token = var.set("set by the task");
                    try {
                      sleep(3600);
                    } finally {
                      log.add("finally: current task " + (Asyncio.currentTask() != null));
                      var.set("set in finally");
                      var.reset(token);
                      log.add("finally: reset ok, var=" + var.get());
                    }
                  });
              sleep(0);
            }));
    loop.close();
    log.add("closing thread sees " + var.get());
    assertThat(log)
        .containsExactly(
            "finally: current task true",
            "finally: reset ok, var=<none>",
            "closing thread sees <none>");
  }

  @Test
  void cancellingATaskThatAlreadyFailedSilencesItsReportAsInCPython() {
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    Task<Void> failed =
        loop.createTask(
            () -> {
              throw new IllegalStateException("boom");
            });
    Future<String> future = loop.createFuture();
    future.setException(new IllegalStateException("bang"));
    loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(0)));
    assertThat(failed.cancel()).as("already done").isFalse();
    assertThat(future.cancel()).isFalse();
    loop.close();
    assertThat(reported).isEmpty();
  }
}
