package io.jasyncio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.jasyncio.Engine;
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
 * traces must be identical line for line.
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
          SyncScenarios.class);

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
    PythonReference.Interpreter python = PythonReference.interpreter();
    CompletableFuture<List<String>> reference =
        CompletableFuture.supplyAsync(
            () -> PythonReference.run(script), r -> Thread.ofVirtual().start(r));

    String engine =
        Engine.defaultEngine().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    Trace trace = new Trace();
    Throwable javaFailure = runJava(twin, trace);

    List<String> expected;
    try {
      expected = reference.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error err) {
        throw err; // the reference failed: its message says how
      }
      throw e;
    }
    List<String> actual = trace.lines();
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

  /** Runs the Java twin; returns what it threw, if anything. */
  private static Throwable runJava(Twin twin, Trace trace) {
    Throwable[] thrown = new Throwable[1];
    assertTimeoutPreemptively(
        JAVA_TIMEOUT,
        () -> {
          try {
            twin.method().invoke(null, trace);
          } catch (InvocationTargetException e) {
            thrown[0] = e.getCause();
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
