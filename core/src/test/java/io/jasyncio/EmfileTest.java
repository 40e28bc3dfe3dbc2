package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pitfall 23 (accept storms and EMFILE), in a real child JVM run with {@code ulimit -n 256}: out of
 * file descriptors, the server's accept backs off for a second instead of spinning on its ready
 * listening socket, reports why, and accepts again afterwards.
 */
class EmfileTest {
  @Test
  void outOfFileDescriptorsAcceptBacksOffWithoutSpinningAndRecovers() throws Exception {
    List<String> jvm = new ArrayList<>();
    jvm.add(ProcessHandle.current().info().command().orElseThrow());
    if (Engine.defaultEngine() == Engine.CONTINUATIONS) {
      jvm.add("--add-exports");
      jvm.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    }
    jvm.add(
        "-Djasyncio.engine="
            + Engine.defaultEngine().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    jvm.add("-cp");
    jvm.add(location(Asyncio.class) + java.io.File.pathSeparator + location(EmfileProgram.class));
    jvm.add(EmfileProgram.class.getName());
    List<String> cmd =
        new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n 256 && exec \"$@\"", "sh"));
    cmd.addAll(jvm);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
    assertThat(lines)
        .as("child output")
        .containsExactly("accept backed off", "no spin", "served again");
    assertThat(p.exitValue()).isZero();
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
