package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@link VirtualMachineError} is asyncio's SystemExit/KeyboardInterrupt: it does not stay inside
 * the task or callback that threw it, it comes out of {@code runUntilComplete} and {@code run}.
 */
class FatalErrorsTest {
  @Test
  void aVirtualMachineErrorInAChildTaskComesOutOfRunAndTheCleanupStillRuns() {
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    List<String> log = new ArrayList<>();
    assertThatThrownBy(
            () ->
                runVirtualTime(
                    () -> {
                      Task<Void> other =
                          createTask(
                              () -> {
                                try {
                                  sleep(10);
                                } finally {
                                  log.add("other cleaned up");
                                }
                              });
                      createTask(
                          () -> {
                            throw oom;
                          });
                      sleep(1);
                      log.add("main went on"); // never: the error ends the run first
                      other.await();
                    }))
        .isSameAs(oom);
    assertThat(log).containsExactly("other cleaned up");
  }

  @Test
  void aVirtualMachineErrorInACallbackComesOutOfRunUntilCompleteAndTheLoopCanGoOn() {
    StackOverflowError soe = new StackOverflowError("simulated");
    List<ExceptionContext> reported = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    try {
      assertThatThrownBy(
              () ->
                  loop.runUntilComplete(
                      loop.createTask(
                          () -> {
                            getRunningLoop()
                                .callSoon(
                                    () -> {
                                      throw soe;
                                    });
                            sleep(1);
                            return "done";
                          })))
          .isSameAs(soe);
      assertThat(loop.isRunning()).isFalse();
      Task<?> main = loop.allTasks().getFirst();
      assertThat(loop.runUntilComplete(main)).as("the loop runs on afterwards").isEqualTo("done");
    } finally {
      loop.close();
    }
    assertThat(reported).as("nothing reported: the error came out instead").isEmpty();
  }

  @Test
  void theMainTaskFailingWithAVirtualMachineErrorIsNotReportedAsNeverRetrieved() {
    List<ExceptionContext> reported = new ArrayList<>();
    InternalError fatal = new InternalError("simulated");
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    Task<Void> failing =
        loop.createTask(
            () -> {
              throw fatal;
            });
    assertThatThrownBy(() -> loop.runUntilComplete(failing)).isSameAs(fatal);
    loop.close();
    assertThat(reported).isEmpty();
  }
}
