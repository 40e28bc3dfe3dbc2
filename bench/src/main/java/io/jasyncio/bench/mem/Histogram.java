package io.jasyncio.bench.mem;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A class histogram of the live heap: for every class, how many instances are reachable and their
 * bytes. Taken in-process with the {@code GC.class_histogram} diagnostic command (what {@code jcmd
 * PID GC.class_histogram} prints), which runs a full collection first, so only reachable objects
 * count. Two histograms taken around the creation of N suspended tasks give, divided by N, what one
 * task keeps alive: {@link #minus}.
 *
 * @param classes instances and bytes by class name; the name is the JVM's ({@code
 *     [Ljava.lang.Object;} for an {@code Object[]}), without its module, and a hidden class (a
 *     lambda) loses its address: {@code Foo$$Lambda/0x...} becomes {@code Foo$$Lambda}
 */
public record Histogram(Map<String, Count> classes) {
  /**
   * The instances and bytes of one class.
   *
   * @param instances how many
   * @param bytes their shallow sizes added up
   */
  public record Count(long instances, long bytes) {}

  /** One line of {@code GC.class_histogram}: {@code 12: 1000 24000 io.jasyncio.Task}. */
  private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private static final Pattern HIDDEN_ADDRESS = Pattern.compile("/0x[0-9a-f]+");

  /**
   * Takes the histogram of the live heap now (a full GC, then a walk of the heap).
   *
   * @return the histogram
   * @throws IllegalStateException if the JVM has no {@code GC.class_histogram} command (not a
   *     HotSpot JVM)
   */
  public static Histogram take() {
    String text;
    try {
      text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException(
          "cannot take a class histogram (the GC.class_histogram diagnostic command of a HotSpot"
              + " JVM): "
              + e,
          e);
    }
    return parse(text);
  }

  /**
   * Takes the histogram that a later {@link #take()} is compared with: while it is taken, a
   * throwaway histogram of the same size is alive, as this one will be alive while the later one is
   * taken, so that neither shows up in the difference.
   *
   * @return the histogram
   */
  public static Histogram takeBefore() {
    Histogram ballast = take();
    try {
      return take();
    } finally {
      java.lang.ref.Reference.reachabilityFence(ballast);
    }
  }

  /**
   * Reads the text {@code GC.class_histogram} prints.
   *
   * @param text the histogram's text
   * @return the histogram
   */
  public static Histogram parse(String text) {
    Map<String, Count> classes = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        String name = HIDDEN_ADDRESS.matcher(m.group(3)).replaceAll("");
        Count c = new Count(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        classes.merge(name, c, (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
      }
    }
    return new Histogram(classes);
  }

  /**
   * What this histogram has more than {@code before}, class by class, the largest difference in
   * bytes first; classes whose counts did not change are left out.
   *
   * @param before the earlier histogram
   * @return the differences
   */
  public List<Row> minus(Histogram before) {
    List<Row> rows = new ArrayList<>();
    Map<String, Count> all = new HashMap<>(before.classes);
    all.putAll(classes);
    for (String name : all.keySet()) {
      Count a = classes.getOrDefault(name, new Count(0, 0));
      Count b = before.classes.getOrDefault(name, new Count(0, 0));
      if (a.instances != b.instances || a.bytes != b.bytes) {
        rows.add(new Row(name, a.instances - b.instances, a.bytes - b.bytes));
      }
    }
    rows.sort(Comparator.comparingLong((Row r) -> -r.bytes).thenComparing(Row::name));
    return rows;
  }

  /**
   * The difference of one class between two histograms.
   *
   * @param name the class
   * @param instances instances more (negative: fewer)
   * @param bytes bytes more
   */
  public record Row(String name, long instances, long bytes) {}

  /**
   * A JVM class name as Java spells it: {@code [Ljava.lang.Object;} is {@code Object[]}, {@code [B}
   * is {@code byte[]}; {@code java.lang.} is dropped.
   *
   * @param jvmName the name in the histogram
   * @return the readable name
   */
  public static String readable(String jvmName) {
    int dims = 0;
    while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return jvmName.startsWith("java.lang.") && jvmName.indexOf('.', 10) < 0
          ? jvmName.substring(10)
          : jvmName;
    }
    String elem = jvmName.substring(dims);
    String base =
        switch (elem) {
          case "B" -> "byte";
          case "C" -> "char";
          case "I" -> "int";
          case "J" -> "long";
          case "Z" -> "boolean";
          case "S" -> "short";
          case "F" -> "float";
          case "D" -> "double";
          default ->
              elem.startsWith("L") && elem.endsWith(";")
                  ? readable(elem.substring(1, elem.length() - 1))
                  : elem;
        };
    return base + "[]".repeat(dims);
  }
}
