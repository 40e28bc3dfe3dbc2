package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.currentTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eager tasks chosen per task: {@code createTask(coro, name, eagerStart)} (asyncio 3.14's {@code
 * create_task(coro, eager_start=...)}), which CPython 3.13 cannot run, so the conformance suite
 * covers only the loop-wide form ({@code setEagerTasks}, the eager task factory). Each test asserts
 * the exact sequence of steps.
 */
class EagerTaskTest {
  private final List<String> log = new ArrayList<>();

  private String quick(String name) {
    log.add(name + " runs");
    return name;
  }

  private String once(String name) {
    log.add(name + " step 1");
    sleep(0);
    log.add(name + " step 2");
    return name;
  }

  @Test
  void theFirstStepRunsInsideCreateTaskALazyTaskWaitsForTheCreatorsAwait() {
    run(
        () -> {
          Task<String> lazy = createTask(() -> once("lazy"), "lazy", false);
          log.add("created lazy");
          Task<String> eager = createTask(() -> once("eager"), "eager", true);
          log.add("created eager");
          sleep(0);
          log.add("creator resumed");
          assertThat(List.of(lazy.await(), eager.await())).containsExactly("lazy", "eager");
        });
    assertThat(log)
        .containsExactly(
            "created lazy",
            "eager step 1",
            "created eager",
            "lazy step 1", // scheduled at creation, before the eager task's first await
            "eager step 2",
            "creator resumed",
            "lazy step 2");
  }

  @Test
  void aBodyThatNeverAwaitsIsDoneOnReturnAndNeverScheduled() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          loop.callSoon(() -> log.add("callback scheduled before"));
          Task<String> t = createTask(() -> quick("q"), "q", true);
          log.add("created; done=" + t.isDone() + " result=" + t.result());
          t.addDoneCallback(f -> log.add("done callback"));
          loop.callSoon(() -> log.add("callback scheduled after"));
          assertThat(loop.allTasks()).doesNotContain(t);
          assertThat(t.await()).isEqualTo("q"); // done: no suspension
          log.add("awaited");
          sleep(0);
          log.add("creator resumed");
        });
    assertThat(log)
        .containsExactly(
            "q runs",
            "created; done=true result=q",
            "awaited",
            "callback scheduled before",
            "done callback",
            "callback scheduled after",
            "creator resumed");
  }

  @Test
  void awaitingDoneFuturesDoesNotEndTheEagerStep() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Future<String> ready = loop.createFuture();
          ready.setResult("R");
          Task<String> done = createTask(() -> quick("d"), "d", true);
          Task<String> t =
              createTask(
                  () -> {
                    log.add("t got " + ready.await() + " and " + done.await());
                    return "T";
                  },
                  "t",
                  true);
          log.add("created; done=" + t.isDone());
        });
    assertThat(log).containsExactly("d runs", "t got R and d", "created; done=true");
  }

  @Test
  void eagerStartFalseIsLazyEvenOnAnEagerLoopAndTheLoopWideSettingIsTheDefault() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          assertThat(loop.isEagerTasks()).isFalse();
          loop.setEagerTasks(true);
          assertThat(loop.isEagerTasks()).isTrue();
          Task<String> lazy = createTask(() -> quick("lazy"), "lazy", false);
          Task<String> byDefault = createTask(() -> quick("default"));
          Task<String> named = createTask(() -> quick("named"), "named");
          Task<Void> voidTask =
              loop.createTask(
                  () -> {
                    log.add("void runs");
                  });
          log.add(
              "created; done: "
                  + lazy.isDone()
                  + " "
                  + byDefault.isDone()
                  + " "
                  + named.isDone()
                  + " "
                  + voidTask.isDone());
          loop.setEagerTasks(false);
          Task<String> lazyAgain = createTask(() -> quick("lazy again"));
          log.add("lazy again done=" + lazyAgain.isDone());
          lazy.await();
          lazyAgain.await();
        });
    assertThat(log)
        .containsExactly(
            "default runs",
            "named runs",
            "void runs",
            "created; done: false true true true",
            "lazy again done=false",
            "lazy runs",
            "lazy again runs");
  }

  @Test
  void onALoopThatIsNotRunningAnEagerTaskIsScheduledAsUsual() {
    try (EventLoop loop = new EventLoop()) {
      Task<String> t = loop.createTask(() -> quick("t"), "t", true);
      Task<Void> v =
          loop.createTask(
              () -> {
                log.add("v runs");
              },
              "v",
              true);
      log.add("created; done=" + t.isDone() + " " + v.isDone());
      assertThat(loop.runUntilComplete(t)).isEqualTo("t");
      loop.runUntilComplete(v);
    }
    assertThat(log).containsExactly("created; done=false false", "t runs", "v runs");
  }

  @Test
  void currentTaskIsTheNewTaskDuringTheStepAndTheCreatorAfterAlsoForACallback() {
    List<Object> seen = new ArrayList<>();
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<?> main = currentTask();
          Task<Void> t =
              createTask(
                  () -> {
                    seen.add(currentTask());
                    sleep(0);
                    seen.add(currentTask());
                  },
                  "t",
                  true);
          seen.add(currentTask() == main ? "main" : "not main");
          assertThat(seen.get(0)).isSameAs(t);
          assertThat(t.isRunning()).isFalse();
          assertThat(main.isRunning()).isTrue();
          Future<Task<Void>> fromCallback = loop.createFuture();
          loop.callSoon(
              () -> {
                seen.add("callback: " + currentTask());
                Task<Void> c =
                    loop.createTask(
                        () -> {
                          seen.add("in c: " + currentTask().getName());
                        },
                        "c",
                        true);
                seen.add("callback again: " + currentTask() + ", c done=" + c.isDone());
                fromCallback.setResult(c);
              });
          fromCallback.await().await();
          t.await();
          assertThat(seen.get(2)).isSameAs(t);
        });
    assertThat(seen.subList(3, seen.size()))
        .containsExactly("callback: null", "in c: c", "callback again: null, c done=true");
  }

  @Test
  void nestedEagerTasksRunDepthFirstAndRestoreEachCreator() {
    int depth = 200;
    class Nest {
      int nest(int level) {
        Task<?> me = currentTask();
        log.add("enter " + level);
        Task<Integer> child =
            level < depth ? createTask(() -> nest(level + 1), "n" + (level + 1), true) : null;
        if (currentTask() != me) {
          throw new AssertionError("level " + level + ": the creator is not current again");
        }
        log.add("leave " + level);
        sleep(0);
        return child == null ? level : child.await();
      }
    }
    Nest n = new Nest();
    int deepest = run(() -> createTask(() -> n.nest(1), "n1", true).await());
    assertThat(deepest).isEqualTo(depth);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= depth; i++) {
      expected.add("enter " + i);
    }
    for (int i = depth; i >= 1; i--) {
      expected.add("leave " + i);
    }
    assertThat(log).isEqualTo(expected);
  }

  @Test
  void aFirstStepThatThrowsLeavesTheTaskFailedAndCreateTaskReturnsNormally() {
    IOException io = new IOException("eager failure");
    run(
        () -> {
          Task<Void> t =
              createTask(
                  () -> {
                    log.add("throws");
                    throw io;
                  },
                  "t",
                  true);
          log.add("created; done=" + t.isDone() + " failed=" + (t.exception() == io));
          assertThatThrownBy(t::await).isSameAs(io);
          Task<Void> c =
              createTask(
                  () -> {
                    throw new CancelledError("by itself");
                  },
                  "c",
                  true);
          log.add("c cancelled=" + c.isCancelled());
          assertThatThrownBy(c::await).isInstanceOf(CancelledError.class).hasMessage("by itself");
        });
    assertThat(log).containsExactly("throws", "created; done=true failed=true", "c cancelled=true");
  }

  @Test
  void anEagerTaskSuspendedOnAFutureResumesWhenTheCreatorCompletesIt() {
    run(
        () -> {
          Future<String> f = getRunningLoop().createFuture();
          Task<String> t =
              createTask(
                  () -> {
                    log.add("t waits");
                    String v = f.await();
                    log.add("t got " + v);
                    return v + "!";
                  },
                  "t",
                  true);
          log.add("created; done=" + t.isDone());
          f.setResult("v");
          log.add("result set");
          log.add("creator got " + t.await());
        });
    assertThat(log)
        .containsExactly(
            "t waits", "created; done=false", "result set", "t got v", "creator got v!");
  }

  @Test
  void cancellationAroundTheEagerStep() {
    run(
        () -> {
          // cancel() right after the eager step, while the task sleeps
          Task<Void> sleeper =
              createTask(
                  () -> {
                    try {
                      sleep(10);
                    } catch (CancelledError e) {
                      log.add("sleeper cancelled: " + e.getMessage());
                      throw e;
                    }
                  },
                  "sleeper",
                  true);
          log.add("cancel -> " + sleeper.cancel("stop"));
          assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);

          // the eager step cancels itself: thrown at its first await
          Task<Void> self =
              createTask(
                  () -> {
                    log.add("self cancel -> " + currentTask().cancel("me"));
                    try {
                      sleep(0);
                      log.add("not reached");
                    } catch (CancelledError e) {
                      log.add("self cancelled: " + e.getMessage());
                      throw e;
                    }
                  },
                  "self",
                  true);
          log.add("self done=" + self.isDone() + " cancelling=" + self.cancelling());
          assertThatThrownBy(self::await).isInstanceOf(CancelledError.class);

          // a task done eagerly cannot be cancelled
          Task<String> q = createTask(() -> quick("q"), "q", true);
          log.add("cancel done -> " + q.cancel());
        });
    assertThat(log)
        .containsExactly(
            "cancel -> true",
            "sleeper cancelled: stop",
            "self cancel -> true",
            "self done=false cancelling=1",
            "self cancelled: me",
            "q runs",
            "cancel done -> false");
  }

  @Test
  void theCreatorKeepsTheLoopAfterAnEagerStepThatSuspended() {
    // On the virtual-threads engine the eager step runs on the new task's thread: the loop must
    // be handed back to the creator's thread, or its next loop call would be refused.
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<String> t = createTask(() -> once("t"), "t", true);
          Future<String> f = loop.createFuture();
          loop.callSoon(() -> f.setResult("from callback"));
          loop.callLater(0, () -> log.add("timer"));
          Task<String> u = createTask(() -> quick("u"), "u", true);
          log.add("creator: " + f.await() + ", " + t.await() + ", " + u.await());
        });
    assertThat(log)
        .containsExactly("t step 1", "u runs", "t step 2", "timer", "creator: from callback, t, u");
  }

  @Test
  void allTasksHoldsAnEagerTaskDuringItsStepAndOnlyWhilePending() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Boolean> q = createTask(() -> loop.allTasks().contains(currentTask()), "q", true);
          assertThat(q.result()).isTrue();
          assertThat(loop.allTasks()).doesNotContain(q);
          Task<String> s = createTask(() -> once("s"), "s", true);
          assertThat(loop.allTasks()).contains(s);
          s.await();
        });
  }

  @Test
  void eagerTasksOnVirtualTime() {
    double elapsed =
        runVirtualTime(
            () -> {
              EventLoop loop = getRunningLoop();
              double t0 = loop.time();
              Task<Double> t =
                  createTask(
                      () -> {
                        log.add("eager at " + (loop.time() - t0));
                        sleep(5);
                        return loop.time() - t0;
                      },
                      "t",
                      true);
              log.add("created");
              return t.await();
            });
    assertThat(elapsed).isEqualTo(5.0);
    assertThat(log).containsExactly("eager at 0.0", "created");
  }

  @Test
  void anEagerTaskInATaskGroupThatFailsAbortsTheGroupAtOnce() {
    run(
        () -> {
          getRunningLoop().setEagerTasks(true);
          Task<?> main = currentTask();
          TaskGroup tg = new TaskGroup();
          assertThatThrownBy(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(() -> once("sibling"));
                            tg.createTask(
                                () -> {
                                  log.add("fails");
                                  throw new IllegalArgumentException("eager");
                                });
                            log.add("block: main cancelling=" + main.cancelling());
                            sleep(0);
                            log.add("not reached");
                          }))
              .isInstanceOf(ExceptionGroup.class);
          log.add("after: main cancelling=" + main.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "sibling step 1", "fails", "block: main cancelling=1", "after: main cancelling=0");
  }
}
