package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.TestException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A CancelledError shows where the cancellation landed, and who awaited the cancelled task, as
 * CPython's traceback does; a TimeoutException shows it through its cause.
 */
class CancellationTracesTest {
  static void workerWaitsHere() {
    sleep(3600);
  }

  static void mainAwaitsHere(Task<Void> worker) {
    worker.await();
  }

  private static List<String> methods(Throwable e) {
    return Arrays.stream(e.getStackTrace()).map(StackTraceElement::getMethodName).toList();
  }

  @Test
  void theAwaiterOfACancelledTaskSeesTheTasksAwaitPointAndThenItsOwn() {
    Throwable caught =
        runVirtualTime(
            () -> {
              Task<Void> worker = createTask(CancellationTracesTest::workerWaitsHere);
              sleep(0);
              worker.cancel();
              try {
                mainAwaitsHere(worker);
                return null;
              } catch (CancelledError e) {
                return e;
              }
            });
    List<String> trace = methods(caught);
    assertThat(trace).contains("workerWaitsHere", "mainAwaitsHere");
    assertThat(trace.indexOf("workerWaitsHere"))
        .as("the cancelled task's await point first, then its awaiter's")
        .isLessThan(trace.indexOf("mainAwaitsHere"));
    assertThat(trace).doesNotContain("runOnce", "runBatch");
  }

  static void blockWaitsHere() {
    sleep(10);
  }

  @Test
  void aTimeoutExceptionsCauseShowsWhereTheBlockWasWhenTheTimeRanOut() {
    Throwable caught =
        runVirtualTime(
            () -> {
              try {
                timeout(1).run(CancellationTracesTest::blockWaitsHere);
                return null;
              } catch (TimeoutException e) {
                return e;
              }
            });
    assertThat(caught.getCause()).isInstanceOf(CancelledError.class);
    assertThat(methods(caught.getCause())).contains("blockWaitsHere");
  }

  @Test
  void theTimeoutExceptionATimeoutAttachesToATaskGroupsErrorsHasTheCancellationAsItsCause() {
    Throwable caught =
        runVirtualTime(
            () -> {
              try {
                timeout(1)
                    .run(
                        () -> {
                          TaskGroup tg = new TaskGroup();
                          tg.run(
                              () -> {
                                tg.createTask(
                                    () -> {
                                      try {
                                        sleep(10);
                                      } finally {
                                        throw new TestException("cleanup failed");
                                      }
                                    });
                                sleep(10);
                              });
                        });
                return null;
              } catch (ExceptionGroup e) {
                return e;
              }
            });
    assertThat(caught).isInstanceOf(ExceptionGroup.class);
    assertThat(((ExceptionGroup) caught).exceptions()).hasOnlyElementsOfType(TestException.class);
    assertThat(caught.getCause())
        .as("the cancellation it replaced")
        .isInstanceOf(CancelledError.class);
    assertThat(caught.getSuppressed())
        .filteredOn(s -> s instanceof TimeoutException)
        .singleElement()
        .satisfies(te -> assertThat(te.getCause()).isInstanceOf(CancelledError.class));
  }
}
