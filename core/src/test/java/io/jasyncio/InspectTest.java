package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.inspected.InspectProgram;
import io.jasyncio.tools.Inspect;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./jasyncio ps PID} and {@code pstree PID} ({@link Inspect}) against real child JVMs: a
 * jasyncio program on the class path and on the module path, a JVM with no loop, and a process that
 * is no JVM.
 */
class InspectTest {
  private record Result(int status, String out, String err) {}

  private static Result inspect(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Inspect.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Starts InspectProgram in a child JVM and waits until it prints "ready". */
  private static Process start(boolean modulePath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    String core = location(Asyncio.class);
    String tests = location(InspectProgram.class);
    if (Engine.defaultEngine() == Engine.CONTINUATIONS) {
      cmd.add("--add-exports");
      cmd.add("java.base/jdk.internal.vm=" + (modulePath ? "io.jasyncio" : "ALL-UNNAMED"));
    }
    cmd.add(
        "-Djasyncio.engine="
            + Engine.defaultEngine().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (modulePath) { // io.jasyncio as a named module; the program on the class path uses it
      cmd.addAll(List.of("--module-path", core, "--add-modules", "io.jasyncio", "-cp", tests));
    } else {
      cmd.addAll(List.of("-cp", core + File.pathSeparator + tests));
    }
    cmd.add(InspectProgram.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    assertThat(first).as("the child's first line").isEqualTo("ready");
    return p;
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
  }

  /** The row of the table whose task name and awaiter name are these. */
  private static boolean hasRow(String table, String task, String state, String awaiter) {
    return table
        .lines()
        .anyMatch(
            l ->
                l.matches(
                    "\\d+ +\\d+ +"
                        + task
                        + " +"
                        + state
                        + " +.*"
                        + (awaiter.isEmpty() ? "" : " " + awaiter + " +\\d+")));
  }

  /**
   * For each task line of the tree, the task it is nested under (the closest one above, less deep).
   */
  private static List<String> parents(String tree) {
    List<String> lines = tree.lines().toList();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int at = lines.get(i).indexOf("(T) ");
      if (at < 0) {
        continue;
      }
      String parent = "-";
      for (int j = i - 1; j >= 0; j--) {
        int up = lines.get(j).indexOf("(T) ");
        if (up >= 0 && up < at) {
          parent = lines.get(j).substring(up + 4);
          break;
        }
      }
      out.add(lines.get(i).substring(at + 4) + " < " + parent);
    }
    return out;
  }

  private void psAndPstreeShowTheTasksOfTheChild(boolean modulePath) throws Exception {
    Process p = start(modulePath);
    try {
      String pid = Long.toString(p.pid());
      Result ps = inspect("ps", pid);
      Result tree = inspect("pstree", pid);

      assertThat(ps.err()).isEmpty();
      assertThat(ps.status()).isZero();
      assertThat(ps.out()).startsWith("tid  task id  task name");
      assertThat(ps.out().lines().count()).as(ps.out()).isEqualTo(2 + 6);
      assertThat(ps.out())
          .satisfies(t -> assertThat(hasRow(t, "main", "WAITING", "")).as(t).isTrue())
          .satisfies(t -> assertThat(hasRow(t, "db-query", "WAITING", "handler")).as(t).isTrue())
          .satisfies(t -> assertThat(hasRow(t, "handler", "WAITING", "main")).as(t).isTrue())
          .satisfies(t -> assertThat(hasRow(t, "worker-1", "WAITING", "pool")).as(t).isTrue())
          .satisfies(t -> assertThat(hasRow(t, "worker-2", "WAITING", "pool")).as(t).isTrue())
          .satisfies(t -> assertThat(hasRow(t, "pool", "WAITING", "main")).as(t).isTrue())
          .contains("Future.await -> InspectProgram.query");

      assertThat(tree.err()).isEmpty();
      assertThat(tree.status()).isZero();
      assertThat(parents(tree.out()))
          .as(tree.out())
          .containsExactly(
              "main < -",
              "handler < main",
              "db-query < handler",
              "pool < main",
              "worker-1 < pool",
              "worker-2 < pool");
      assertThat(tree.out()).contains("InspectProgram.handle InspectProgram.java:");
    } finally {
      stop(p);
    }
  }

  @Test
  void psAndPstreeListTheTasksOfAProgramOnTheClassPath() throws Exception {
    psAndPstreeShowTheTasksOfTheChild(false);
  }

  @Test
  void psAndPstreeListTheTasksOfAProgramUsingJasyncioAsANamedModule() throws Exception {
    psAndPstreeShowTheTasksOfTheChild(true);
  }

  @Test
  void aLoopHoggedByATaskIsReportedWithThatTaskAndItsThreadsStack() throws Exception {
    Process p = start(false, "hog");
    try {
      Result r = inspect("ps", Long.toString(p.pid()));
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out())
          .containsPattern("\\d+ +1 +Task-1 +RUNNING +InspectProgram.spin -> ")
          .contains(
              "the loop did not answer within 1 s: task 'Task-1' (id 1) is running on thread '")
          .contains("stack of the thread holding the loop:\n")
          .contains("\tat io.jasyncio.inspected.InspectProgram.spin(InspectProgram.java:");
    } finally {
      stop(p);
    }
  }

  @Test
  void aJvmWhereNoLoopRanIsNamedAndRefused() throws Exception {
    Process p = start(false, "none");
    try {
      Result r = inspect("ps", Long.toString(p.pid()));
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .isEqualTo(
              "jasyncio: process "
                  + p.pid()
                  + " is a JVM ("
                  + InspectProgram.class.getName()
                  + " none), but no jasyncio event loop has run in it (or it runs with"
                  + " -Djasyncio.inspect=false)\n");
    } finally {
      stop(p);
    }
  }

  @Test
  void aProcessThatIsNoJvmAndAMissingOneAreRefused() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    try {
      Result notJvm = inspect("ps", Long.toString(sleep.pid()));
      Result missing = inspect("pstree", Long.toString(gone.pid()));
      Result notPid = inspect("ps", "twelve");
      Result noPid = inspect("ps");

      assertThat(notJvm.status()).isEqualTo(1);
      assertThat(notJvm.err())
          .startsWith("jasyncio: cannot attach to process " + sleep.pid() + " (")
          .endsWith(
              ". It must be a JVM (JDK 25) run by the same user, without"
                  + " -XX:+DisableAttachMechanism\n");
      assertThat(missing.status()).isEqualTo(1);
      assertThat(missing.err()).isEqualTo("jasyncio: no process with id " + gone.pid() + "\n");
      assertThat(notPid.status()).isEqualTo(2);
      assertThat(notPid.err())
          .isEqualTo("jasyncio: 'twelve' is not a process id (a number, as jps lists)\n");
      assertThat(noPid.status()).isEqualTo(2);
      assertThat(noPid.err()).isEqualTo("usage: Inspect ps PID | Inspect pstree PID\n");
    } finally {
      sleep.destroyForcibly().waitFor();
    }
  }
}
