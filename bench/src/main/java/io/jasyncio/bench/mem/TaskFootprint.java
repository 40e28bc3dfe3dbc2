package io.jasyncio.bench.mem;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.jasyncio.Asyncio;
import io.jasyncio.Engine;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.jspecify.annotations.Nullable;

/**
 * Where the bytes of a suspended task go: N tasks suspended in a one-hour sleep, and a class
 * histogram of the live heap before and after they were created ({@link Histogram}), divided by N.
 * Every class whose live instances grew is listed, with its instances and bytes per task: the task,
 * its futures and timer, the engine's continuation and its {@code jdk.internal.vm.StackChunk} (the
 * frozen frames), lambdas, and the share of the containers that hold them (the timer heap's array,
 * the program's list of tasks). The subjects, each in this JVM one after another:
 *
 * <ul>
 *   <li>{@code cont}, {@code vt}: W2's jasyncio program ({@code createTask(() -> { sleep(...);
 *       count++; })}, N times, on one loop) on the continuations and the virtual-threads engine;
 *   <li>{@code kotlin}: W2's Kotlin program ({@code launch { delay(...); count++ }} under {@code
 *       runBlocking}), {@link KotlinFootprint};
 *   <li>{@code floor}, {@code floor1}: the floor of a stackful task: N bare {@code
 *       jdk.internal.vm.Continuation}s, each yielded at the same stack depth (frame count) as a
 *       jasyncio task in sleep, or with the yield directly in its body (depth 1). One shared body
 *       and scope: each costs its continuation, its stack chunk and its slot in the program's
 *       array.
 * </ul>
 *
 * <p>Each subject first runs {@code --warmups} untimed rounds of the same program (the tasks are
 * cancelled after each), so that the frozen frames are those of JIT-compiled code, as in a long
 * run. The stack of one suspended task is printed too: every frame in it is in its chunk.
 *
 * <p>Run it with {@code ./jasyncio bench-mem}; it needs {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED} (the continuations engine and the floor). See {@link
 * #USAGE}.
 */
public final class TaskFootprint {
  private TaskFootprint() {}

  /** What {@code --help} prints. */
  static final String USAGE =
      """
      usage: ./jasyncio bench-mem [OPTIONS]

      Where the bytes of a suspended task go: N tasks suspended in a one-hour sleep, a class
      histogram of the live heap before and after, per task; and the frames of one task's stack.
      Prints markdown on stdout.

      Options:
        --n N               tasks (default 100000)
        --warmups R         untimed rounds of the same program first (default 2)
        --subjects a,b,...  cont (jasyncio, continuations engine), vt (virtual-threads engine),
                            kotlin (launch + delay), floor (bare continuations at a jasyncio
                            task's depth), floor1 (bare continuations at depth 1); default: all
        --min-bytes B       list a class when it takes at least B bytes per task (default 0.5)
        --layouts           after each table, the instance fields of every class listed with
                            about one instance per task
      """;

  /** The subjects, in the order they run. */
  static final List<String> SUBJECTS = List.of("cont", "vt", "kotlin", "floor", "floor1");

  /**
   * What one subject keeps alive per suspended task.
   *
   * @param key the subject's key ({@code cont}, ...)
   * @param title a heading
   * @param n how many tasks were suspended
   * @param rows what the heap grew by, class by class
   * @param stack the frames of one suspended task's stack, most recent first; empty when the
   *     subject has no stack (Kotlin)
   */
  record Result(
      String key, String title, int n, List<Histogram.Row> rows, List<StackTraceElement> stack) {
    /** All the bytes per task. */
    double bytesPerTask() {
      return rows.stream().mapToLong(Histogram.Row::bytes).sum() / (double) n;
    }

    /** The bytes per task of the classes whose name passes {@code which}. */
    double bytesPerTask(java.util.function.Predicate<String> which) {
      return rows.stream().filter(r -> which.test(r.name())).mapToLong(Histogram.Row::bytes).sum()
          / (double) n;
    }
  }

  /**
   * Runs from the command line; exits with {@link #cli}'s status.
   *
   * @param args see {@link #USAGE}
   */
  public static void main(String[] args) {
    System.exit(cli(args, System.out, System.err));
  }

  /**
   * Measures the subjects named in {@code args} and prints the report.
   *
   * @param args see {@link #USAGE}
   * @param out the report (markdown)
   * @param err usage errors and progress
   * @return 0, or 2 for bad arguments
   */
  public static int cli(String[] args, PrintStream out, PrintStream err) {
    int n = 100_000;
    int warmups = 2;
    double minBytes = 0.5;
    boolean layouts = false;
    Set<String> subjects = new LinkedHashSet<>(SUBJECTS);
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            out.print(USAGE);
            return 0;
          }
          case "--n" -> n = positive(a, value(args, ++i));
          case "--warmups" -> warmups = Integer.parseInt(value(args, ++i));
          case "--min-bytes" -> minBytes = Double.parseDouble(value(args, ++i));
          case "--layouts" -> layouts = true;
          case "--subjects" -> {
            subjects = new LinkedHashSet<>(Arrays.asList(value(args, ++i).split(",", -1)));
            for (String s : subjects) {
              if (!SUBJECTS.contains(s)) {
                throw new IllegalArgumentException(
                    "unknown subject '" + s + "': pick from " + String.join(",", SUBJECTS));
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (warmups < 0) {
        throw new IllegalArgumentException("--warmups " + warmups + ": 0 or more");
      }
    } catch (IllegalArgumentException e) { // NumberFormatException too
      err.println("bench-mem: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (!Engine.CONTINUATIONS.isAvailable()) {
      err.println(
          "bench-mem: the continuations engine is not available: run java with --add-exports"
              + " java.base/jdk.internal.vm=ALL-UNNAMED (./jasyncio bench-mem does)");
      return 2;
    }
    out.println(header(n, warmups));
    for (String s : SUBJECTS) {
      if (subjects.contains(s)) {
        err.println("bench-mem: " + s + ", N=" + n + "...");
        Result r = measure(s, n, warmups);
        out.println(table(r, minBytes));
        if (layouts) {
          out.println(layouts(r, minBytes));
        }
      }
    }
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static int positive(String option, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(option + " " + v + ": a positive number");
    }
    return n;
  }

  /** Measures one subject. */
  static Result measure(String subject, int n, int warmups) {
    return switch (subject) {
      case "cont" ->
          jasyncio(
              "cont",
              "jasyncio, continuations engine: sleep(3600)",
              Engine.CONTINUATIONS,
              n,
              warmups);
      case "vt" ->
          jasyncio(
              "vt",
              "jasyncio, virtual-threads engine: sleep(3600)",
              Engine.VIRTUAL_THREADS,
              n,
              warmups);
      case "kotlin" -> kotlin(n, warmups);
      case "floor" -> {
        int depth = jasyncioDepth();
        yield floor(
            "floor",
            "the floor: bare Continuation yielded at a jasyncio task's depth ("
                + depth
                + " frames in the body)",
            n,
            warmups,
            depth);
      }
      case "floor1" ->
          floor(
              "floor1",
              "the floor at depth 1: bare Continuation, yield in its body",
              n,
              warmups,
              1);
      default -> throw new IllegalArgumentException("unknown subject " + subject);
    };
  }

  // ---- jasyncio ------------------------------------------------------------------------------

  private static Result jasyncio(String key, String title, Engine engine, int n, int warmups) {
    Histogram[] h = new Histogram[2];
    List<StackTraceElement> stack = new ArrayList<>();
    for (int r = 0; r < warmups; r++) {
      Asyncio.run(() -> sleepers(n, null), engine);
    }
    Asyncio.run(
        () -> {
          h[0] = Histogram.takeBefore();
          sleepers(
              n,
              tasks -> {
                h[1] = Histogram.take();
                stack.addAll(rawStack(tasks.get(0)));
              });
        },
        engine);
    return new Result(key, title, n, after(h).minus(before(h)), stack);
  }

  /**
   * W2's program with an hour-long sleep: n tasks, all suspended in sleep when {@code atPeak} runs;
   * then cancelled and awaited.
   */
  private static void sleepers(int n, @Nullable Consumer<List<Task<Void>>> atPeak) {
    int[] started = new int[1];
    int[] count = new int[1];
    List<Task<Void>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tasks.add(
          createTask(
              () -> {
                started[0]++;
                sleep(3600);
                count[0]++;
              }));
    }
    while (started[0] < n) {
      sleep(0);
    }
    if (atPeak != null) {
      atPeak.accept(tasks);
    }
    for (Task<Void> t : tasks) {
      t.cancel();
    }
    Asyncio.gather(tasks, true);
    if (count[0] != 0) {
      throw new IllegalStateException("a task woke up from its hour-long sleep");
    }
  }

  /**
   * The frames of a suspended task's stack, all of them (Task.getStack() leaves out the engine's):
   * its strand's stack trace, read by reflection (the strand is internal to jasyncio).
   */
  static List<StackTraceElement> rawStack(Task<?> task) {
    try {
      Field f = Task.class.getDeclaredField("bodyOrStrand"); // the strand once started
      f.setAccessible(true);
      Object strand = f.get(task);
      if (strand == null || !strand.getClass().getName().startsWith("io.jasyncio.internal.")) {
        throw new IllegalStateException("the task has no strand: it has not started");
      }
      Method m = strand.getClass().getMethod("stackTrace");
      m.setAccessible(true);
      return List.of((StackTraceElement[]) m.invoke(strand));
    } catch (NoSuchFieldException
        | NoSuchMethodException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read the task's strand (has io.jasyncio.Task changed?): " + e, e);
    }
  }

  /** How many frames a jasyncio task suspended in sleep has, on the continuations engine. */
  private static int jasyncioDepth() {
    List<StackTraceElement> stack = new ArrayList<>();
    Asyncio.run(
        () -> sleepers(1, tasks -> stack.addAll(rawStack(tasks.get(0)))), Engine.CONTINUATIONS);
    return stack.size(); // Continuation.getStackTrace: from the body's entry to the yield
  }

  // ---- Kotlin --------------------------------------------------------------------------------

  private static Result kotlin(int n, int warmups) {
    Histogram[] h = new Histogram[2];
    KotlinFootprint.suspended(
        n, warmups, () -> h[0] = Histogram.takeBefore(), () -> h[1] = Histogram.take());
    return new Result(
        "kotlin",
        "Kotlin coroutines: launch { delay(3_600_000) } under runBlocking",
        n,
        after(h).minus(before(h)),
        List.of());
  }

  // ---- the floor -----------------------------------------------------------------------------

  /**
   * The body of every floor continuation: {@code depth} frames ({@code run}, then {@code down}s),
   * then a yield.
   */
  private static final class Floor implements Runnable {
    final ContinuationScope scope = new ContinuationScope("floor");
    final int depth;

    Floor(int depth) {
      this.depth = depth;
    }

    @Override
    public void run() {
      if (depth <= 1) {
        Continuation.yield(scope);
      } else {
        down(depth - 1);
      }
    }

    /** This frame and k - 1 more below, then the yield. */
    private void down(int k) {
      if (k <= 1) {
        Continuation.yield(scope);
      } else {
        down(k - 1);
      }
    }
  }

  private static Continuation[] parked(Floor body, int n) {
    Continuation[] cs = new Continuation[n];
    for (int i = 0; i < n; i++) {
      cs[i] = new Continuation(body.scope, body);
      cs[i].run();
    }
    return cs;
  }

  /** N bare continuations, each suspended {@code depth} frames into its body. */
  private static Result floor(String key, String title, int n, int warmups, int depth) {
    Floor body = new Floor(depth);
    for (int r = 0; r < warmups; r++) {
      parked(body, n); // dropped unfinished: garbage like any object
    }
    Histogram before = Histogram.takeBefore();
    Continuation[] cs = parked(body, n);
    try {
      Histogram after = Histogram.take();
      return new Result(key, title, n, after.minus(before), List.of(cs[0].getStackTrace()));
    } finally {
      java.lang.ref.Reference.reachabilityFence(cs);
    }
  }

  private static Histogram before(Histogram[] h) {
    return java.util.Objects.requireNonNull(h[0], "no histogram before");
  }

  private static Histogram after(Histogram[] h) {
    return java.util.Objects.requireNonNull(h[1], "no histogram at the peak");
  }

  // ---- the report ----------------------------------------------------------------------------

  private static String header(int n, int warmups) {
    HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String gcs =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(
        Locale.ROOT,
        "# Where the bytes of a suspended task go (%s)%n%n"
            + "N = %,d tasks per subject, after %d warm-up rounds of the same program. JDK %s (%s),"
            + " %s, UseCompressedOops=%s, UseCompactObjectHeaders=%s, %d CPUs, load average"
            + " %.2f.%n",
        LocalDate.now(ZoneId.systemDefault()),
        n,
        warmups,
        Runtime.version(),
        System.getProperty("java.vm.name"),
        gcs,
        hs.getVMOption("UseCompressedOops").getValue(),
        flag(hs, "UseCompactObjectHeaders"),
        Runtime.getRuntime().availableProcessors(),
        load);
  }

  private static String flag(HotSpotDiagnosticMXBean hs, String name) {
    try {
      return hs.getVMOption(name).getValue();
    } catch (IllegalArgumentException e) {
      return "(no such flag)";
    }
  }

  /**
   * The instance fields of every class in {@code r}'s table with about one instance per task (not
   * arrays, not hidden classes), superclass fields first, each with its size (a reference is 4
   * bytes under compressed oops): where the bytes of each object go. The object header (12 bytes, 8
   * with compact object headers) and the padding to 8 bytes make up the rest of the instance size
   * in the table. Fields the JVM injects (a StackChunk's frames) are not listed.
   */
  static String layouts(Result r, double minBytes) {
    StringBuilder b = new StringBuilder("Instance fields:\n\n```\n");
    for (Histogram.Row row : r.rows()) {
      double perTask = row.instances() / (double) r.n();
      if (Math.abs(row.bytes() / (double) r.n()) < minBytes || perTask < 0.5 || perTask > 1.5) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(row.name(), false, TaskFootprint.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // a hidden class (lambda): its fields are what it captures
      }
      List<String> fields = new ArrayList<>();
      int sum = 0;
      List<Class<?>> chain = new ArrayList<>();
      for (Class<?> k = c; k != null; k = k.getSuperclass()) {
        chain.add(0, k);
      }
      for (Class<?> k : chain) {
        for (Field f : k.getDeclaredFields()) {
          if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          int size = fieldSize(f.getType());
          sum += size;
          fields.add(k.getSimpleName() + "." + f.getName() + " " + size);
        }
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%s (%d bytes each; %d fields, %d bytes of fields):%n  %s%n",
              Histogram.readable(row.name()),
              row.instances() == 0 ? 0 : row.bytes() / row.instances(),
              fields.size(),
              sum,
              String.join(", ", fields)));
    }
    return b.append("```\n").toString();
  }

  private static int fieldSize(Class<?> t) {
    if (t == long.class || t == double.class) {
      return 8;
    }
    if (t == int.class || t == float.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    if (t == byte.class || t == boolean.class) {
      return 1;
    }
    return OOP_SIZE;
  }

  private static final int OOP_SIZE =
      "true"
              .equals(
                  ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                      .getVMOption("UseCompressedOops")
                      .getValue())
          ? 4
          : 8;

  /** One subject's table and its stack, in markdown. */
  static String table(Result r, double minBytes) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## %s (N = %,d)%n%n", r.title(), r.n()));
    b.append("| class | instances per task | bytes per task | bytes each |\n");
    b.append("|---|---:|---:|---:|\n");
    long otherBytes = 0;
    int others = 0;
    for (Histogram.Row row : r.rows()) {
      double perTask = row.bytes() / (double) r.n();
      if (Math.abs(perTask) < minBytes) {
        otherBytes += row.bytes();
        others++;
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %.2f | %.1f | %s |%n",
              Histogram.readable(row.name()),
              row.instances() / (double) r.n(),
              perTask,
              row.instances() == 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", row.bytes() / (double) row.instances())));
    }
    if (others > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d other classes (under %.1f B each) | | %.1f | |%n",
              others,
              minBytes,
              otherBytes / (double) r.n()));
    }
    b.append(String.format(Locale.ROOT, "| **total** | | **%.1f** | |%n", r.bytesPerTask()));
    if (!r.stack().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nThe stack of one suspended task, most recent first: %d frames between the body's"
                  + " entry and the yield (Continuation.getStackTrace leaves out the continuation's"
                  + " own enter and yield frames, which are in the chunk too):%n%n```%n",
              r.stack().size()));
      for (StackTraceElement e : r.stack()) {
        b.append("  ").append(e).append('\n');
      }
      b.append("```\n");
    }
    return b.toString();
  }
}
