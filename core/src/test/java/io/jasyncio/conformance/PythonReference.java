package io.jasyncio.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The reference: CPython 3 (at least 3.11), found as {@code python3} on the {@code PATH}. It runs a
 * scenario's Python program and returns the lines it printed.
 *
 * <p>A missing or unusable interpreter fails the test (never skips it): the conformance suite has
 * no meaning without its reference.
 */
final class PythonReference {
  static final String MISSING =
      "python3 not found on PATH: the conformance suite needs CPython 3 as its reference";

  /** How long one Python program may run. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The interpreter: the real executable behind {@code python3} (shims resolved), its version. */
  record Interpreter(String executable, String version) {
    @Override
    public String toString() {
      return "CPython " + version + " (" + executable + ")";
    }
  }

  private static volatile Interpreter interpreter;

  private PythonReference() {}

  /**
   * @return the reference interpreter, located once per JVM
   * @throws org.opentest4j.AssertionFailedError if there is none, or it is not CPython 3.11+
   */
  static Interpreter interpreter() {
    Interpreter i = interpreter;
    if (i == null) {
      synchronized (PythonReference.class) {
        i = interpreter;
        if (i == null) {
          i = locate();
          interpreter = i;
        }
      }
    }
    return i;
  }

  private static Interpreter locate() {
    Path python3 = findOnPath();
    if (python3 == null) {
      fail(MISSING + " (PATH=" + System.getenv("PATH") + ")");
    }
    // Ask it for its real executable (pyenv and similar put a slow shell shim on the PATH).
    Result r =
        exec(
            List.of(
                python3.toString(),
                "-I",
                "-c",
                "import sys; print(sys.executable); print(sys.implementation.name);"
                    + " print('%d.%d.%d' % sys.version_info[:3]);"
                    + " print(int(sys.version_info >= (3, 11)))"),
            "locating the reference interpreter");
    if (r.exitCode != 0 || r.stdout.size() < 4) {
      fail(
          python3
              + " does not run (exit code "
              + r.exitCode
              + "): the conformance suite needs CPython 3 as its reference\n"
              + String.join("\n", r.stderr));
    }
    String exe = r.stdout.get(0).isBlank() ? python3.toString() : r.stdout.get(0);
    String impl = r.stdout.get(1);
    String version = r.stdout.get(2);
    if (!impl.equals("cpython") || !r.stdout.get(3).equals("1")) {
      fail(
          python3
              + " is "
              + impl
              + " "
              + version
              + ": the conformance suite needs CPython 3.11 or newer as its reference");
    }
    return new Interpreter(exe, version);
  }

  private static Path findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : windows ? List.of("python3.exe", "python3") : List.of("python3")) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Runs a Python program in isolated mode ({@code -I}: no user site, no {@code PYTHON*} variables)
   * with UTF-8 output.
   *
   * @param script the program
   * @return the lines it printed on stdout
   * @throws org.opentest4j.AssertionFailedError if it fails or exceeds {@link #TIMEOUT}
   */
  static List<String> run(Path script) {
    Interpreter i = interpreter();
    Result r =
        exec(
            List.of(i.executable(), "-I", "-X", "utf8", script.toString()),
            "running " + script.getFileName());
    if (r.exitCode != 0) {
      fail(
          "the reference program "
              + script.getFileName()
              + " failed under "
              + i
              + " (exit code "
              + r.exitCode
              + ")\n--- stdout ---\n"
              + String.join("\n", r.stdout)
              + "\n--- stderr ---\n"
              + String.join("\n", r.stderr));
    }
    return r.stdout;
  }

  private record Result(int exitCode, List<String> stdout, List<String> stderr) {}

  private static Result exec(List<String> command, String what) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      fail(what + ": cannot start " + command.get(0) + ": " + e, e);
      throw new AssertionError(e);
    }
    try {
      p.getOutputStream().close();
      // Drain stderr on the side, so that a chatty program cannot block on a full pipe.
      List<String> err = Collections.synchronizedList(new ArrayList<>());
      Thread errReader = Thread.ofVirtual().start(() -> err.addAll(readLines(p.getErrorStream())));
      List<String> out = Collections.synchronizedList(new ArrayList<>());
      Thread outReader = Thread.ofVirtual().start(() -> out.addAll(readLines(p.getInputStream())));
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        outReader.join(1000);
        errReader.join(1000);
        fail(
            what
                + ": "
                + command.get(0)
                + " did not finish within "
                + TIMEOUT.toSeconds()
                + " s; it printed so far:\n"
                + String.join("\n", snapshot(out)));
      }
      outReader.join();
      errReader.join();
      return new Result(p.exitValue(), List.copyOf(out), List.copyOf(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError(what + ": interrupted", e);
    }
  }

  private static List<String> snapshot(List<String> lines) {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private static List<String> readLines(InputStream in) {
    try (in) {
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
      if (s.isEmpty()) {
        return List.of();
      }
      List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
      if (s.endsWith("\n")) {
        lines.removeLast(); // a final newline does not start another line
      }
      return lines;
    } catch (IOException e) {
      return List.of("<could not read: " + e + ">");
    }
  }
}
