package io.jasyncio.subprocess;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.subprocess.Subprocess.Options;
import io.jasyncio.subprocess.Subprocess.Stdio;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Child processes with their pipes as streams: real processes. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
  private static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void communicateFeedsStdinAndCollectsStdoutAndStderr() {
    run(
        () -> {
          Subprocess p =
              Subprocess.createSubprocessShell(
                  "tr a-z A-Z; echo oops >&2; exit 3", Options.pipes());
          var out = p.communicate("hello\n".getBytes(UTF_8));
          assertThat(s(out.stdout())).isEqualTo("HELLO\n");
          assertThat(s(out.stderr())).isEqualTo("oops\n");
          assertThat(p.returncode()).isEqualTo(3);
          assertThat(p.await()).as("again, at once").isEqualTo(3);
          return null;
        });
  }

  @Test
  void readStdoutLineByLineWhileTheChildRuns() {
    List<String> lines =
        run(
            () -> {
              Subprocess p =
                  Subprocess.createSubprocessExec(
                      List.of("/bin/sh", "-c", "for i in 1 2 3; do echo line $i; done"),
                      Options.defaults().withStdout(Stdio.PIPE));
              List<String> got = new java.util.ArrayList<>();
              for (byte[] line : p.stdout().lines()) {
                got.add(s(line).strip());
              }
              assertThat(p.await()).isZero();
              return got;
            });
    assertThat(lines).containsExactly("line 1", "line 2", "line 3");
  }

  @Test
  void severalCommandsRunConcurrently() {
    run(
        () -> {
          double t0 = io.jasyncio.Asyncio.getRunningLoop().time();
          List<Object> codes =
              gather(
                  () -> Subprocess.createSubprocessExec("sleep", "0.3").await(),
                  () -> Subprocess.createSubprocessExec("sleep", "0.3").await(),
                  () -> Subprocess.createSubprocessExec("sleep", "0.3").await());
          double took = io.jasyncio.Asyncio.getRunningLoop().time() - t0;
          assertThat(codes).containsExactly(0, 0, 0);
          assertThat(took).as("concurrently, not one after another").isLessThan(0.85);
          return null;
        });
  }

  @Test
  void terminateAndKillGiveANegativeSignalNumber() {
    run(
        () -> {
          Subprocess p = Subprocess.createSubprocessExec("sleep", "30");
          p.terminate();
          assertThat(p.await()).isEqualTo(-15);
          Subprocess q = Subprocess.createSubprocessExec("sleep", "30");
          q.kill();
          assertThat(q.await()).isEqualTo(-9);
          return null;
        });
  }

  @Test
  void stderrIntoStdoutAndDevnull() {
    run(
        () -> {
          Subprocess p =
              Subprocess.createSubprocessShell(
                  "echo out; echo err >&2",
                  Options.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.STDOUT));
          var out = p.communicate(null);
          assertThat(s(out.stdout())).contains("out\n").contains("err\n");
          assertThat(out.hasStderr()).isFalse();
          assertThatThrownBy(out::stderr).hasMessageContaining("stderr is not piped");
          assertThatThrownBy(p::stdin).hasMessageContaining("withStdin(Stdio.PIPE)");
          Subprocess q =
              Subprocess.createSubprocessShell(
                  "echo gone", Options.defaults().withStdout(Stdio.DEVNULL));
          assertThat(q.communicate(null).hasStdout()).isFalse();
          assertThat(q.returncode()).isZero();
          return null;
        });
  }

  @Test
  void badInputIsRefusedWithClearMessages() {
    run(
        () -> {
          assertThatThrownBy(() -> Subprocess.createSubprocessExec(List.of(), Options.defaults()))
              .hasMessageContaining("command is empty");
          assertThatThrownBy(() -> Subprocess.createSubprocessExec("/no/such/program"))
              .isInstanceOf(java.io.IOException.class)
              .hasMessageContaining("/no/such/program");
          assertThatThrownBy(() -> Options.defaults().withStdout(Stdio.STDOUT))
              .hasMessageContaining("only for stderr");
          Subprocess p = Subprocess.createSubprocessExec("true");
          assertThatThrownBy(() -> p.communicate(new byte[1]))
              .hasMessageContaining("stdin is not piped");
          p.await();
          return null;
        });
  }

  @Test
  void onVirtualTimeARunningChildHoldsTheClock() {
    runVirtualTime(
        () -> {
          Subprocess p =
              Subprocess.createSubprocessShell(
                  "sleep 0.2; echo late", Options.defaults().withStdout(Stdio.PIPE));
          // the child takes 0.2 s of real time; a 1 s virtual timeout must not fire first
          var out = waitFor(() -> p.communicate(null), 1);
          assertThat(s(out.stdout())).isEqualTo("late\n");
          Subprocess q = Subprocess.createSubprocessExec("sleep", "0.1");
          assertThat(waitFor(q::await, 10)).isZero();
          return null;
        });
  }

  @Test
  void awaitReturnsOnTheExitEvenIfAGrandchildHoldsStdoutOpen() {
    run(
        () -> {
          // the child exits at once; the grandchild it leaves behind keeps stdout open for 5 s
          Subprocess p =
              Subprocess.createSubprocessShell(
                  "sleep 5 & echo started", Options.defaults().withStdout(Stdio.PIPE));
          assertThat(s(p.stdout().readline())).isEqualTo("started\n");
          assertThat(waitFor(p::await, 3)).as("the exit, not the pipe's end").isZero();
          return null;
        });
  }

  @Test
  void aLargeOutputIsReadWithFlowControl() {
    run(
        () -> {
          Subprocess p =
              Subprocess.createSubprocessExec(
                  List.of("head", "-c", "3000000", "/dev/zero"),
                  Options.defaults().withStdout(Stdio.PIPE).withLimit(1024));
          var out = p.communicate(null);
          assertThat(out.stdout()).hasSize(3_000_000);
          assertThat(p.returncode()).isZero();
          return null;
        });
  }

  @Test
  void writingToAChildThatExitedFailsDrain() {
    run(
        () -> {
          Subprocess p =
              Subprocess.createSubprocessExec(
                  List.of("true"), Options.defaults().withStdin(Stdio.PIPE));
          p.await();
          byte[] big = new byte[1 << 20];
          assertThatThrownBy(
                  () -> {
                    for (int i = 0; i < 10; i++) {
                      p.stdin().write(big);
                      p.stdin().drain();
                    }
                  })
              .isInstanceOf(java.io.IOException.class);
          return null;
        });
  }
}
