package io.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JPMS boundary, as a user on the module path meets it: each test starts a JVM with jasyncio
 * (module {@code io.jasyncio}) on the module path. The rest of the suite runs on the class path.
 */
class ModulePathTest {
  private record Result(int status, String out, String err) {}

  /** The JDK running this test, and where the modules are: a jar or a classes directory each. */
  private static final String JAVA =
      ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no java"));

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static final String CORE = location(Engine.class);
  private static final String EXAMPLES = location(Examples.class);

  private static Result java(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(JAVA);
    cmd.add("-Dstdout.encoding=UTF-8");
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void anExampleRunsOnTheContinuationsEngineWhenTheExportReachesTheModule() throws Exception {
    Result r =
        java(
            List.of(
                "--add-exports",
                "java.base/jdk.internal.vm=io.jasyncio",
                "-Djasyncio.engine=continuations",
                "--module-path",
                CORE + java.io.File.pathSeparator + EXAMPLES,
                "-m",
                "io.jasyncio.examples/io.jasyncio.examples.Examples",
                "hello"));
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("Hello from coroutine!\n");
    assertThat(r.status()).isZero();
  }

  @Test
  void withoutTheExportTheContinuationsEngineIsRefusedNamingTheFlag() throws Exception {
    Result r =
        java(
            List.of(
                "-Djasyncio.engine=continuations",
                "--module-path",
                CORE + java.io.File.pathSeparator + EXAMPLES,
                "-m",
                "io.jasyncio.examples/io.jasyncio.examples.Examples",
                "hello"));
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("--add-exports java.base/jdk.internal.vm=io.jasyncio");
    assertThat(r.out()).doesNotContain("Hello");
  }

  /**
   * A program in the unnamed module, with jasyncio on the module path: it reads the two exported
   * packages, not the engines' package, and gets the continuations engine from the flag.
   */
  @Test
  void onlyTheApiPackagesAreExported(@TempDir Path dir) throws Exception {
    Path program = dir.resolve("Check.java");
    Files.writeString(
        program,
        """
        public class Check {
          public static void main(String[] args) throws Exception {
            System.out.println("engine " + io.jasyncio.Engine.defaultEngine());
            System.out.println("sync " + new io.jasyncio.sync.Lock());
            Class<?> c = Class.forName("io.jasyncio.internal.Strands");
            try {
              c.getMethod("continuationsAvailable").invoke(null);
              System.out.println("internal open");
            } catch (IllegalAccessException e) {
              System.out.println("internal closed");
            }
            Module m = io.jasyncio.Engine.class.getModule();
            System.out.println(m.getName() + " exports " + m.getDescriptor().exports().stream()
                .map(Object::toString).sorted().toList());
          }
        }
        """);
    Result r =
        java(
            List.of(
                "--add-exports",
                "java.base/jdk.internal.vm=io.jasyncio",
                "--module-path",
                CORE,
                "--add-modules",
                "io.jasyncio",
                program.toString()));
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines())
        .containsExactly(
            "engine CONTINUATIONS",
            "sync <Lock [unlocked]>",
            "internal closed",
            "io.jasyncio exports [io.jasyncio, io.jasyncio.net, io.jasyncio.subprocess, io.jasyncio.sync]");
    assertThat(r.status()).isZero();
  }
}
