package io.jasyncio;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.toThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bad input and misuse get a clear error at the call, never a later failure or a silent one. */
class MisuseMessagesTest {
  /** What {@code action} throws on a new platform thread named "foreign". */
  private static Throwable onAnotherThread(Runnable action) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .name("foreign")
            .start(
                () -> {
                  try {
                    action.run();
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    t.join();
    return thrown.get();
  }

  @Test
  void gatherOfANullArrayNamesTheArray() {
    run(
        () -> {
          assertThatThrownBy(() -> gather((Awaitable<?>[]) null))
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining("gather(awaitables...): the array is null");
        });
  }

  @Test
  void anExceptionContextWithoutAMessageIsRefusedWhenMade() {
    assertThatThrownBy(() -> new ExceptionContext(null, null, null, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
  }

  @Test
  void runningAnotherLoopInsideATaskIsRefusedBeforeATaskIsMadeOnIt() {
    EventLoop other = new EventLoop();
    List<ExceptionContext> reported = new ArrayList<>();
    other.setExceptionHandler((l, ctx) -> reported.add(ctx));
    run(
        () -> {
          assertThatThrownBy(() -> other.runUntilComplete((Coroutine<String>) () -> "never"))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("another loop is running on this thread");
        });
    assertThat(other.allTasks()).as("no task was made on it").isEmpty();
    other.close();
    assertThat(reported).as("so nothing is destroyed while pending").isEmpty();
  }

  @Test
  void loopAndTaskSettersRefuseAForeignThreadWhileTheLoopRuns() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<?> me = Asyncio.currentTask();
          assertThat(
                  toThread(
                      () -> onAnotherThread(() -> loop.setSlowCallbackDuration(1)).getMessage()))
              .contains("setSlowCallbackDuration() called from thread 'foreign'");
          assertThat(
                  toThread(
                      () ->
                          onAnotherThread(
                                  () ->
                                      loop.callExceptionHandler(
                                          new ExceptionContext("x", null, null, null, null)))
                              .getMessage()))
              .contains("callExceptionHandler() called from thread 'foreign'");
          assertThat(toThread(() -> onAnotherThread(() -> me.setName("x")).getMessage()))
              .contains("Task.setName() called from thread 'foreign'");
          assertThat(me.getName()).isNotEqualTo("x");
          assertThat(loop.getSlowCallbackDuration()).isEqualTo(0.1);
        });
  }
}
