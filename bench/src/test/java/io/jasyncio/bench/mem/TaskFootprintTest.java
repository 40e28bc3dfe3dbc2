package io.jasyncio.bench.mem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bench-mem at a tiny size, so that it cannot rot: every subject is measured and its table lists
 * the objects a suspended task is made of, with positive sizes, and the stacks are printed.
 */
class TaskFootprintTest {
  private static final int N = 1000;

  @Test
  void everySubjectListsTheObjectsOfASuspendedTask() {
    String out = run("--n", String.valueOf(N), "--warmups", "1", "--layouts");

    assertThat(out).contains("# Where the bytes of a suspended task go").contains("load average");
    String cont = section(out, "jasyncio, continuations engine");
    assertThat(bytesPerTask(cont, "io.jasyncio.Task")).isGreaterThan(0);
    assertThat(instancesPerTask(cont, "io.jasyncio.Task")).isEqualTo(1.0);
    assertThat(bytesPerTask(cont, "io.jasyncio.SleepTimer")).isGreaterThan(0);
    assertThat(bytesPerTask(cont, "io.jasyncio.internal.ContinuationStrand")).isGreaterThan(0);
    assertThat(bytesPerTask(cont, "jdk.internal.vm.StackChunk")).isGreaterThan(0);
    assertThat(cont).contains("io.jasyncio.Asyncio.sleep(").contains("Task$BodyRunner.run(");
    assertThat(cont).contains("io.jasyncio.Task (").contains("Task.bodyOrStrand ");

    String vt = section(out, "jasyncio, virtual-threads engine");
    assertThat(bytesPerTask(vt, "io.jasyncio.Task")).isGreaterThan(0);
    assertThat(bytesPerTask(vt, "VirtualThread")).isGreaterThan(0);
    assertThat(bytesPerTask(vt, "jdk.internal.vm.StackChunk")).isGreaterThan(0);
    assertThat(vt).contains("LockSupport.park(");

    String kotlin = section(out, "Kotlin coroutines");
    assertThat(bytesPerTask(kotlin, "kotlinx.coroutines.StandaloneCoroutine")).isGreaterThan(0);
    assertThat(bytesPerTask(kotlin, "kotlinx.coroutines.EventLoopImplBase$DelayedResumeTask"))
        .isGreaterThan(0);
    assertThat(kotlin).doesNotContain("jdk.internal.vm.StackChunk");

    String floor = section(out, "the floor: bare Continuation");
    assertThat(bytesPerTask(floor, "jdk.internal.vm.Continuation")).isGreaterThan(0);
    assertThat(bytesPerTask(floor, "jdk.internal.vm.StackChunk")).isGreaterThan(0);
    assertThat(floor).doesNotContain("io.jasyncio.Task`");
    // at a jasyncio task's depth: as many frames as the task's stack
    int contFrames = frames(cont);
    assertThat(contFrames).isGreaterThanOrEqualTo(5);
    assertThat(frames(floor)).isEqualTo(contFrames);
    assertThat(frames(section(out, "the floor at depth 1"))).isEqualTo(1);

    for (String s : List.of(cont, vt, kotlin, floor)) {
      assertThat(total(s)).as(s).isGreaterThan(0);
    }
  }

  @Test
  void aBadOptionIsNamed() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        TaskFootprint.cli(
            new String[] {"--subjects", "cont,rust"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown subject 'rust': pick from cont,vt,kotlin,floor,floor1");
  }

  @Test
  void histogramNamesAreReadable() {
    assertThat(Histogram.readable("[Ljava.lang.Object;")).isEqualTo("Object[]");
    assertThat(Histogram.readable("[B")).isEqualTo("byte[]");
    assertThat(Histogram.readable("[[J")).isEqualTo("long[][]");
    assertThat(Histogram.readable("java.lang.VirtualThread")).isEqualTo("VirtualThread");
    assertThat(Histogram.readable("java.lang.invoke.LambdaForm"))
        .isEqualTo("java.lang.invoke.LambdaForm");
    Histogram h =
        Histogram.parse(
            """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000          72000  io.jasyncio.Task
               2:            10            240  a.B$$Lambda/0x00007f0001 (app)
               3:             5            120  a.B$$Lambda/0x00007f0002 (app)
            """);
    assertThat(h.classes())
        .containsEntry("io.jasyncio.Task", new Histogram.Count(3000, 72000))
        .containsEntry("a.B$$Lambda", new Histogram.Count(15, 360));
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        TaskFootprint.cli(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The part of the report from the heading that starts with {@code title} to the next one. */
  private static String section(String out, String title) {
    int a = out.indexOf("## " + title);
    assertThat(a).as("a section '%s' in%n%s", title, out).isNotNegative();
    int b = out.indexOf("\n## ", a + 3);
    return out.substring(a, b < 0 ? out.length() : b);
  }

  private static Matcher row(String section, String cls) {
    Matcher m =
        Pattern.compile(
                "^\\| `" + Pattern.quote(cls) + "` \\| (-?[0-9.]+) \\| (-?[0-9.]+) \\|",
                Pattern.MULTILINE)
            .matcher(section);
    assertThat(m.find()).as("a row for %s in%n%s", cls, section).isTrue();
    return m;
  }

  private static double instancesPerTask(String section, String cls) {
    return Double.parseDouble(row(section, cls).group(1));
  }

  private static double bytesPerTask(String section, String cls) {
    return Double.parseDouble(row(section, cls).group(2));
  }

  private static double total(String section) {
    Matcher m =
        Pattern.compile("\\| \\*\\*total\\*\\* \\| \\| \\*\\*(-?[0-9.]+)\\*\\*").matcher(section);
    assertThat(m.find()).as("a total in%n%s", section).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static int frames(String section) {
    Matcher m = Pattern.compile("most recent first: (\\d+) frames").matcher(section);
    assertThat(m.find()).as("a stack in%n%s", section).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
