package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Worker} with real child processes. The hanging worker is a shell that prints the pid of
 * its own child ({@code sleep 600}) and waits for it: the child holds the stdout pipe, so a runner
 * that reads the output to its end before it waits would block for 600 s (the test's timeout
 * catches that), and a runner that killed only the shell would leave the sleep running.
 */
class WorkerTest {
  private static final List<String> HANGS_WITH_A_CHILD =
      List.of("sh", "-c", "sleep 600 & echo child $!; wait");

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aHungWorkerIsKilledAtItsTimeoutWithItsChild() throws Exception {
    Worker.Result r = Worker.run(new ProcessBuilder(HANGS_WITH_A_CHILD), Duration.ofSeconds(3));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.stdout()).as("what it printed before it hung").startsWith("child ");
    long child = Long.parseLong(r.stdout().strip().substring("child ".length()));
    assertGone(child);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aWorkerThatEndsIsNotKilled() throws Exception {
    Worker.Result r =
        Worker.run(
            new ProcessBuilder("sh", "-c", "echo RESULT seconds=1.5 ops=7; exit 0"),
            Duration.ofSeconds(30));

    assertThat(r.timedOut()).isFalse();
    assertThat(r.ok()).isTrue();
    assertThat(r.stdout()).isEqualTo("RESULT seconds=1.5 ops=7\n");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFailingWorkerReportsItsExitCode() throws Exception {
    Worker.Result r =
        Worker.run(new ProcessBuilder("sh", "-c", "echo partial; exit 3"), Duration.ofSeconds(30));

    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.ok()).isFalse();
    assertThat(r.stdout()).isEqualTo("partial\n");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aHungBenchWorkerIsATimedOutRunNotAnError(@TempDir Path logs) throws Exception {
    // Under /usr/bin/time (where there is one) the tree is time -> sh -> sleep.
    Path pidFile = logs.resolve("child.pid");
    Peer hangs =
        new Peer(
            "hangs",
            "a worker that hangs",
            List.of("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait"));
    Runs.Outcome o =
        Runs.run(hangs, new Runs.Case(Workload.W1, 10, 0), 1, logs, Duration.ofSeconds(3));

    assertThat(o.timedOut()).isTrue();
    assertThat(o.sample()).isNull();
    assertThat(o.failure()).startsWith("timed out after 3 s and was killed");
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  /** The process is gone: no such pid, or (not yet reaped by init) no longer alive. */
  private static void assertGone(long pid) throws Exception {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isPresent()) {
      // killTree waited for it; a zombie waiting for init counts as gone for ProcessHandle.
      try {
        h.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // said below
      }
      assertThat(h.get().isAlive()).as("the worker's child, pid " + pid + ", is alive").isFalse();
    }
  }
}
