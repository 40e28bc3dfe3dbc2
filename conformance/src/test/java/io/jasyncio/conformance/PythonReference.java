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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reference: CPython 3 (at least 3.11), found as {@code python3} on the {@code PATH}. It runs a
 * scenario's Python program and returns the lines it printed.
 *
 * <p>A program that needs a newer CPython says so in its first {@value #HEADER_LINES} lines, with a
 * line {@code # requires-python: 3.13}. It then runs on the interpreter of the lowest feature
 * release that is at least that, among {@code python3}, the {@code python3.N} on the {@code PATH}
 * ({@code N} from 20 down to 12) and pyenv's {@code versions/}{@code *}{@code /bin/python3} (see
 * {@link #choose}). A program without the header runs on {@code python3}.
 *
 * <p>A missing or unusable interpreter fails the test (never skips it): the conformance suite has
 * no meaning without its reference.
 */
final class PythonReference {
  static final String MISSING =
      "python3 not found on PATH: the conformance suite needs CPython 3 as its reference";

  /** How long one Python program may run. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The header may be on any of a program's first so many lines. */
  static final int HEADER_LINES = 10;

  /** The header line; group 1 is the version as written. */
  private static final Pattern HEADER = Pattern.compile("#\\s*requires-python\\s*:\\s*(.*?)\\s*");

  private static final Pattern FEATURE = Pattern.compile("(\\d+)\\.(\\d+)");

  /** The newest {@code python3.N} looked for on the {@code PATH}; the oldest is 3.12. */
  private static final int NEWEST_MINOR = 20;

  /**
   * A CPython feature release, {@code major.minor}: what a program may require. Interpreters are
   * compared by it alone (3.13.0 and 3.13.5 both satisfy, and neither is lower than the other).
   */
  record Version(int major, int minor) implements Comparable<Version> {
    /** What every program needs, and what {@code python3} must be. */
    static final Version BASELINE = new Version(3, 11);

    /**
     * @param version {@code 3.13}, or a full version such as {@code 3.13.0} or {@code 3.14.0rc1}
     * @return its feature release, or null if it does not start with {@code major.minor}
     */
    static @Nullable Version of(String version) {
      Matcher m = FEATURE.matcher(version);
      if (!m.lookingAt()) {
        return null;
      }
      try {
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } catch (NumberFormatException e) {
        return null; // absurdly many digits
      }
    }

    /**
     * @return this, or {@link #BASELINE} if that is higher
     */
    Version orBaseline() {
      return compareTo(BASELINE) < 0 ? BASELINE : this;
    }

    @Override
    public int compareTo(Version o) {
      return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
      return major + "." + minor;
    }
  }

  /** The interpreter: the real executable behind {@code python3} (shims resolved), its version. */
  record Interpreter(String executable, String version) {
    /**
     * @return its feature release, or null if its version does not parse
     */
    @Nullable Version feature() {
      return Version.of(version);
    }

    @Override
    public String toString() {
      return "CPython " + version + " (" + executable + ")";
    }
  }

  /**
   * What probing one candidate found.
   *
   * @param candidate how it was found: {@code python3}, or the path of the file
   * @param interpreter the CPython interpreter it is, or null if it is none
   * @param problem why it is none ({@code ""} if it is one)
   */
  record Probe(String candidate, @Nullable Interpreter interpreter, String problem) {
    @Override
    public String toString() {
      if (interpreter == null) {
        return candidate + ": " + problem;
      }
      return candidate
          + ": CPython "
          + interpreter.version()
          + (candidate.equals(interpreter.executable())
              ? ""
              : " (" + interpreter.executable() + ")");
    }
  }

  private static volatile Interpreter interpreter;

  /** Every candidate, {@code python3} first, each probed once; null until a program needs them. */
  private static volatile @Nullable List<Probe> probes;

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
    Path python3 = findOnPath("python3");
    if (python3 == null) {
      fail(MISSING + " (PATH=" + System.getenv("PATH") + ")");
    }
    List<String> stderr = new ArrayList<>();
    Probe p = probe("python3", python3, stderr);
    Interpreter i = p.interpreter();
    if (i == null) {
      fail(
          python3
              + " "
              + p.problem()
              + ": the conformance suite needs CPython 3 as its reference\n"
              + String.join("\n", stderr));
    }
    Version v = i.feature();
    if (v == null || v.compareTo(Version.BASELINE) < 0) {
      fail(
          python3
              + " is CPython "
              + i.version()
              + ": the conformance suite needs CPython 3.11 or newer as its reference");
    }
    return i;
  }

  /**
   * Runs a candidate once to learn what it is. A pyenv shim for a version that is not selected
   * exits with 127: it is a candidate that "does not run", not a failure of the suite.
   *
   * @param candidate how it was found, for messages
   * @param file the file to run
   * @param stderr receives what it printed on stderr
   * @return what it is
   */
  private static Probe probe(String candidate, Path file, List<String> stderr) {
    Result r;
    try {
      // Ask it for its real executable (pyenv and similar put a slow shell shim on the PATH).
      r =
          exec(
              List.of(
                  file.toString(),
                  "-I",
                  "-c",
                  "import sys; print(sys.executable); print(sys.implementation.name);"
                      + " print('%d.%d.%d' % sys.version_info[:3])"),
              "probing " + file);
    } catch (AssertionError e) { // it could not start, or hung
      return new Probe(candidate, null, "does not run (" + e.getMessage() + ")");
    }
    stderr.addAll(r.stderr);
    if (r.exitCode != 0 || r.stdout.size() < 3) {
      return new Probe(candidate, null, "does not run (exit code " + r.exitCode + ")");
    }
    String exe = r.stdout.get(0).isBlank() ? file.toString() : r.stdout.get(0);
    String impl = r.stdout.get(1);
    String version = r.stdout.get(2);
    if (!impl.equals("cpython")) {
      return new Probe(candidate, null, "is " + impl + " " + version + ", not CPython");
    }
    return new Probe(candidate, new Interpreter(exe, version), "");
  }

  /**
   * @param name a command, e.g. {@code python3}
   * @return the first executable file of that name (or {@code name.exe}) on the {@code PATH}
   */
  private static @Nullable Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String n : windows ? List.of(name + ".exe", name) : List.of(name)) {
        Path p = Path.of(dir, n);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * The interpreter a program runs on: {@link #interpreter()} without a {@code # requires-python}
   * header, else the one {@link #choose} picks among all candidates.
   *
   * @param script the program
   * @return its interpreter
   * @throws org.opentest4j.AssertionFailedError if its header is malformed, or no interpreter found
   *     satisfies it (the message lists those found and says how to provide one)
   */
  static Interpreter interpreterFor(Path script) {
    String name = script.getFileName().toString();
    List<String> lines;
    try {
      lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Version required = requiredVersion(name, lines);
    Interpreter python3 = interpreter();
    if (required == null || required.orBaseline().equals(python3.feature())) {
      return python3; // nothing found later could be chosen over it: spare the probes
    }
    List<Probe> all = probes();
    return choose(found(all), required).orElseGet(() -> fail(noInterpreter(name, required, all)));
  }

  /**
   * Reads a program's {@code # requires-python: X.Y} header.
   *
   * @param name the program's file name, for messages
   * @param lines the program
   * @return the version it requires, or null without the header
   * @throws org.opentest4j.AssertionFailedError if the header is malformed, repeated, or not among
   *     the first {@value #HEADER_LINES} lines (where it would be ignored, silently)
   */
  static @Nullable Version requiredVersion(String name, List<String> lines) {
    Version required = null;
    for (int n = 0; n < lines.size(); n++) {
      Matcher m = HEADER.matcher(lines.get(n).strip());
      if (!m.matches()) {
        continue;
      }
      String where = name + " line " + (n + 1) + ": " + lines.get(n).strip();
      if (n >= HEADER_LINES) {
        fail(where + ": the header must be on one of the first " + HEADER_LINES + " lines");
      }
      if (required != null) {
        fail(where + ": a second requires-python header");
      }
      required = FEATURE.matcher(m.group(1)).matches() ? Version.of(m.group(1)) : null;
      if (required == null) {
        fail(where + ": write the version as major.minor, e.g. # requires-python: 3.13");
      }
    }
    return required;
  }

  /**
   * Chooses the interpreter for a program that requires {@code required}: of the lowest feature
   * release that is at least {@code required} and at least {@link Version#BASELINE}, so that a
   * scenario about 3.13 runs on 3.13 even where 3.14 is found too; among interpreters of that
   * release, the first in {@code found}'s order. Pure: it runs nothing.
   *
   * @param found CPython interpreters in search order ({@code python3} first); those whose version
   *     does not parse are ignored
   * @param required the version the program requires
   * @return the interpreter, or empty if none is recent enough
   */
  static Optional<Interpreter> choose(List<Interpreter> found, Version required) {
    Version floor = required.orBaseline();
    Interpreter best = null;
    for (Interpreter i : found) {
      Version v = i.feature();
      if (v != null
          && v.compareTo(floor) >= 0
          && (best == null || v.compareTo(best.feature()) < 0)) {
        best = i;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The message when no interpreter satisfies a program: what it requires, what was found, and how
   * to provide one.
   */
  static String noInterpreter(String name, Version required, List<Probe> probes) {
    StringBuilder b =
        new StringBuilder()
            .append(name)
            .append(" requires CPython ")
            .append(required)
            .append(" or newer (its header # requires-python: ")
            .append(required)
            .append("), but none of the interpreters found is that recent:");
    for (Probe p : probes) {
      b.append("\n  ").append(p);
    }
    return b.append("\nInstall one with pyenv (`pyenv install ")
        .append(required)
        .append("`: the suite finds $PYENV_ROOT/versions/*/bin/python3 or")
        .append(" ~/.pyenv/versions/*/bin/python3 itself, no need to select it), or put a working")
        .append(" python")
        .append(required)
        .append(" on the PATH")
        .toString();
  }

  /** The CPython interpreters among the probes, in order. */
  private static List<Interpreter> found(List<Probe> probes) {
    return probes.stream().map(Probe::interpreter).filter(i -> i != null).toList();
  }

  /** Every candidate, probed once per JVM. */
  private static List<Probe> probes() {
    List<Probe> p = probes;
    if (p == null) {
      synchronized (PythonReference.class) {
        p = probes;
        if (p == null) {
          p = probeAll();
          probes = p;
        }
      }
    }
    return p;
  }

  /**
   * {@code python3}, then the {@code python3.N} on the {@code PATH} from the newest down, then
   * pyenv's versions from the oldest. A file that is (a link to) an interpreter already found is
   * not run again, and an interpreter reached twice is listed once.
   */
  private static List<Probe> probeAll() {
    List<Probe> all = new ArrayList<>();
    List<Path> seen = new ArrayList<>();
    Interpreter python3 = interpreter();
    all.add(new Probe("python3", python3, ""));
    seen.add(realPath(Path.of(python3.executable())));
    List<Path> candidates = new ArrayList<>();
    for (int minor = NEWEST_MINOR; minor >= 12; minor--) {
      Path p = findOnPath("python3." + minor);
      if (p != null) {
        candidates.add(p);
      }
    }
    String root = System.getenv("PYENV_ROOT");
    Path versions =
        (root == null || root.isBlank()
                ? Path.of(System.getProperty("user.home"), ".pyenv")
                : Path.of(root))
            .resolve("versions");
    if (Files.isDirectory(versions)) {
      try (var dirs = Files.list(versions)) {
        dirs.sorted(PYENV_ORDER)
            .map(d -> d.resolve("bin").resolve("python3"))
            .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (Path c : candidates) {
      if (seen.contains(realPath(c))) {
        continue;
      }
      Probe p = probe(c.toString(), c, new ArrayList<>());
      if (p.interpreter() != null) {
        Path real = realPath(Path.of(p.interpreter().executable()));
        if (seen.contains(real)) {
          continue;
        }
        seen.add(real);
      }
      all.add(p);
    }
    return List.copyOf(all);
  }

  /** pyenv's version directories by the version their name starts with, then by name. */
  private static final Comparator<Path> PYENV_ORDER =
      Comparator.comparing(
              (Path d) -> Version.of(d.getFileName().toString()),
              Comparator.nullsLast(Comparator.<Version>naturalOrder()))
          .thenComparing(d -> d.getFileName().toString());

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath();
    }
  }

  /**
   * Runs a Python program in isolated mode ({@code -I}: no user site, no {@code PYTHON*} variables)
   * with UTF-8 output.
   *
   * @param script the program
   * @param i the interpreter to run it on ({@link #interpreterFor})
   * @return the lines it printed on stdout
   * @throws org.opentest4j.AssertionFailedError if it fails or exceeds {@link #TIMEOUT}
   */
  static List<String> run(Path script, Interpreter i) {
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
