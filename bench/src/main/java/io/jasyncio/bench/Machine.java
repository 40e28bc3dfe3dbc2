package io.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the benchmarks ran on, and the external tools they use. */
public final class Machine {
  private Machine() {}

  public static Optional<String> which(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  /** Runs a short command and returns its output (stdout and stderr), or "" if it failed. */
  public static String output(List<String> cmd, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  public static String pythonVersion(String python) {
    return output(List.of(python, "-c", "import platform; print(platform.python_version())"), 30);
  }

  public static String uvloopVersion(String python) {
    return output(List.of(python, "-c", "import uvloop; print(uvloop.__version__)"), 30);
  }

  /**
   * A Python that can import uvloop. Debian's {@code python3-uvloop} installs for Debian's own
   * {@code /usr/bin/python3}, which need not be the first python3 on the PATH. If none has it and
   * {@code install} is set, installs the package with apt-get and says so.
   */
  public static Optional<String> pythonWithUvloop(boolean install, List<String> notes) {
    List<String> candidates = new ArrayList<>();
    which("python3").ifPresent(candidates::add);
    candidates.add("/usr/bin/python3");
    for (String p : candidates) {
      if (Files.isExecutable(Path.of(p)) && !uvloopVersion(p).isEmpty()) {
        return Optional.of(p);
      }
    }
    if (!install) {
      notes.add("uvloop: not installed (python3-uvloop); run without --no-install to install it");
      return Optional.empty();
    }
    if (which("apt-get").isEmpty()) {
      notes.add("uvloop: not installed, and there is no apt-get to install python3-uvloop");
      return Optional.empty();
    }
    System.out.println("bench: uvloop is missing: installing Debian's python3-uvloop with apt-get");
    output(List.of("apt-get", "update", "-qq"), 600);
    output(List.of("apt-get", "install", "-y", "-qq", "python3-uvloop"), 600);
    if (Files.isExecutable(Path.of("/usr/bin/python3"))
        && !uvloopVersion("/usr/bin/python3").isEmpty()) {
      return Optional.of("/usr/bin/python3");
    }
    notes.add("uvloop: apt-get install python3-uvloop failed; the uvloop column is left out");
    return Optional.empty();
  }

  /** One line per fact: cores, CPU, memory, OS, JDK, Python. */
  public static List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("cores: " + Runtime.getRuntime().availableProcessors());
    lines.add("cpu: " + firstMatch(Path.of("/proc/cpuinfo"), "model name"));
    String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
    lines.add("memory: " + mem);
    lines.add(
        "os: "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "")
            + ")");
    lines.add(
        "jdk: "
            + System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    which("python3").ifPresent(p -> lines.add("python3: " + p + " " + pythonVersion(p)));
    return lines;
  }

  private static String firstMatch(Path file, String key) {
    try {
      for (String l : Files.readAllLines(file)) {
        if (l.startsWith(key)) {
          int i = l.indexOf(l.contains("=") && !l.contains(":") ? '=' : ':');
          return l.substring(i + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux, or not readable: say so below
    }
    return "unknown";
  }
}
