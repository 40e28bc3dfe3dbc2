package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C during {@link Asyncio#run}, in a real child JVM sent a real SIGINT: the first cancels the
 * main task and its cleanup runs, then the JVM exits with status 130; a second one exits at once; a
 * main task that catches the cancellation goes on.
 */
class SigintTest {
  private record Outcome(List<String> lines, int status) {}

  private static Outcome run(String mode, int signals) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    if (Engine.defaultEngine() == Engine.CONTINUATIONS) {
      cmd.add("--add-exports");
      cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    }
    cmd.add("-Djasyncio.engine=" + Engine.defaultEngine().name().toLowerCase().replace('_', '-'));
    cmd.add("-cp");
    cmd.add(location(Asyncio.class) + java.io.File.pathSeparator + location(SigintProgram.class));
    cmd.add(SigintProgram.class.getName());
    cmd.add(mode);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int sent = 0;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if ((line.equals("started") || line.equals("still waiting")) && sent < signals) {
          sent++;
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
    return new Outcome(lines, p.exitValue());
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void theFirstCtrlCCancelsTheMainTaskRunsItsCleanupAndExitsWith130() throws Exception {
    Outcome o = run("once", 1);
    assertThat(o.lines()).containsExactly("started", "cancelled", "cleanup ran");
    assertThat(o.status()).isEqualTo(130);
  }

  @Test
  void aSecondCtrlCExitsAtOnceWhenTheMainTaskSwallowedTheFirst() throws Exception {
    Outcome o = run("stubborn", 2);
    assertThat(o.lines()).containsExactly("started", "cancelled", "still waiting");
    assertThat(o.status()).isEqualTo(130);
  }

  @Test
  void aMainTaskThatCatchesTheCancellationGoesOn() throws Exception {
    Outcome o = run("catches", 1);
    assertThat(o.lines())
        .containsExactly("started", "cancelled", "cleanup ran", "run returned caught");
    assertThat(o.status()).isZero();
  }
}
