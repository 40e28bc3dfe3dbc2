package io.jasyncio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Engine;
import io.jasyncio.conformance.PythonReference.Interpreter;
import io.jasyncio.conformance.PythonReference.Probe;
import io.jasyncio.conformance.PythonReference.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential conformance suite: every scenario is a Python program ({@code
 * conformance/NAME.py}, run by the machine's {@code python3}, the reference) and a Java twin (a
 * {@link Scenario @Scenario("NAME")} method); both print a trace, one event per line, and the two
 * traces must be identical line for line. A program with a {@code # requires-python: 3.13} header
 * runs on a CPython at least that recent instead ({@link PythonReference}).
 *
 * <p>Each scenario is its own dynamic test, named after it. The Python program runs while the Java
 * twin runs (they are independent processes), each with a 30 s limit.
 */
class ConformanceTest {
  /** The classes holding the Java twins. */
  static final List<Class<?>> SCENARIO_CLASSES =
      List.of(
          OrderingScenarios.class,
          GatherScenarios.class,
          CancellationScenarios.class,
          CallbackScenarios.class,
          ResultScenarios.class,
          RunScenarios.class,
          SyncScenarios.class,
          EagerScenarios.class,
          ContextVarScenarios.class,
          TaskGroupScenarios.class,
          WaitScenarios.class,
          WaitForScenarios.class,
          TimeoutScenarios.class,
          AsCompletedScenarios.class,
          ShieldScenarios.class,
          ApiScenarios.class,
          IoScenarios.class);

  static final Duration JAVA_TIMEOUT = Duration.ofSeconds(30);

  private static final String RESOURCE_DIR = "conformance";

  /** A Java twin. */
  record Twin(String name, Method method) {
    URI source() {
      return URI.create(
          "method:"
              + method.getDeclaringClass().getName()
              + "#"
              + method.getName()
              + "("
              + Trace.class.getName()
              + ")");
    }
  }

  @TestFactory
  Stream<DynamicTest> scenarios() {
    return javaTwins().values().stream()
        .map(t -> DynamicTest.dynamicTest(t.name(), t.source(), () -> check(t)));
  }

  /** Every Python program has a Java twin and the other way round: none is silently left out. */
  @Test
  void everyScenarioHasBothTwins() {
    TreeSet<String> python = new TreeSet<>(pythonPrograms().keySet());
    TreeSet<String> java = new TreeSet<>(javaTwins().keySet());
    TreeSet<String> pythonOnly = new TreeSet<>(python);
    pythonOnly.removeAll(java);
    TreeSet<String> javaOnly = new TreeSet<>(java);
    javaOnly.removeAll(python);
    assertThat(pythonOnly)
        .as("Python programs in %s/ without a @Scenario Java twin", RESOURCE_DIR)
        .isEmpty();
    assertThat(javaOnly)
        .as("@Scenario Java twins without a %s/NAME.py program", RESOURCE_DIR)
        .isEmpty();
    assertThat(java).as("scenarios").hasSizeGreaterThanOrEqualTo(18);
  }

  /** The {@code # requires-python} header: where it counts, and what it must look like. */
  @Test
  void requiresPythonHeader() {
    assertThat(
            PythonReference.requiredVersion("a.py", List.of("\"\"\"doc\"\"\"", "import asyncio")))
        .isNull();
    assertThat(
            PythonReference.requiredVersion(
                "a.py", List.of("\"\"\"doc\"\"\"", "# requires-python: 3.13")))
        .isEqualTo(new Version(3, 13));
    assertThat(PythonReference.requiredVersion("a.py", List.of("  #requires-python:3.12  ")))
        .isEqualTo(new Version(3, 12));
    List<String> tenth = new ArrayList<>(Collections.nCopies(9, "pass"));
    tenth.add("# requires-python: 3.14");
    assertThat(PythonReference.requiredVersion("a.py", tenth)).isEqualTo(new Version(3, 14));
    // Not silently ignored: too late, twice, or not major.minor.
    List<String> eleventh = new ArrayList<>(Collections.nCopies(10, "pass"));
    eleventh.add("# requires-python: 3.13");
    assertThatThrownBy(() -> PythonReference.requiredVersion("late.py", eleventh))
        .hasMessageContaining("late.py line 11")
        .hasMessageContaining("first 10 lines");
    assertThatThrownBy(
            () ->
                PythonReference.requiredVersion(
                    "two.py", List.of("# requires-python: 3.12", "# requires-python: 3.13")))
        .hasMessageContaining("two.py line 2")
        .hasMessageContaining("second");
    for (String bad : List.of(">=3.13", "3", "3.13.0", "", "three")) {
      assertThatThrownBy(
              () -> PythonReference.requiredVersion("bad.py", List.of("# requires-python: " + bad)))
          .as(bad)
          .hasMessageContaining("bad.py line 1")
          .hasMessageContaining("major.minor");
    }
  }

  /** The choice among the interpreters found: the lowest feature release that is recent enough. */
  @Test
  void interpreterChoice() {
    Interpreter python3 = new Interpreter("/usr/bin/python3", "3.11.7");
    Interpreter path314 = new Interpreter("/opt/bin/python3.14", "3.14.0rc1");
    Interpreter pyenv312 = new Interpreter("/pyenv/versions/3.12.1/bin/python3", "3.12.1");
    Interpreter pyenv313a = new Interpreter("/pyenv/versions/3.13.4/bin/python3", "3.13.4");
    Interpreter pyenv313b = new Interpreter("/pyenv/versions/3.13.0/bin/python3", "3.13.0");
    Interpreter pyenv310 = new Interpreter("/pyenv/versions/3.10.13/bin/python3", "3.10.13");
    Interpreter odd = new Interpreter("/pyenv/versions/main/bin/python3", "unknown");
    List<Interpreter> found =
        List.of(python3, path314, pyenv310, pyenv312, pyenv313a, pyenv313b, odd);

    // Within a feature release, the first found: micro releases are not ranked.
    assertThat(PythonReference.choose(found, new Version(3, 13))).contains(pyenv313a);
    assertThat(PythonReference.choose(found, new Version(3, 12))).contains(pyenv312);
    assertThat(PythonReference.choose(found, new Version(3, 14))).contains(path314);
    assertThat(PythonReference.choose(found, new Version(3, 15))).isEmpty();
    assertThat(PythonReference.choose(found, new Version(4, 0))).isEmpty();
    assertThat(PythonReference.choose(found, new Version(3, 11))).contains(python3);
    // Never below what the suite needs anyway, whatever the header says.
    assertThat(PythonReference.choose(found, new Version(3, 9))).contains(python3);
    assertThat(PythonReference.choose(List.of(pyenv310), new Version(3, 9))).isEmpty();
    // A newer python3 does not win over an older release that suffices...
    Interpreter python3new = new Interpreter("/usr/bin/python3", "3.14.2");
    assertThat(PythonReference.choose(List.of(python3new, pyenv312, pyenv313b), new Version(3, 13)))
        .contains(pyenv313b);
    // ...but it comes first among interpreters of the same feature release.
    assertThat(PythonReference.choose(List.of(python3new, path314), new Version(3, 13)))
        .contains(python3new);
    assertThat(PythonReference.choose(List.of(), new Version(3, 13))).isEmpty();
  }

  /** When nothing is recent enough, the message says what was required, found, and to do. */
  @Test
  void noInterpreterMessage() {
    String message =
        PythonReference.noInterpreter(
            "needs_313.py",
            new Version(3, 13),
            List.of(
                new Probe("python3", new Interpreter("/usr/bin/python3", "3.11.7"), ""),
                new Probe("/shims/python3.13", null, "does not run (exit code 127)"),
                new Probe(
                    "/pyenv/versions/3.12.1/bin/python3",
                    new Interpreter("/pyenv/versions/3.12.1/bin/python3", "3.12.1"),
                    "")));
    assertThat(message)
        .contains("needs_313.py requires CPython 3.13 or newer")
        .contains("python3: CPython 3.11.7 (/usr/bin/python3)")
        .contains("/shims/python3.13: does not run (exit code 127)")
        .contains("\n  /pyenv/versions/3.12.1/bin/python3: CPython 3.12.1\n")
        .contains("pyenv install 3.13")
        .contains("python3.13 on the PATH");
  }

  private static void check(Twin twin) {
    Disabled disabled = twin.method().getAnnotation(Disabled.class);
    if (disabled != null) {
      Assumptions.abort("scenario " + twin.name() + " is disabled: " + disabled.value());
    }
    Path script = pythonPrograms().get(twin.name());
    if (script == null) {
      fail(
          "scenario "
              + twin.name()
              + ": no "
              + RESOURCE_DIR
              + "/"
              + twin.name()
              + ".py next to its Java twin");
    }
    PythonReference.Interpreter python = PythonReference.interpreterFor(script);
    CompletableFuture<List<String>> reference =
        CompletableFuture.supplyAsync(
            () -> PythonReference.run(script, python), r -> Thread.ofVirtual().start(r));

    String engine =
        Engine.defaultEngine().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    Trace trace = new Trace();
    Throwable javaFailure = runJava(twin, trace);

    List<String> first;
    try {
      first = reference.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error err) {
        throw err; // the reference failed: its message says how
      }
      throw e;
    }
    List<String> actual = trace.lines();
    List<String> expected =
        javaFailure == null && !actual.equals(first)
            ? referenceAgain(twin, script, python, first, actual)
            : first;
    if (javaFailure != null) {
      throw new AssertionError(
          "scenario "
              + twin.name()
              + ": the Java twin threw (engine "
              + engine
              + "): "
              + javaFailure
              + "\n"
              + LineDiff.diff(expected, actual),
          javaFailure);
    }
    assertThat(actual)
        .as(
            () ->
                "scenario "
                    + twin.name()
                    + ": the trace of jasyncio (engine "
                    + engine
                    + ") differs from the reference "
                    + python
                    + "\n"
                    + LineDiff.diff(expected, actual))
        .containsExactly(expected.toArray(String[]::new));
  }

  /**
   * Whether the Java twins run on the real clock ({@code -Dconformance.realTime=true}) instead of
   * virtual time. Virtual time gives the same order of events without a machine under load ever
   * delaying a timer past another's deadline, and without waiting.
   */
  static final boolean REAL_TIME = Boolean.getBoolean("conformance.realTime");

  /**
   * Runs the reference once more, alone, after its first trace differed from the twin's: CPython
   * runs on the real clock, and a busy machine can delay one of its timers past another's deadline
   * (the twin, on virtual time, cannot be). The twin must match this second run exactly; when it
   * does, the first run's difference is printed.
   */
  private static List<String> referenceAgain(
      Twin twin,
      Path script,
      PythonReference.Interpreter python,
      List<String> first,
      List<String> actual) {
    List<String> again = PythonReference.run(script, python);
    if (again.equals(actual)) {
      System.err.println(
          "scenario "
              + twin.name()
              + ": the reference's first run differed (timing under load), its second run"
              + " matches:\n"
              + LineDiff.diff(first, actual));
    }
    return again;
  }

  /** Runs the Java twin; returns what it threw, if anything. */
  private static Throwable runJava(Twin twin, Trace trace) {
    Throwable[] thrown = new Throwable[1];
    assertTimeoutPreemptively(
        JAVA_TIMEOUT,
        () -> {
          Runnable call =
              () -> {
                try {
                  twin.method().invoke(null, trace);
                } catch (InvocationTargetException e) {
                  thrown[0] = e.getCause();
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              };
          if (REAL_TIME || twin.method().getAnnotation(Scenario.class).realTime()) {
            call.run();
          } else {
            io.jasyncio.Asyncio.withVirtualTime(call);
          }
        },
        () ->
            "scenario "
                + twin.name()
                + ": the Java twin did not finish within "
                + JAVA_TIMEOUT.toSeconds()
                + " s; its trace so far:\n"
                + String.join("\n", trace.lines()));
    return thrown[0];
  }

  /** The Java twins by scenario name, in name order. */
  static Map<String, Twin> javaTwins() {
    Map<String, Twin> twins = new TreeMap<>();
    for (Class<?> c : SCENARIO_CLASSES) {
      List<Method> methods = new ArrayList<>(List.of(c.getDeclaredMethods()));
      methods.sort(Comparator.comparing(Method::getName));
      for (Method m : methods) {
        Scenario s = m.getAnnotation(Scenario.class);
        if (s == null) {
          continue;
        }
        if (!Modifier.isStatic(m.getModifiers())
            || m.getParameterCount() != 1
            || m.getParameterTypes()[0] != Trace.class) {
          fail(
              "@Scenario method "
                  + c.getSimpleName()
                  + "."
                  + m.getName()
                  + " must be static void NAME(Trace out)");
        }
        m.setAccessible(true);
        Twin previous = twins.put(s.value(), new Twin(s.value(), m));
        if (previous != null) {
          fail("two Java twins for scenario " + s.value() + ": " + previous.method() + " and " + m);
        }
      }
    }
    return twins;
  }

  /** The Python programs by scenario name (file name without .py). */
  static Map<String, Path> pythonPrograms() {
    URL dir = ConformanceTest.class.getClassLoader().getResource(RESOURCE_DIR);
    if (dir == null) {
      fail("no " + RESOURCE_DIR + "/ directory on the test class path");
    }
    Path path;
    try {
      path = Path.of(dir.toURI());
    } catch (URISyntaxException | java.nio.file.FileSystemNotFoundException e) {
      throw new IllegalStateException(
          RESOURCE_DIR + "/ must be a directory on the test class path: " + dir, e);
    }
    Map<String, Path> programs = new TreeMap<>();
    try (Stream<Path> files = Files.list(path)) {
      files
          .filter(p -> p.getFileName().toString().endsWith(".py"))
          .filter(p -> !p.getFileName().toString().startsWith("_"))
          .forEach(p -> programs.put(p.getFileName().toString().replaceFirst("\\.py$", ""), p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return programs;
  }
}
