package io.jasyncio;

import static io.jasyncio.Asyncio.asCompleted;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.gatherFuture;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The public methods this session added, given bad input, used from the wrong place, or cancelled
 * while they wait: a clear error, never a hang.
 */
class NewApiMisuseTest {
  @Test
  void runnerRefusesANullFactoryABadLoopAndUseAfterClose() {
    assertThatThrownBy(() -> new Runner(null)).isInstanceOf(NullPointerException.class);
    EventLoop closed = new EventLoop();
    closed.close();
    try (Runner r = new Runner(() -> closed)) {
      assertThatThrownBy(r::getLoop)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("must return a new loop");
    }
    Runner r = new Runner();
    r.close();
    assertThatThrownBy(r::getLoop).hasMessageContaining("Runner is closed");
    assertThatThrownBy(() -> r.run(() -> 1)).hasMessageContaining("Runner is closed");
    try (Runner ok = new Runner()) {
      assertThatThrownBy(() -> ok.run((Coroutine<Object>) null))
          .isInstanceOf(NullPointerException.class);
      assertThat(ok.run(() -> 1)).isEqualTo(1);
      assertThat(ok.run(() -> 2)).as("a second run on the same loop").isEqualTo(2);
    }
  }

  @Test
  void shutdownDefaultExecutorRefusesNanAndAForeignThread() {
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          assertThatThrownBy(() -> loop.shutdownDefaultExecutor(Double.NaN))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("NaN");
          AtomicReference<Throwable> foreign = new AtomicReference<>();
          toThread(
              () -> {
                try {
                  loop.shutdownDefaultExecutor(1);
                } catch (Throwable t) {
                  foreign.set(t);
                }
                return null;
              });
          assertThat(foreign.get())
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("shutdownDefaultExecutor() called from thread");
        });
  }

  @Test
  void theNewFunctionsRefuseNullsAndWorkOnlyWhereALoopRuns() {
    assertThatThrownBy(() -> gatherFuture(List.<Awaitable<?>>of(), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> waitFor(() -> 1, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> new Context().get(null)).isInstanceOf(NullPointerException.class);
    ExceptionGroup eg = new ExceptionGroup("g", List.of(new RuntimeException()));
    assertThatThrownBy(() -> eg.split((Class<? extends Throwable>) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> eg.split((Predicate<Throwable>) null))
        .isInstanceOf(NullPointerException.class);
    runVirtualTime(
        () -> {
          assertThatThrownBy(() -> gatherFuture((List<Awaitable<?>>) null, false))
              .isInstanceOf(NullPointerException.class);
          assertThatThrownBy(() -> gather((Coroutine<?>) null, () -> 1))
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining("first coroutine is null");
          assertThatThrownBy(() -> createTask(() -> 1, "t", (Context) null))
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining("context");
          AsCompleted<Integer> viaNext = asCompleted(List.<Coroutine<Integer>>of(() -> 1));
          viaNext.next();
          assertThatThrownBy(viaNext::awaitables).hasMessageContaining("next() was used already");
          AsCompleted<Integer> viaSlots = asCompleted(List.<Coroutine<Integer>>of(() -> 2));
          assertThat(viaSlots.awaitables().getFirst().await()).isEqualTo(2);
          assertThatThrownBy(viaSlots::next).hasMessageContaining("awaitables() was used already");
        });
  }

  /** A cancelled await of an as_completed awaitable takes no outcome: the next one gets it. */
  @Test
  void cancellingTheAwaitOfAnAsCompletedAwaitablePassesTheOutcomeToTheNext() {
    List<Object> got =
        runVirtualTime(
            () -> {
              List<Future<String>> its =
                  asCompleted(
                          List.<Coroutine<String>>of(
                              () -> {
                                sleep(1);
                                return "first";
                              },
                              () -> {
                                sleep(2);
                                return "second";
                              }))
                      .awaitables();
              Task<String> waiting = createTask(() -> its.get(0).await());
              sleep(0.5);
              waiting.cancel();
              assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
              return List.of(its.get(1).await(), its.get(0).isCancelled());
            });
    assertThat(got).containsExactly("first", true);
  }

  /** Awaiting a gathering future held from gatherFuture, cancelled: the children are cancelled. */
  @Test
  void cancellingATaskThatAwaitsAGatherFutureCancelsTheChildren() {
    runVirtualTime(
        () -> {
          Future<List<Object>> g = gatherFuture(Asyncio.createTask(() -> sleep(10)));
          Task<List<Object>> waiting = createTask(g::await);
          sleep(0);
          waiting.cancel();
          assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
          sleep(0);
          assertThat(g.isDone()).isTrue();
          assertThat(g.exception()).isInstanceOf(CancelledError.class);
        });
  }

  @Test
  void inEventLoopIsTrueOnTheLoopThreadAndWhileNobodyRunsItFalseElsewhere() {
    EventLoop idle = new EventLoop();
    assertThat(idle.inEventLoop()).as("nobody runs it").isTrue();
    idle.close();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          assertThat(loop.inEventLoop()).isTrue();
          assertThat(toThread(loop::inEventLoop)).as("another thread").isFalse();
        });
  }
}
