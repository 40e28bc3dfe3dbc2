package io.jasyncio.test;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.FutureCallGraph;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The text of a timed-out test's failure: each pending task, what it awaits, who awaits it. */
final class PendingTasks {
  private PendingTasks() {}

  /** The most frames shown for one task or thread. */
  private static final int MAX_FRAMES = 24;

  /**
   * Describes every pending task of the loop: its name, what it awaits (the tasks it awaits, or the
   * jasyncio call it is suspended in), the tasks that await it, and its stack. Loop thread only.
   *
   * @param main the test's own task, marked as such
   */
  static String describe(EventLoop loop, Task<?> main) {
    List<Task<?>> tasks = loop.allTasks();
    IdentityHashMap<Task<?>, List<String>> awaitedBy = new IdentityHashMap<>();
    IdentityHashMap<Task<?>, List<String>> awaits = new IdentityHashMap<>();
    for (Task<?> t : tasks) {
      FutureCallGraph g = Asyncio.captureCallGraph(t);
      List<String> by = new ArrayList<>();
      for (FutureCallGraph a : g.awaitedBy()) {
        awaiters(a, t, "", by, awaits);
      }
      awaitedBy.put(t, by);
    }
    StringBuilder sb = new StringBuilder();
    for (Task<?> t : tasks) {
      sb.append("- '").append(t.getName()).append('\'');
      if (t == main) {
        sb.append(" (the test's own task)");
      }
      sb.append('\n');
      List<StackTraceElement> stack = t.getStack();
      List<String> on = awaits.getOrDefault(t, List.of());
      String call = awaitedCall(stack);
      if (!on.isEmpty() || call != null) {
        sb.append("    awaits: ");
        if (!on.isEmpty()) {
          sb.append(String.join(", ", on));
        }
        if (call != null) {
          sb.append(on.isEmpty() ? "" : ", in ").append(call);
        }
        sb.append('\n');
      }
      List<String> by = awaitedBy.getOrDefault(t, List.of());
      if (!by.isEmpty()) {
        sb.append("    awaited by: ").append(String.join(", ", by)).append('\n');
      }
      if (t == main) {
        stack = belowReflection(stack);
      }
      if (stack.isEmpty()) {
        sb.append("    (no stack: not started yet)\n");
      } else {
        appendFrames(sb, stack, "    ");
      }
    }
    return sb.toString();
  }

  /**
   * Adds the tasks that await {@code awaited} through node {@code a} (directly, or through a plain
   * future such as gather's) to {@code by}, and {@code awaited} to what each of them awaits.
   */
  private static void awaiters(
      FutureCallGraph a,
      Task<?> awaited,
      String through,
      List<String> by,
      IdentityHashMap<Task<?>, List<String>> awaits) {
    if (a.future() instanceof Task<?> w) {
      by.add("'" + w.getName() + "'" + through);
      awaits
          .computeIfAbsent(w, k -> new ArrayList<>())
          .add("'" + awaited.getName() + "'" + through);
      return;
    }
    String via = " (through a " + a.future().getClass().getSimpleName() + ")";
    for (FutureCallGraph up : a.awaitedBy()) {
      awaiters(up, awaited, via, by, awaits);
    }
  }

  /**
   * The jasyncio call a suspended task is in, as {@code Event.await()}: the outermost jasyncio
   * frame above the task's own code; null if the stack starts in the task's own code.
   */
  private static @Nullable String awaitedCall(List<StackTraceElement> stack) {
    @Nullable StackTraceElement call = null;
    for (StackTraceElement e : stack) {
      if (!isJasyncio(e)) {
        break;
      }
      call = e;
    }
    if (call == null) {
      return null;
    }
    String c = call.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + call.getMethodName() + "()";
  }

  private static boolean isJasyncio(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("io.jasyncio.")
        && !c.startsWith("io.jasyncio.test.")
        && !c.contains("Test");
  }

  /** The frames of a test method's task, without those of JUnit and of this module below it. */
  private static List<StackTraceElement> belowReflection(List<StackTraceElement> stack) {
    for (int i = 0; i < stack.size(); i++) {
      String c = stack.get(i).getClassName();
      if (c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.")) {
        return stack.subList(0, i);
      }
    }
    return stack;
  }

  /** Appends up to {@link #MAX_FRAMES} frames, one a line. */
  static void appendFrames(StringBuilder sb, List<StackTraceElement> frames, String indent) {
    int n = Math.min(frames.size(), MAX_FRAMES);
    for (int i = 0; i < n; i++) {
      sb.append(indent).append("at ").append(frames.get(i)).append('\n');
    }
    if (frames.size() > n) {
      sb.append(indent).append("... ").append(frames.size() - n).append(" more\n");
    }
  }
}
