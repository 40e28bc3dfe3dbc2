package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskTest {
  private final List<String> log = new ArrayList<>();

  @Test
  void createTaskStartsAtTheCreatorsNextAwaitPointInCreationOrder() {
    run(
        () -> {
          createTask(() -> log.add("a"));
          createTask(() -> log.add("b"));
          log.add("creator continues");
          sleep(0);
          log.add("creator resumed");
        });
    assertThat(log).containsExactly("creator continues", "a", "b", "creator resumed");
  }

  @Test
  void sleepZeroYieldsExactlyOnce() {
    run(
        () -> {
          Task<Void> a =
              createTask(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      log.add("a" + i);
                      sleep(0);
                    }
                  });
          Task<Void> b =
              createTask(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      log.add("b" + i);
                      sleep(-1); // negative counts as 0
                    }
                  });
          gather(a, b);
        });
    assertThat(log).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
  }

  @Test
  void statesPendingRunningDoneCancelled() {
    run(
        () -> {
          Task<?>[] self = new Task<?>[1];
          Task<String> t =
              createTask(
                  () -> {
                    log.add("running=" + self[0].isRunning() + " state=" + self[0].state());
                    sleep(0);
                    return "r";
                  });
          self[0] = t;
          assertThat(t.isRunning()).isFalse();
          assertThat(t.isDone()).isFalse();
          assertThat(t.state()).isEqualTo(java.util.concurrent.Future.State.RUNNING);
          assertThat(t.toString()).contains("pending").contains(t.getName());
          assertThatThrownBy(t::result)
              .isInstanceOf(InvalidStateError.class)
              .hasMessageContaining("Result is not set");
          assertThatThrownBy(t::exception).isInstanceOf(InvalidStateError.class);
          assertThat(t.await()).isEqualTo("r");
          assertThat(t.isDone()).isTrue();
          assertThat(t.isCancelled()).isFalse();
          assertThat(t.result()).isEqualTo("r");
          assertThat(t.exception()).isNull();
          assertThat(t.state()).isEqualTo(java.util.concurrent.Future.State.SUCCESS);
          assertThat(t.resultNow()).isEqualTo("r");
          assertThat(t.toString()).contains("finished").contains("result=r");
        });
    assertThat(log).containsExactly("running=true state=RUNNING");
  }

  @Test
  void exceptionsReachTheAwaiterUnchangedCheckedOnesToo() {
    IOException io = new IOException("disk");
    Object caught =
        run(
            () -> {
              Task<Void> t =
                  createTask(
                      () -> {
                        sleep(0);
                        throw io;
                      });
              try {
                t.await();
                return "no exception";
              } catch (Exception e) {
                assertThat(t.exception()).isSameAs(io);
                assertThat(t.state()).isEqualTo(java.util.concurrent.Future.State.FAILED);
                assertThatThrownBy(t::result).isSameAs(io);
                return e;
              }
            });
    assertThat(caught).isSameAs(io);
  }

  @Test
  void runRethrowsMainsExceptionUnchanged() {
    IOException io = new IOException("main failed");
    assertThatThrownBy(
            () ->
                run(
                    () -> {
                      throw io;
                    }))
        .isSameAs(io);
  }

  @Test
  void cancelBeforeStartMeansTheBodyNeverRuns() {
    run(
        () -> {
          Task<Boolean> t = createTask(() -> log.add("body ran"));
          assertThat(t.cancel()).isTrue();
          assertThat(t.cancel()).isTrue(); // still pending: a second request counts too
          assertThat(t.cancelling()).isEqualTo(2);
          assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
          assertThat(t.isCancelled()).isTrue();
          assertThat(t.cancel()).isFalse();
          assertThatThrownBy(t::result).isInstanceOf(CancelledError.class);
          assertThat(t.state()).isEqualTo(java.util.concurrent.Future.State.CANCELLED);
        });
    assertThat(log).isEmpty();
  }

  @Test
  void cancelThrowsAtTheAwaitPointRunsFinallyAndCarriesTheMessage() {
    run(
        () -> {
          Task<Void> t =
              createTask(
                  () -> {
                    try {
                      log.add("sleeping");
                      sleep(3600);
                      log.add("woke up");
                    } finally {
                      log.add("finally");
                    }
                  });
          sleep(0);
          assertThat(t.cancel("stop it")).isTrue();
          try {
            t.await();
          } catch (CancelledError e) {
            log.add("awaiter got " + e.getMessage());
          }
          assertThat(t.isCancelled()).isTrue();
        });
    assertThat(log).containsExactly("sleeping", "finally", "awaiter got stop it");
  }

  @Test
  void cancellationPropagatesIntoTheAwaitedTask() {
    run(
        () -> {
          Task<Void> inner =
              createTask(
                  () -> {
                    try {
                      sleep(3600);
                    } catch (CancelledError e) {
                      log.add("inner cancelled: " + e.getMessage());
                      throw e;
                    }
                  });
          Task<Void> outer = createTask(() -> inner.await());
          sleep(0);
          outer.cancel("outer msg");
          try {
            outer.await();
          } catch (CancelledError e) {
            log.add("outer cancelled");
          }
          assertThat(inner.isCancelled()).isTrue();
        });
    assertThat(log).containsExactly("inner cancelled: outer msg", "outer cancelled");
  }

  @Test
  void aTaskThatSwallowsCancellationIsNotCancelled() {
    run(
        () -> {
          Task<String> t =
              createTask(
                  () -> {
                    try {
                      sleep(3600);
                    } catch (CancelledError e) {
                      return "swallowed";
                    }
                    return "slept";
                  });
          sleep(0);
          t.cancel();
          assertThat(t.await()).isEqualTo("swallowed");
          assertThat(t.isCancelled()).isFalse();
          assertThat(t.cancelling()).isEqualTo(1);
          assertThat(t.uncancel()).isEqualTo(0);
        });
  }

  @Test
  void uncancelBeforeStartWithdrawsTheCancellationAsInPython313() {
    // CPython 3.11/3.12 would still cancel the task here; 3.13 withdrew the pending cancellation.
    run(
        () -> {
          Task<String> t = createTask(() -> "ran");
          assertThat(t.cancel("undo me")).isTrue();
          assertThat(t.uncancel()).isEqualTo(0);
          assertThat(t.await()).isEqualTo("ran");
          assertThat(t.isCancelled()).isFalse();
        });
  }

  @Test
  void cancellingItselfTakesEffectAtTheNextAwaitPoint() {
    run(
        () -> {
          Task<?>[] self = new Task<?>[1];
          Task<Void> t =
              createTask(
                  () -> {
                    self[0].cancel();
                    log.add("still running");
                    try {
                      sleep(0);
                    } catch (CancelledError e) {
                      log.add("cancelled at sleep");
                      throw e;
                    }
                  });
          self[0] = t;
          assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });
    assertThat(log).containsExactly("still running", "cancelled at sleep");
  }

  @Test
  void doneCallbacksAreScheduledInOrderNeverInline() {
    run(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          java.util.function.Consumer<Future<String>> removed = x -> log.add("removed one");
          f.addDoneCallback(x -> log.add("cb1 " + x.result()));
          f.addDoneCallback(removed);
          f.addDoneCallback(x -> log.add("cb2"));
          assertThat(f.removeDoneCallback(removed)).isEqualTo(1);
          f.setResult("v");
          log.add("after setResult");
          assertThatThrownBy(() -> f.setResult("again")).isInstanceOf(InvalidStateError.class);
          sleep(0);
          f.addDoneCallback(x -> log.add("cb3 added when done"));
          log.add("after add on done");
          sleep(0);
        });
    assertThat(log)
        .containsExactly(
            "after setResult", "cb1 v", "cb2", "after add on done", "cb3 added when done");
  }

  @Test
  void namesDefaultToTaskNAndCanBeSet() {
    run(
        () -> {
          Task<Integer> a = createTask(() -> 1);
          Task<Integer> b = createTask(() -> 2);
          assertThat(a.getName()).matches("Task-\\d+");
          long na = Long.parseLong(a.getName().substring(5));
          assertThat(b.getName()).isEqualTo("Task-" + (na + 1));
          Task<Integer> c = createTask(() -> 3, "cook");
          assertThat(c.getName()).isEqualTo("cook");
          c.setName("waiter");
          assertThat(c.getName()).isEqualTo("waiter");
          gather(a, b, c);
        });
  }

  @Test
  void misuseGivesClearErrors() {
    assertThatThrownBy(() -> sleep(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> createTask(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> sleep(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    run(
        () -> {
          Task<?>[] self = new Task<?>[1];
          Task<Void> t =
              createTask(
                  () -> {
                    sleep(0);
                    self[0].await();
                  });
          self[0] = t;
          assertThatThrownBy(t::await)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("cannot await on itself");

          EventLoop other = new EventLoop();
          try {
            Future<Object> foreign = other.createFuture();
            assertThatThrownBy(foreign::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("different loop");
          } finally {
            other.close();
          }

          assertThatThrownBy(() -> run(() -> 1))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("cannot be called from a running event loop");

          Future<Void> inCallback = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop()
              .callSoon(
                  () -> {
                    try {
                      sleep(0);
                    } catch (IllegalStateException e) {
                      log.add(e.getMessage());
                    }
                    inCallback.setResult(null);
                  });
          inCallback.await();
          assertThatThrownBy(() -> createTask((Coroutine<Object>) null))
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining("coro");
        });
    assertThat(log).singleElement().asString().contains("outside a task");
  }

  @Test
  void setResultAndSetExceptionAreNotForTasks() {
    run(
        () -> {
          Task<Integer> t = createTask(() -> 1);
          assertThatThrownBy(() -> t.setResult(2))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> t.setException(new RuntimeException()))
              .isInstanceOf(UnsupportedOperationException.class);
          t.await();
        });
  }

  @Test
  void timedGetInsideATaskAwaitsAtMostThatLongAndLeavesTheFutureRunning() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtualTime(
        () -> {
          EventLoop loop = Asyncio.getRunningLoop();
          Task<String> slow =
              createTask(
                  () -> {
                    sleep(5);
                    return "slow";
                  });
          try {
            slow.get(2, TimeUnit.SECONDS);
            log.add("no timeout?");
          } catch (java.util.concurrent.TimeoutException e) {
            log.add("timed out at " + loop.time() + ", slow done: " + slow.isDone());
          }
          log.add("then got " + slow.get(10, TimeUnit.SECONDS) + " at " + loop.time());
        });
    assertThat(log).containsExactly("timed out at 2.0, slow done: false", "then got slow at 5.0");
  }

  @Test
  void getFromAnotherThreadBlocksUntilDoneAndWrapsAsJavaUtilConcurrentDoes() throws Exception {
    EventLoop loop = new EventLoop();
    try {
      Task<String> ok =
          loop.createTask(
              () -> {
                sleep(0.01);
                return "ok";
              });
      Task<Void> bad =
          loop.createTask(
              () -> {
                throw new IOException("bad");
              });
      Task<Void> cancelled = loop.createTask(() -> sleep(3600));
      List<Object> seen = new ArrayList<>();
      Thread waiter =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      seen.add(ok.get(10, TimeUnit.SECONDS));
                      try {
                        bad.get();
                      } catch (ExecutionException e) {
                        seen.add(e.getCause().getMessage());
                      }
                      loop.callSoonThreadsafe(cancelled::cancel);
                      try {
                        cancelled.get();
                      } catch (CancellationException e) {
                        seen.add("cancelled, cause " + e.getCause().getClass().getSimpleName());
                      }
                    } catch (Exception e) {
                      seen.add(e);
                    }
                  });
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                while (waiter.isAlive()) {
                  sleep(0.005);
                }
              }));
      assertThat(seen).containsExactly("ok", "bad", "cancelled, cause CancelledError");
    } finally {
      loop.close();
    }
  }

  @Test
  void getInsideATaskAwaitsAndLetsTheAwaitersOwnCancellationThrough() {
    run(
        () -> {
          Task<String> ok = createTask(() -> "ok");
          assertThat(ok.get()).isEqualTo("ok");
          Task<Void> bad =
              createTask(
                  () -> {
                    throw new IOException("bad");
                  });
          assertThatThrownBy(bad::get)
              .isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(IOException.class);
          Future<Object> never = Asyncio.getRunningLoop().createFuture();
          Task<Object> waiter = createTask(() -> never.get());
          sleep(0);
          waiter.cancel("stop waiting");
          assertThatThrownBy(waiter::await)
              .isInstanceOf(CancelledError.class)
              .hasMessage("stop waiting");
          assertThat(never.isCancelled()).as("the awaited future is cancelled with it").isTrue();
        });
  }

  @Test
  void getOnTheLoopThreadOutsideATaskIsAnErrorNotADeadlock() {
    EventLoop loop = new EventLoop();
    try {
      Future<Object> f = loop.createFuture();
      loop.callSoon(
          () -> {
            assertThatThrownBy(f::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would block the loop");
            f.setResult("x");
          });
      assertThat(loop.runUntilComplete(f)).isEqualTo("x");
    } finally {
      loop.close();
    }
  }
}
