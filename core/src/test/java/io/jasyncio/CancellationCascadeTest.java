package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.currentTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Cancellation goes down an await chain (task, the task it awaits, ...) without recursion on the
 * Java stack, and an await cycle is broken instead of recursing forever.
 */
class CancellationCascadeTest {
  private static final int CHAIN = 20_000;

  /** Task {@code i} awaits task {@code i + 1}; the last sleeps forever. */
  private static void link(int i, List<Task<?>> chain) {
    if (i == CHAIN - 1) {
      sleep(Double.POSITIVE_INFINITY);
      return;
    }
    Task<Void> next = createTask(() -> link(i + 1, chain));
    chain.add(next);
    next.await();
  }

  @Test
  void cancellingTheHeadOfALongAwaitChainCancelsEveryTaskWithoutAStackOverflow() {
    runVirtualTime(
        () -> {
          List<Task<?>> chain = new ArrayList<>();
          Task<Void> head = createTask(() -> link(0, chain));
          chain.add(head);
          while (chain.size() < CHAIN) {
            sleep(0);
          }
          sleep(0); // the last one reaches its sleep
          assertThat(head.cancel("stop")).isTrue();
          assertThat(chain).allSatisfy(t -> assertThat(t.cancelling()).isEqualTo(1));
          assertThat(gather(chain, true)).hasSize(CHAIN);
          assertThat(chain).allSatisfy(t -> assertThat(t.isCancelled()).isTrue());
        });
  }

  @Test
  void cancellingOneOfTwoTasksThatAwaitEachOtherEndsBoth() {
    List<String> log = new ArrayList<>();
    runVirtualTime(
        () -> {
          Task<?>[] a = new Task<?>[1];
          Task<?>[] b = new Task<?>[1];
          a[0] =
              createTask(
                  () -> {
                    b[0] = createTask(() -> Objects.requireNonNull(a[0]).await(), "b");
                    try {
                      return b[0].await();
                    } catch (CancelledError e) {
                      log.add("a cancelled");
                      throw e;
                    }
                  },
                  "a");
          sleep(0);
          sleep(0); // a awaits b, b awaits a
          assertThat(a[0].cancel()).isTrue();
          gather(List.of(a[0], Objects.requireNonNull(b[0])), true);
          assertThat(a[0].isCancelled()).isTrue();
          assertThat(b[0].isCancelled()).isTrue();
        });
    assertThat(log).containsExactly("a cancelled");
  }

  @Test
  void cancellingATaskThatAwaitsAGatherOfItselfEndsIt() {
    runVirtualTime(
        () -> {
          Task<List<Object>> self =
              createTask(() -> gather(Objects.requireNonNull(currentTask())), "self");
          sleep(0);
          assertThat(self.cancel()).isTrue();
          assertThatThrownBy(self::await).isInstanceOf(CancelledError.class);
          assertThat(self.isCancelled()).isTrue();
        });
  }
}
