package io.jasyncio;

import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * jasyncio never resumes a suspended task on the continuations engine while the thread holds a Java
 * monitor entered after the task's last suspension (that crashed the JVM on JDK 25.0.3): a loop
 * entered under a monitor with tasks already pending is refused, on both ways in (run and close).
 * Tasks created and suspended under the monitor, and the virtual-threads engine, are fine.
 */
class MonitorResumeTest {
  @Test
  void resumingEarlierTasksUnderAMonitorIsRefusedOnContinuationsAndFineOnVirtualThreads() {
    Object monitor = new Object();
    EventLoop loop = new EventLoop();
    Task<String> earlier =
        loop.createTask(
            () -> {
              sleep(0);
              sleep(0);
              sleep(0);
              return "resumed";
            });
    loop.runUntilComplete(loop.createTask(() -> sleep(0))); // `earlier` has suspended
    assertThat(earlier.isDone()).isFalse();
    try {
      synchronized (monitor) {
        if (loop.engine() == Engine.CONTINUATIONS) {
          assertThatThrownBy(() -> loop.runUntilComplete(earlier))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("holds a Java monitor")
              .hasMessageContaining("outside the synchronized block");
          assertThatThrownBy(loop::close)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("close() called while this thread holds a Java monitor");
          assertThat(loop.isClosed()).isFalse();
        } else {
          assertThat(loop.runUntilComplete(earlier)).isEqualTo("resumed");
        }
      }
      assertThat(loop.runUntilComplete(earlier)).isEqualTo("resumed"); // outside: fine
    } finally {
      loop.close();
    }
  }

  @Test
  void aRunUnderAMonitorMayLeaveTasksThatTheRunnersCleanupResumesUnderTheSameMonitor() {
    Object monitor = new Object();
    String r;
    synchronized (monitor) {
      r =
          Asyncio.run(
              () -> {
                Asyncio.createTask(() -> sleep(3600)); // left pending: cancelled at the end
                sleep(0);
                return "done";
              });
    }
    assertThat(r).isEqualTo("done");
  }

  @Test
  void aRunThatStartsUnderAMonitorWithNothingPendingIsFine() {
    Object monitor = new Object();
    String r;
    synchronized (monitor) {
      r =
          Asyncio.run(
              () -> {
                sleep(0);
                Task<String> t =
                    Asyncio.createTask(
                        () -> {
                          sleep(0);
                          return "ok";
                        });
                return t.await();
              });
    }
    assertThat(r).isEqualTo("ok");
  }
}
