package io.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /**
   * Runs a short command and returns its output (stdout and stderr), or "" if it failed or did not
   * finish in {@code timeoutSeconds} (it is then killed, with its child processes).
   */
  public static String output(List<String> cmd, int timeoutSeconds) {
    try {
      Worker.Result r =
          Worker.run(
              new ProcessBuilder(cmd).redirectErrorStream(true),
              Duration.ofSeconds(timeoutSeconds));
      return r.ok() ? r.stdout().trim() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The 1-minute load average, or NaN where /proc/loadavg cannot be read. */
  public static double loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim();
      return Double.parseDouble(s.split(" ", -1)[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public static String pythonVersion(String python) {
    return output(List.of(python, "-c", "import platform; print(platform.python_version())"), 30);
  }

  public static String uvloopVersion(String python) {
    return output(List.of(python, "-c", "import uvloop; print(uvloop.__version__)"), 30);
  }

  /** The command that installs uvloop for Debian's python3. */
  public static final String UVLOOP_INSTALL = "sudo apt-get install python3-uvloop";

  /**
   * A Python that can import uvloop. Debian's {@code python3-uvloop} installs for Debian's own
   * {@code /usr/bin/python3}, which need not be the first python3 on the PATH. If none has it, the
   * bench installs nothing unless {@code install} is set ({@code --install}): it adds a note that
   * uvloop is skipped and how to get it. With {@code install}, it runs {@code apt-get install
   * python3-uvloop} (through {@code sudo -n} when not root) and says so.
   */
  public static Optional<String> pythonWithUvloop(boolean install, List<String> notes) {
    List<String> candidates = new ArrayList<>();
    which("python3").ifPresent(candidates::add);
    candidates.add("/usr/bin/python3");
    return pythonWithUvloop(candidates, install, notes);
  }

  /** {@link #pythonWithUvloop(boolean, List)} among these interpreters. */
  static Optional<String> pythonWithUvloop(
      List<String> candidates, boolean install, List<String> notes) {
    for (String p : candidates) {
      if (Files.isExecutable(Path.of(p)) && !uvloopVersion(p).isEmpty()) {
        return Optional.of(p);
      }
    }
    if (!install) {
      notes.add(
          "uvloop skipped: no python3 here can import uvloop; get it with `"
              + UVLOOP_INSTALL
              + "` (Debian, Ubuntu), or run again with --install to let the bench do it");
      return Optional.empty();
    }
    if (which("apt-get").isEmpty()) {
      notes.add(
          "uvloop skipped: no python3 here can import uvloop, and there is no apt-get to install"
              + " python3-uvloop; install uvloop for /usr/bin/python3 by hand");
      return Optional.empty();
    }
    List<String> sudo =
        "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
    System.err.println(
        "bench: uvloop is missing; --install: running "
            + String.join(" ", sudo)
            + (sudo.isEmpty() ? "" : " ")
            + "apt-get install -y python3-uvloop");
    List<String> update = new ArrayList<>(sudo);
    update.addAll(List.of("apt-get", "update", "-qq"));
    output(update, 600);
    List<String> get = new ArrayList<>(sudo);
    get.addAll(List.of("apt-get", "install", "-y", "-qq", "python3-uvloop"));
    output(get, 600);
    if (Files.isExecutable(Path.of("/usr/bin/python3"))
        && !uvloopVersion("/usr/bin/python3").isEmpty()) {
      return Optional.of("/usr/bin/python3");
    }
    notes.add(
        "uvloop skipped: `"
            + String.join(" ", get)
            + "` failed; run `"
            + UVLOOP_INSTALL
            + "` by hand to see why");
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
