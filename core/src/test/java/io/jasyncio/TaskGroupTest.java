package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.currentTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskGroup#cancel()} (CPython 3.15, which no reference interpreter here has, so these are
 * unit tests rather than conformance scenarios) and the eager-task paths where CPython 3.13.0 and
 * later CPython differ. Each test records the exact sequence of events; all run on virtual time.
 * The conformance scenarios ({@code conformance/taskgroup_*.py}) cover the rest of TaskGroup.
 */
class TaskGroupTest {
  private final List<String> log = new ArrayList<>();

  private static final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom(String message) {
      super(message);
    }
  }

  private static Task<?> me() {
    return Objects.requireNonNull(currentTask());
  }

  /** A child that sleeps 10 s and logs its cancellation. */
  private void sleeper(String name) {
    try {
      sleep(10);
      log.add(name + " woke");
    } catch (CancelledError e) {
      log.add(name + " cancelled");
      throw e;
    }
  }

  // ----------------------------------------------------------------------------- cancel()

  @Test
  void cancelFromTheBlockCancelsChildrenAndBlockAndRunReturnsNormally() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          Task<Void>[] a = box();
          String r =
              tg.run(
                  () -> {
                    a[0] = tg.createTask(() -> sleeper("a"));
                    sleep(0);
                    tg.cancel();
                    log.add("cancel() returned, cancelling=" + me.cancelling());
                    try {
                      sleep(1);
                      log.add("block woke");
                    } catch (CancelledError e) {
                      log.add("block cancelled");
                      throw e;
                    }
                    return "unreachable";
                  });
          log.add("run returned " + r + ", cancelling=" + me.cancelling());
          assertThat(a[0].isCancelled()).isTrue();
          sleep(0);
          log.add("next await fine");
        });
    assertThat(log)
        .containsExactly(
            "cancel() returned, cancelling=1",
            "a cancelled",
            "block cancelled",
            "run returned null, cancelling=0",
            "next await fine");
  }

  @Test
  void aBlockThatCatchesTheCancellationReturnsItsResult() {
    String r =
        runVirtualTime(
            () -> {
              TaskGroup tg = new TaskGroup();
              return tg.run(
                  () -> {
                    tg.createTask(() -> sleeper("a"));
                    sleep(0);
                    tg.cancel();
                    try {
                      sleep(1);
                    } catch (CancelledError e) {
                      log.add("block caught it");
                    }
                    return "kept";
                  });
            });
    assertThat(r).isEqualTo("kept");
    assertThat(log).containsExactly("a cancelled", "block caught it");
  }

  @Test
  void cancelFromAChildCancelsItsSiblingsItselfAndTheBlock() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                tg.createTask(() -> sleeper("s"));
                tg.createTask(
                    () -> {
                      sleep(1);
                      tg.cancel();
                      log.add("c called cancel(), parent cancelling=" + me.cancelling());
                      try {
                        sleep(1);
                        log.add("c woke");
                      } catch (CancelledError e) {
                        log.add("c cancelled");
                        throw e;
                      }
                    });
                try {
                  sleep(5);
                  log.add("block woke");
                } catch (CancelledError e) {
                  log.add("block cancelled");
                  throw e;
                }
              });
          log.add("run returned, cancelling=" + me.cancelling() + ", time=" + now());
        });
    assertThat(log)
        .containsExactly(
            "c called cancel(), parent cancelling=1",
            "s cancelled",
            "block cancelled",
            "c cancelled",
            "run returned, cancelling=0, time=1.0");
  }

  @Test
  void cancelBeforeRunCancelsTheGroupOnEntry() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          tg.cancel();
          log.add("before run, cancelling=" + me.cancelling());
          tg.run(
              () -> {
                log.add("block runs, cancelling=" + me.cancelling());
                assertThatThrownBy(() -> tg.createTask(() -> log.add("never")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is shutting down");
                try {
                  sleep(1);
                  log.add("block woke");
                } catch (CancelledError e) {
                  log.add("block cancelled at its first await");
                  throw e;
                }
              });
          log.add("run returned, cancelling=" + me.cancelling() + ", time=" + now());
          sleep(0);
          log.add("next await fine");
        });
    assertThat(log)
        .containsExactly(
            "before run, cancelling=0",
            "block runs, cancelling=1",
            "block cancelled at its first await",
            "run returned, cancelling=0, time=0.0",
            "next await fine");
  }

  @Test
  void cancelBeforeRunWithABlockThatNeverAwaitsLeavesNoCancellationBehind() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          tg.cancel();
          tg.run(() -> log.add("block runs, cancelling=" + me.cancelling()));
          log.add("run returned, cancelling=" + me.cancelling());
          sleep(1);
          log.add("slept 1 s undisturbed");
        });
    assertThat(log)
        .containsExactly(
            "block runs, cancelling=1", "run returned, cancelling=0", "slept 1 s undisturbed");
  }

  @Test
  void cancelAfterRunDoesNothing() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          Task<String> t = tg.run(() -> tg.createTask(() -> "r"));
          tg.cancel();
          tg.cancel();
          log.add("after cancel(): cancelling=" + me.cancelling() + " result=" + t.result());
          sleep(1);
          log.add("slept 1 s undisturbed");
          assertThatThrownBy(() -> tg.createTask(() -> "late"))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("is finished");
        });
    assertThat(log)
        .containsExactly("after cancel(): cancelling=0 result=r", "slept 1 s undisturbed");
  }

  @Test
  void cancelDuringTheExitWaitEndsTheGroupWithoutAnError() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                tg.createTask(
                    () -> {
                      try {
                        sleep(10);
                      } catch (CancelledError e) {
                        log.add("s cancelled, parent cancelling=" + me.cancelling());
                        sleep(1); // the group waits for the clean-up
                        log.add("s cleaned up");
                        throw e;
                      }
                    });
                tg.createTask(
                    () -> {
                      sleep(1);
                      tg.cancel();
                      log.add("c called cancel()");
                    });
                log.add("block ends");
              });
          log.add("run returned, cancelling=" + me.cancelling() + ", time=" + now());
          sleep(1);
          log.add("slept 1 s undisturbed");
        });
    assertThat(log)
        .containsExactly(
            "block ends",
            "c called cancel()",
            "s cancelled, parent cancelling=1",
            "s cleaned up",
            "run returned, cancelling=0, time=2.0",
            "slept 1 s undisturbed");
  }

  @Test
  void cancelIsIdempotent() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          tg.cancel();
          tg.cancel();
          tg.run(
              () -> {
                log.add("entered, cancelling=" + me.cancelling());
                tg.cancel();
                tg.cancel();
                log.add("cancelled again, cancelling=" + me.cancelling());
                try {
                  sleep(1);
                } catch (CancelledError e) {
                  log.add("block cancelled once");
                }
                sleep(1);
                log.add("block slept again undisturbed, cancelling=" + me.cancelling());
              });
          tg.cancel();
          log.add("run returned, cancelling=" + me.cancelling() + ", time=" + now());
        });
    assertThat(log)
        .containsExactly(
            "entered, cancelling=1",
            "cancelled again, cancelling=1",
            "block cancelled once",
            "block slept again undisturbed, cancelling=1",
            "run returned, cancelling=0, time=1.0");
  }

  @Test
  void cancelPlusAChildThatFailsStillRaisesTheExceptionGroup() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          assertThatThrownBy(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  try {
                                    sleep(10);
                                  } catch (CancelledError e) {
                                    log.add("child fails when cancelled");
                                    throw new Boom("sore");
                                  }
                                });
                            sleep(0);
                            tg.cancel();
                            sleep(1);
                          }))
              .isInstanceOfSatisfying(
                  ExceptionGroup.class,
                  eg -> {
                    log.add("ExceptionGroup " + messages(eg));
                    assertThat(eg.groupMessage()).isEqualTo("unhandled errors in a TaskGroup");
                  });
          log.add("cancelling=" + me.cancelling());
          sleep(0);
          log.add("next await fine");
        });
    assertThat(log)
        .containsExactly(
            "child fails when cancelled",
            "ExceptionGroup [sore]",
            "cancelling=0",
            "next await fine");
  }

  @Test
  void cancelAfterAChildFailedDoesNotHideTheFailure() {
    runVirtualTime(
        () -> {
          TaskGroup tg = new TaskGroup();
          assertThatThrownBy(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  sleep(1);
                                  throw new Boom("crash");
                                });
                            try {
                              sleep(10);
                            } catch (CancelledError e) {
                              log.add("block cancelled by the failure, calls cancel()");
                              tg.cancel();
                              throw e;
                            }
                          }))
              .isInstanceOfSatisfying(
                  ExceptionGroup.class, eg -> log.add("ExceptionGroup " + messages(eg)));
          log.add("cancelling=" + me().cancelling());
        });
    assertThat(log)
        .containsExactly(
            "block cancelled by the failure, calls cancel()",
            "ExceptionGroup [crash]",
            "cancelling=0");
  }

  @Test
  void cancelWhileTheParentIsCancelledFromOutsideInTheBlockPropagatesCancelledError() {
    runVirtualTime(
        () -> {
          TaskGroup tg = new TaskGroup();
          Task<Void> r =
              createTask(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(() -> sleeper("child"));
                            try {
                              sleep(10);
                            } catch (CancelledError e) {
                              log.add("block cancelled: " + e.getMessage());
                              throw e;
                            }
                          }));
          sleep(1);
          tg.cancel();
          r.cancel("outside");
          log.add("r cancelling=" + r.cancelling());
          try {
            r.await();
            log.add("r returned: the outside cancellation was swallowed");
          } catch (CancelledError e) {
            log.add("r raised CancelledError");
          }
          log.add("r cancelled=" + r.isCancelled() + " cancelling=" + r.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "r cancelling=2",
            "child cancelled",
            "block cancelled: null",
            "r raised CancelledError",
            "r cancelled=true cancelling=1");
  }

  @Test
  void outsideCancelBeforeCancelInTheBlockPropagatesCancelledError() {
    runVirtualTime(
        () -> {
          TaskGroup tg = new TaskGroup();
          Task<Void> r =
              createTask(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(() -> sleeper("child"));
                            try {
                              sleep(10);
                            } catch (CancelledError e) {
                              log.add("block cancelled: " + e.getMessage() + ", calls cancel()");
                              tg.cancel();
                              throw e;
                            }
                          }));
          sleep(1);
          r.cancel("outside");
          try {
            r.await();
            log.add("r returned: the outside cancellation was swallowed");
          } catch (CancelledError e) {
            log.add("r raised CancelledError");
          }
          log.add("r cancelled=" + r.isCancelled() + " cancelling=" + r.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "block cancelled: outside, calls cancel()",
            "child cancelled",
            "r raised CancelledError",
            "r cancelled=true cancelling=1");
  }

  @Test
  void cancelDuringTheExitWaitWhileTheParentIsCancelledFromOutsidePropagatesCancelledError() {
    runVirtualTime(
        () -> {
          TaskGroup tg = new TaskGroup();
          Task<Void> r =
              createTask(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  try {
                                    sleep(10);
                                  } catch (CancelledError e) {
                                    log.add("child cancelled, cleans up");
                                    sleep(1);
                                    throw e;
                                  }
                                });
                            log.add("block ends");
                          }));
          sleep(1);
          tg.cancel(); // the group waits in exit
          sleep(0.5);
          r.cancel("outside"); // during the child's clean-up
          log.add("r cancelling=" + r.cancelling());
          try {
            r.await();
            log.add("r returned: the outside cancellation was swallowed");
          } catch (CancelledError e) {
            log.add("r raised CancelledError");
          }
          log.add("r cancelled=" + r.isCancelled() + " cancelling=" + r.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "block ends",
            "child cancelled, cleans up",
            "r cancelling=2",
            "r raised CancelledError",
            "r cancelled=true cancelling=1");
  }

  @Test
  void outsideCancelDuringTheExitWaitThenCancelPropagatesCancelledError() {
    runVirtualTime(
        () -> {
          TaskGroup tg = new TaskGroup();
          Task<Void> r =
              createTask(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  try {
                                    sleep(10);
                                  } catch (CancelledError e) {
                                    log.add("child cancelled, calls cancel()");
                                    tg.cancel();
                                    throw e;
                                  }
                                });
                            log.add("block ends");
                          }));
          sleep(1);
          r.cancel("outside");
          try {
            r.await();
            log.add("r returned: the outside cancellation was swallowed");
          } catch (CancelledError e) {
            log.add("r raised CancelledError: " + e.getMessage());
          }
          log.add("r cancelled=" + r.isCancelled() + " cancelling=" + r.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "block ends",
            "child cancelled, calls cancel()",
            "r raised CancelledError: outside",
            "r cancelled=true cancelling=1");
  }

  // ------------------------------------------------------------------------ eager tasks

  @Test
  void anEagerChildThatCancelsTheGroupBeforeItSuspendsIsCancelledToo() {
    // CPython gh-155418: the child ran cancel() before the group held it, and the group hung
    runVirtualTime(
        () -> {
          getRunningLoop().setEagerTasks(true);
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                tg.createTask(
                    () -> {
                      log.add("child runs eagerly, calls cancel()");
                      tg.cancel();
                      try {
                        sleep(10);
                        log.add("child slept 10 s: its cancellation was missed");
                      } catch (CancelledError e) {
                        log.add("child cancelled");
                        throw e;
                      }
                    });
                log.add("block goes on");
                try {
                  sleep(10);
                } catch (CancelledError e) {
                  log.add("block cancelled");
                  throw e;
                }
              });
          log.add("run returned, time=" + now());
        });
    assertThat(log)
        .containsExactly(
            "child runs eagerly, calls cancel()",
            "block goes on",
            "child cancelled",
            "block cancelled",
            "run returned, time=0.0");
  }

  @Test
  void anEagerChildWhoseEagerChildFailsIsCancelled() {
    // The inner failure is reported at once (as in CPython 3.13.0), before the group holds the
    // outer child; 3.13.0 then never cancels that child (it sleeps its 10 s: gh-128550), jasyncio
    // cancels it when the group takes it
    runVirtualTime(
        () -> {
          getRunningLoop().setEagerTasks(true);
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          assertThatThrownBy(
                  () ->
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  tg.createTask(
                                      () -> {
                                        log.add("inner child fails eagerly");
                                        throw new Boom("eager");
                                      });
                                  try {
                                    sleep(10);
                                    log.add("outer child slept 10 s: its cancellation was missed");
                                  } catch (CancelledError e) {
                                    log.add("outer child cancelled");
                                    throw e;
                                  }
                                });
                            log.add("block goes on, cancelling=" + me.cancelling());
                            sleep(10);
                          }))
              .isInstanceOfSatisfying(
                  ExceptionGroup.class, eg -> log.add("ExceptionGroup " + messages(eg)));
          log.add("time=" + now() + ", cancelling=" + me.cancelling());
        });
    assertThat(log)
        .containsExactly(
            "inner child fails eagerly",
            "block goes on, cancelling=1",
            "outer child cancelled",
            "ExceptionGroup [eager]",
            "time=0.0, cancelling=0");
  }

  @Test
  void anEagerChildThatSucceedsAtOnceHasItsResultRightAway() {
    runVirtualTime(
        () -> {
          getRunningLoop().setEagerTasks(true);
          TaskGroup tg = new TaskGroup();
          tg.run(
              () -> {
                Task<String> t = tg.createTask(() -> "now");
                log.add("done=" + t.isDone() + " result=" + t.result());
              });
          log.add("run returned");
        });
    assertThat(log).containsExactly("done=true result=now", "run returned");
  }

  // ------------------------------------------------------------------------ introspection

  @Test
  void theCallGraphShowsTheTaskRunningTheGroupAsAwaitingItsChildren() {
    runVirtualTime(
        () -> {
          Task<?> me = me();
          TaskGroup tg = new TaskGroup();
          Task<Void> child =
              tg.run(
                  () -> {
                    Task<Void> c = tg.createTask(() -> sleep(1), "child");
                    sleep(0);
                    log.add("in the block: " + awaitersOf(c, me));
                    return c;
                  });
          log.add("after the group: " + awaitersOf(child, me));
          Task<Void> c2 = createTask(() -> sleep(1), "plain");
          sleep(0);
          log.add("a plain task: " + awaitersOf(c2, me));
          c2.cancel();
        });
    assertThat(log)
        .containsExactly(
            "in the block: [the group's task]", "after the group: []", "a plain task: []");
  }

  private static List<String> awaitersOf(Task<?> t, Task<?> groupTask) {
    return Asyncio.captureCallGraph(t).awaitedBy().stream()
        .map(g -> g.future() == groupTask ? "the group's task" : String.valueOf(g.future()))
        .toList();
  }

  // ---------------------------------------------------------------------- ExceptionGroup

  @Test
  void exceptionGroupListsItsExceptionsInOrderAndAsSuppressed() {
    Boom a = new Boom("a");
    Boom b = new Boom("b");
    ExceptionGroup eg = new ExceptionGroup("unhandled errors in a TaskGroup", List.of(a, b));
    assertThat(eg.exceptions()).containsExactly(a, b);
    assertThat(eg.getSuppressed()).containsExactly(a, b);
    assertThat(eg.groupMessage()).isEqualTo("unhandled errors in a TaskGroup");
    assertThat(eg.getMessage()).isEqualTo("unhandled errors in a TaskGroup (2 sub-exceptions)");
    assertThat(new ExceptionGroup("m", List.of(a)).getMessage()).isEqualTo("m (1 sub-exception)");
    assertThatThrownBy(() -> new ExceptionGroup("m", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------------ helpers

  /** The virtual clock, which starts at 0. */
  private static double now() {
    return getRunningLoop().time();
  }

  private static String messages(ExceptionGroup eg) {
    return eg.exceptions().stream().map(Throwable::getMessage).toList().toString();
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T>[] box() {
    return (Task<T>[]) new Task<?>[1];
  }

  @Test
  void aTimeoutThatExpiresOverAGroupMarksTheGroupAndTheChildErrorsThatReplacedItsCancellation() {
    Throwable[] caught = new Throwable[1];
    Asyncio.runVirtualTime(
        () -> {
          try {
            Asyncio.timeout(0.01)
                .run(
                    () -> {
                      TaskGroup tg = new TaskGroup();
                      tg.run(
                          () -> {
                            tg.createTask(
                                () -> {
                                  try {
                                    Asyncio.sleep(1);
                                  } catch (CancelledError e) {
                                    throw new IllegalArgumentException("lost", e);
                                  }
                                });
                            Asyncio.sleep(1);
                          });
                    });
          } catch (ExceptionGroup e) {
            caught[0] = e;
          }
        });
    ExceptionGroup eg = (ExceptionGroup) caught[0];
    assertThat(eg).isNotNull();
    assertThat(eg.getSuppressed())
        .anySatisfy(s -> assertThat(s).isInstanceOf(java.util.concurrent.TimeoutException.class));
    Throwable sub = eg.exceptions().get(0);
    assertThat(sub).isInstanceOf(IllegalArgumentException.class).hasMessage("lost");
    assertThat(sub.getSuppressed())
        .singleElement()
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
  }
}
