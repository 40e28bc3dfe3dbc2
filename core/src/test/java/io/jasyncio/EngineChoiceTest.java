package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.probe.EngineProbe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which engine a JVM gets, on the class path and on the module path, with and without the export
 * flag: a child JVM per case, as a user would start one.
 */
class EngineChoiceTest {
  private static final String TO_UNNAMED = "java.base/jdk.internal.vm=ALL-UNNAMED";
  private static final String TO_MODULE = "java.base/jdk.internal.vm=io.jasyncio";

  record Child(int exit, String out, String err) {}

  /** Runs EngineProbe with jasyncio on the class path or (modular) on the module path. */
  private static Child probe(boolean modular, String... jvmArgs) throws Exception {
    String[] cp = System.getProperty("java.class.path").split(File.pathSeparator);
    String classes =
        Arrays.stream(cp)
            .filter(e -> e.endsWith("classes") && !e.endsWith("test-classes"))
            .findFirst()
            .orElseThrow();
    String testClasses =
        Arrays.stream(cp).filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmArgs));
    if (modular) {
      cmd.addAll(
          List.of("--module-path", classes, "--add-modules", "io.jasyncio", "-cp", testClasses));
    } else {
      cmd.addAll(List.of("-cp", classes + File.pathSeparator + testClasses));
    }
    cmd.add(EngineProbe.class.getName());
    Path err = Files.createTempFile("engine-probe", ".err");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(err.toFile())
              .redirectInput(new File("/dev/null"))
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
      return new Child(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  @Test
  void onTheClassPathWithoutTheFlagItRunsVirtualThreadsAndSaysWhichFlagWouldHelp()
      throws Exception {
    Child c = probe(false);
    assertThat(c.out())
        .contains("default=VIRTUAL_THREADS", "named=false", "ran=VIRTUAL_THREADS")
        .contains("--add-exports " + TO_UNNAMED);
    assertThat(c.err()).as("no warning: nothing was misconfigured").isEmpty();
  }

  @Test
  void onTheClassPathTheUnnamedExportGivesContinuations() throws Exception {
    Child c = probe(false, "--add-exports", TO_UNNAMED);
    assertThat(c.out()).contains("default=CONTINUATIONS", "ran=CONTINUATIONS");
  }

  @Test
  void onTheModulePathTheModuleExportGivesContinuations() throws Exception {
    Child c = probe(true, "--add-exports", TO_MODULE);
    assertThat(c.out()).contains("named=true", "default=CONTINUATIONS", "ran=CONTINUATIONS");
    assertThat(c.err()).isEmpty();
  }

  @Test
  void onTheModulePathAClassPathFlagIsNotSilent() throws Exception {
    Child c = probe(true, "--add-exports", TO_UNNAMED);
    assertThat(c.exit()).isZero();
    assertThat(c.out()).contains("named=true", "default=VIRTUAL_THREADS", "ran=VIRTUAL_THREADS");
    assertThat(c.err())
        .as("a warning, once, with the flag to use")
        .contains("WARNING", "jasyncio engine: virtual-threads", "--add-exports " + TO_MODULE);
    assertThat(c.err().split("jasyncio engine:", -1)).hasSize(2);
  }

  @Test
  void askingForContinuationsWithoutTheExportFailsWithTheExactFlag() throws Exception {
    Child c = probe(true, "--add-exports", TO_UNNAMED, "-Djasyncio.engine=continuations");
    assertThat(c.exit()).isNotZero();
    assertThat(c.err())
        .contains("IllegalStateException", "on the module path", "--add-exports " + TO_MODULE);
    Child cp = probe(false, "-Djasyncio.engine=continuations");
    assertThat(cp.exit()).isNotZero();
    assertThat(cp.err()).contains("on the class path", "--add-exports " + TO_UNNAMED);
  }

  @Test
  void theReasonIsAvailableInCode() {
    String reason = Engine.defaultEngineReason();
    if (System.getProperty(Engine.PROPERTY) != null) {
      assertThat(reason)
          .isEqualTo("-D" + Engine.PROPERTY + "=" + System.getProperty(Engine.PROPERTY));
    } else {
      assertThat(reason).contains("jdk.internal.vm");
    }
  }
}
