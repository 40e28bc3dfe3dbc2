package io.jasyncio.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One implementation under comparison, and how to start its worker process.
 *
 * @param name the column name
 * @param description what it is, for BENCHMARKS.md
 * @param command the worker command without the workload arguments
 */
public record Peer(String name, String description, List<String> command) {
  public static final String JASYNCIO_CONT = "jasyncio-cont";
  public static final String JASYNCIO_VT = "jasyncio-vt";

  /**
   * Bare JDK continuations under the smallest loop ({@link FloorWorkloads}): what the continuations
   * engine would cost if jasyncio added nothing to the JDK.
   */
  public static final String JDK_FLOOR = "jdk-floor";

  /** The flags every Java peer's JVM gets: the same for all, so that their numbers compare. */
  public static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xss1m");

  public List<String> commandFor(Workload w, int n, int depth) {
    List<String> c = new ArrayList<>(command);
    c.add(w.name().toLowerCase(java.util.Locale.ROOT));
    c.add(Integer.toString(n));
    c.add(Integer.toString(depth));
    return c;
  }

  static Peer java(
      String name,
      String description,
      String mainClass,
      List<String> jvmFlags,
      List<String> extraFlags) {
    List<String> c = new ArrayList<>();
    c.add(ProcessHandle.current().info().command().orElse("java"));
    c.addAll(JVM_FLAGS);
    c.addAll(jvmFlags);
    c.addAll(extraFlags);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(mainClass);
    return new Peer(name, description, List.copyOf(c));
  }

  /** Every peer's name, in column order. */
  public static final List<String> NAMES =
      List.of(JASYNCIO_CONT, JASYNCIO_VT, "kotlin", "vthreads", JDK_FLOOR, "asyncio", "uvloop");

  /**
   * Every peer in {@code only} (all of them if null) that can run here, in column order. A missing
   * one is skipped, never installed unless {@code installMissing} ({@code --install}): {@code
   * notes} gets a line saying which and the command that gets it.
   */
  static List<Peer> discover(
      Path repo, @Nullable List<String> only, List<String> notes, boolean installMissing) {
    return discover(repo, only, notes, installMissing, List.of());
  }

  /**
   * {@link #discover(Path, List, List, boolean)}, with {@code jvmFlags} added to every Java peer's
   * JVM after {@link #JVM_FLAGS} (the growth series' {@code -Xmx}).
   */
  static List<Peer> discover(
      Path repo,
      @Nullable List<String> only,
      List<String> notes,
      boolean installMissing,
      List<String> jvmFlags) {
    List<Peer> peers = new ArrayList<>();
    peers.add(
        java(
            JASYNCIO_CONT,
            "jasyncio, continuations engine",
            "io.jasyncio.bench.JasyncioWorkloads",
            jvmFlags,
            List.of(
                "--add-exports",
                "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Djasyncio.engine=continuations")));
    peers.add(
        java(
            JASYNCIO_VT,
            "jasyncio, virtual-threads engine",
            "io.jasyncio.bench.JasyncioWorkloads",
            jvmFlags,
            List.of("-Djasyncio.engine=virtual-threads")));
    boolean kotlin = onClassPath("kotlinx.coroutines.BuildersKt");
    if (kotlin) {
      peers.add(
          java(
              "kotlin",
              "Kotlin coroutines (kotlinx-coroutines " + kotlinxVersion() + ", runBlocking)",
              "io.jasyncio.bench.KotlinWorkloadsKt",
              jvmFlags,
              List.of()));
    } else if (wanted(only, "kotlin")) {
      notes.add(
          "kotlin skipped: kotlinx-coroutines is not on the bench's class path; build the bench with"
              + " `mvn -B -pl bench -am package -DskipTests` (./jasyncio bench does it)");
    }
    peers.add(
        java(
            "vthreads",
            "plain Java virtual threads, one per task",
            "io.jasyncio.bench.VirtualThreadWorkloads",
            jvmFlags,
            List.of()));
    peers.add(
        java(
            JDK_FLOOR,
            "the JDK's floor: bare jdk.internal.vm.Continuation under a 30-line FIFO loop, no task"
                + " API (FloorWorkloads)",
            "io.jasyncio.bench.FloorWorkloads",
            jvmFlags,
            List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED")));
    Path script = repo.resolve("bench/src/main/python/asyncio_workloads.py");
    // asyncio and uvloop run on the same interpreter when one has uvloop (Debian's python3 for
    // python3-uvloop), so that the uvloop column shows the loop's effect and nothing else.
    Optional<String> uv =
        wanted(only, "uvloop") ? Machine.pythonWithUvloop(installMissing, notes) : Optional.empty();
    Optional<String> python = uv.isPresent() ? uv : Machine.which("python3");
    if (python.isPresent()) {
      peers.add(
          new Peer(
              "asyncio",
              "CPython " + Machine.pythonVersion(python.get()) + " asyncio (" + python.get() + ")",
              List.of(python.get(), script.toString())));
    } else if (wanted(only, "asyncio")) {
      notes.add(
          "asyncio skipped: no python3 on the PATH; get it with `sudo apt-get install python3`");
    }
    uv.ifPresent(
        p ->
            peers.add(
                new Peer(
                    "uvloop",
                    "uvloop "
                        + Machine.uvloopVersion(p)
                        + " on CPython "
                        + Machine.pythonVersion(p),
                    List.of(p, script.toString(), "--uvloop"))));
    return peers.stream().filter(p -> wanted(only, p.name())).toList();
  }

  private static boolean wanted(@Nullable List<String> only, String name) {
    return only == null || only.contains(name);
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, Peer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The kotlinx-coroutines version, read off its jar's name on the class path. */
  private static String kotlinxVersion() {
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator, -1)) {
      String f = Path.of(e).getFileName().toString();
      if (f.startsWith("kotlinx-coroutines-core-jvm-") && f.endsWith(".jar")) {
        return f.substring("kotlinx-coroutines-core-jvm-".length(), f.length() - 4);
      }
    }
    return "?";
  }
}
