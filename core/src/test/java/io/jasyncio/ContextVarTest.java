package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextVar} and {@link Context} where Java goes beyond what a Python program can show (the
 * conformance suite's {@code contextvar_*} scenarios cover the rest): code that awaits inside
 * {@link Context#run}, contexts on plain threads, executors, and tasks that never touch a variable.
 */
class ContextVarTest {
  private final ContextVar<String> var = new ContextVar<>("var", "default");
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** Runs {@code main} in an empty context, whatever earlier code left in this thread's. */
  private static <T> T runIsolated(Coroutine<T> main) {
    return new Context().run(() -> run(main));
  }

  @Test
  void tasksThatNeverTouchAContextVarWorkAndAllocateNoContext() {
    List<Task<?>> tasks = new ArrayList<>();
    int sum =
        runIsolated(
            () -> {
              for (int i = 0; i < 100; i++) {
                int n = i;
                tasks.add(
                    createTask(
                        () -> {
                          sleep(0);
                          return n;
                        }));
              }
              int s = 0;
              for (Object o : gather(List.copyOf(tasks))) {
                s += (Integer) o;
              }
              return s;
            });
    assertThat(sum).isEqualTo(4950);
    assertThat(tasks).allSatisfy(t -> assertThat(t.context()).isNull());
  }

  @Test
  void aTaskGetsAContextOnlyOnceItOrItsCreatorUsesOne() {
    runIsolated(
        () -> {
          Task<String> reader = createTask(() -> var.get()); // reads only: the default
          Task<?> main = Asyncio.currentTask();
          assertThat(reader.context()).isNull();
          var.set("main");
          Task<String> after = createTask(() -> var.get());
          assertThat(after.context()).isNotNull().isNotSameAs(main.context());
          assertThat(reader.await()).isEqualTo("default");
          assertThat(after.await()).isEqualTo("main");
          return null;
        });
  }

  @Test
  void eachTaskKeepsItsValueAcrossAwaitsWhileOthersInterleave() {
    runIsolated(
        () -> {
          List<Task<Void>> tasks = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            String name = "t" + i;
            tasks.add(
                createTask(
                    () -> {
                      for (int step = 0; step < 3; step++) {
                        var.set(name + "." + step);
                        sleep(0);
                        log.add(var.get());
                      }
                    }));
          }
          gather(tasks);
          assertThat(var.get()).isEqualTo("default");
          return null;
        });
    List<String> expected = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      for (int i = 0; i < 5; i++) {
        expected.add("t" + i + "." + step);
      }
    }
    assertThat(log).isEqualTo(expected);
  }

  @Test
  void contextRunInATaskMayAwaitAndStaysInThatContextMeanwhileOthersDoNotSeeIt() {
    runIsolated(
        () -> {
          var.set("task");
          Context ctx = Context.copyContext();
          Task<Void> other =
              createTask(
                  () -> {
                    var.set("other");
                    sleep(0);
                    log.add("other sees " + var.get());
                  });
          String r =
              ctx.run(
                  () -> {
                    var.set("in ctx");
                    sleep(0); // other runs here
                    log.add("run sees " + var.get());
                    Task<String> child = createTask(() -> var.get());
                    return child.await();
                  });
          log.add("run returned " + r + "; task sees " + var.get());
          log.add("ctx holds " + ctx.run(var::get));
          other.await();
          return null;
        });
    assertThat(log)
        .containsExactly(
            "run sees in ctx",
            "other sees other",
            "run returned in ctx; task sees task",
            "ctx holds in ctx");
  }

  @Test
  void aContextEnteredByOneTaskCannotBeEnteredByAnotherMeanwhile() {
    runIsolated(
        () -> {
          Context ctx = new Context();
          Task<Void> holder =
              createTask(
                  () -> {
                    ctx.run(
                        () -> {
                          sleep(0);
                          sleep(0);
                          return null;
                        });
                  });
          sleep(0); // holder is inside ctx.run now
          assertThatThrownBy(() -> ctx.run(var::get)).isInstanceOf(IllegalStateException.class);
          holder.await();
          assertThat(ctx.<String>run(var::get)).isEqualTo("default"); // free again
          return null;
        });
  }

  @Test
  void contextRunRestoresTheContextWhenTheFunctionThrows() {
    Context ctx = new Context();
    Context outer = new Context();
    outer.run(
        () -> {
          var.set("outer");
          assertThatThrownBy(
                  () ->
                      ctx.run(
                          () -> {
                            var.set("inner");
                            throw new java.io.IOException("fails");
                          }))
              .isInstanceOf(java.io.IOException.class);
          assertThat(var.get()).isEqualTo("outer");
          assertThat(ctx.<String>run(var::get))
              .isEqualTo("inner"); // the set stayed in ctx, and ctx is free
          return null;
        });
    assertThat(outer.contains(var)).isTrue();
  }

  @Test
  void eachPlainThreadHasItsOwnContext() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    new Context()
        .run(
            () -> {
              ContextVar.Token<String> token = var.set("this thread");
              Thread t =
                  Thread.ofPlatform()
                      .start(
                          () -> {
                            seen.set(var.get());
                            var.set("other thread");
                          });
              t.join();
              assertThat(var.get()).isEqualTo("this thread");
              var.reset(token);
              assertThat(var.get()).isEqualTo("default");
              return null;
            });
    assertThat(seen.get()).isEqualTo("default");
  }

  @Test
  void runCopiesTheCallersContextAndLeavesItUnchanged() {
    new Context()
        .run(
            () -> {
              var.set("caller");
              String inMain =
                  run(
                      () -> {
                        String before = var.get();
                        var.set("main");
                        return before;
                      });
              assertThat(inMain).isEqualTo("caller");
              assertThat(var.get()).isEqualTo("caller");
              return null;
            });
  }

  @Test
  void toThreadRunsInACopyAlsoOnAPlatformExecutorThatItLeavesClean() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      runIsolated(
          () -> {
            getRunningLoop().setDefaultExecutor(pool);
            var.set("task");
            log.add(
                toThread(
                    () -> {
                      String seen = var.get();
                      var.set("set in thread");
                      return seen + " -> " + var.get();
                    }));
            log.add("task sees " + var.get());
            // the same pool thread, without a copied context: its own, untouched
            log.add("pool thread sees " + getRunningLoop().runInExecutor(null, var::get).await());
            return null;
          });
    } finally {
      pool.shutdownNow();
    }
    assertThat(log)
        .containsExactly("task -> set in thread", "task sees task", "pool thread sees default");
  }

  @Test
  void eagerTasksRunTheirFirstStepInTheirOwnCopy() {
    runIsolated(
        () -> {
          var.set("creator");
          Task<String> t =
              createTask(
                  () -> {
                    log.add("eager step sees " + var.get());
                    var.set("eager");
                    sleep(0);
                    return var.get();
                  },
                  "t",
                  true);
          log.add("creator sees " + var.get());
          var.set("creator later");
          log.add("task returned " + t.await());
          return null;
        });
    assertThat(log)
        .containsExactly("eager step sees creator", "creator sees creator", "task returned eager");
  }

  @Test
  void tokensAndContextsReportWhatTheyHold() {
    ContextVar<Integer> n = new ContextVar<>("n");
    Context ctx = new Context();
    ctx.run(
        () -> {
          ContextVar.Token<Integer> first = n.set(1);
          assertThat(first.hadOldValue()).isFalse();
          assertThatThrownBy(first::oldValue).isInstanceOf(NoSuchElementException.class);
          assertThat(first.var()).isSameAs(n);
          ContextVar.Token<Integer> second = n.set(2);
          assertThat(second.hadOldValue()).isTrue();
          assertThat(second.oldValue()).isEqualTo(1);
          assertThat(n.get()).isEqualTo(2);
          assertThat(n.get(7)).isEqualTo(2);
          var.set(null); // null is a value
          assertThat(var.get()).isNull();
          assertThat(var.get("fallback")).isNull();
          n.reset(second);
          n.reset(first);
          assertThat(n.get(7)).isEqualTo(7);
          assertThatThrownBy(n::get)
              .isInstanceOf(NoSuchElementException.class)
              .hasMessageContaining("'n'");
          assertThatThrownBy(() -> n.reset(first)).isInstanceOf(IllegalStateException.class);
          return null;
        });
    assertThat(ctx.contains(n)).isFalse(); // reset to "no value" removes it
    assertThat(ctx.contains(var)).isTrue();
    assertThat(ctx.size()).isEqualTo(1);
    assertThat(n.name()).isEqualTo("n");
    assertThat(n.toString()).contains("n");
  }

  @Test
  void valuesFollowTasksOnVirtualTime() {
    double elapsed =
        runVirtualTime(
            () -> {
              EventLoop loop = getRunningLoop();
              double t0 = loop.time();
              List<Task<String>> tasks = new ArrayList<>();
              for (int i = 1; i <= 3; i++) {
                int d = i;
                tasks.add(
                    createTask(
                        () -> {
                          var.set("slept " + d);
                          sleep(d);
                          return var.get();
                        }));
              }
              assertThat(gather(tasks)).containsExactly("slept 1", "slept 2", "slept 3");
              return loop.time() - t0;
            });
    assertThat(elapsed).isEqualTo(3.0);
  }
}
