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

  /** Whether a command exits with status 0 within {@code timeoutSeconds}. */
  static boolean succeeds(List<String> cmd, int timeoutSeconds) {
    try {
      return Worker.run(
              new ProcessBuilder(cmd).redirectErrorStream(true), Duration.ofSeconds(timeoutSeconds))
          .ok();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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

  public static String httptoolsVersion(String python) {
    return output(List.of(python, "-c", "import httptools; print(httptools.__version__)"), 30);
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
    if (aptInstall("uvloop", "no python3 here can import uvloop", "python3-uvloop", install, notes)
        && Files.isExecutable(Path.of("/usr/bin/python3"))
        && !uvloopVersion("/usr/bin/python3").isEmpty()) {
      return Optional.of("/usr/bin/python3");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code python} can import httptools (uvloop's HTTP benchmark parser); with {@code
   * install} and Debian's {@code /usr/bin/python3}, installs {@code python3-httptools} as {@link
   * #pythonWithUvloop} installs uvloop.
   */
  public static boolean httptools(String python, boolean install, List<String> notes) {
    String check = "import httptools";
    if (output(List.of(python, "-c", check + "; print('ok')"), 30).equals("ok")) {
      return true;
    }
    return python.equals("/usr/bin/python3")
        && aptInstall(
            "uvloop-httptools",
            python + " cannot import httptools",
            "python3-httptools",
            install,
            notes)
        && output(List.of(python, "-c", check + "; print('ok')"), 30).equals("ok");
  }

  /**
   * The path of a command-line tool from a Debian package of the same name ({@code wrk}, say); if
   * it is missing, installs it only with {@code install}, as {@link #pythonWithUvloop} does.
   */
  public static Optional<String> tool(String name, boolean install, List<String> notes) {
    Optional<String> w = which(name);
    if (w.isPresent()) {
      return w;
    }
    return aptInstall(name, "no " + name + " on the PATH", name, install, notes)
        ? which(name)
        : Optional.empty();
  }

  /**
   * Installs Debian package {@code pkg} (through {@code sudo -n} when not root) if {@code install}
   * is set, and says so on stderr; otherwise adds a note that {@code what} is skipped because of
   * {@code why}, and how to get it. Returns whether apt-get ran and succeeded.
   */
  static boolean aptInstall(
      String what, String why, String pkg, boolean install, List<String> notes) {
    if (!install) {
      notes.add(
          what
              + " skipped: "
              + why
              + "; get it with `sudo apt-get install "
              + pkg
              + "` (Debian, Ubuntu), or run again with --install to let the bench do it");
      return false;
    }
    if (which("apt-get").isEmpty()) {
      notes.add(
          what + " skipped: " + why + ", and there is no apt-get to install " + pkg + " by hand");
      return false;
    }
    List<String> sudo =
        "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
    System.err.println(
        "bench: "
            + why
            + "; --install: running "
            + String.join(" ", sudo)
            + (sudo.isEmpty() ? "" : " ")
            + "apt-get install -y "
            + pkg);
    List<String> update = new ArrayList<>(sudo);
    update.addAll(List.of("apt-get", "update", "-qq"));
    output(update, 600);
    List<String> get = new ArrayList<>(sudo);
    get.addAll(List.of("apt-get", "install", "-y", "-qq", pkg));
    if (succeeds(get, 600)) {
      return true;
    }
    notes.add(
        what
            + " skipped: `"
            + String.join(" ", get)
            + "` failed; run `sudo apt-get install "
            + pkg
            + "` by hand to see why");
    return false;
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
