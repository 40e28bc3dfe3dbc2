package io.jasyncio.test;

import io.jasyncio.LoopSnapshot;
import io.jasyncio.Task;
import io.jasyncio.TaskSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The text of a timed-out test's failure, from a {@link LoopSnapshot}: each pending task, what it
 * awaits, who awaits it, its stack.
 */
final class PendingTasks {
  private PendingTasks() {}

  /** The most frames shown for one task or thread. */
  private static final int MAX_FRAMES = 24;

  /**
   * Describes every task of the snapshot, in the loop's order: its name, what it awaits (the tasks
   * waiting for which it is in their {@link TaskSnapshot#awaitedBy()}, then the jasyncio call it is
   * suspended in), the tasks that await it, and its stack.
   *
   * @param main the test's own task, marked as such, its stack cut where JUnit calls the test
   */
  static String describe(LoopSnapshot snapshot, Task<?> main) {
    List<TaskSnapshot> tasks = snapshot.tasks();
    Map<Long, TaskSnapshot> byId = new HashMap<>();
    Map<Long, List<String>> awaits = new HashMap<>();
    for (TaskSnapshot t : tasks) {
      byId.put(t.id(), t);
      for (long by : t.awaitedBy()) {
        awaits.computeIfAbsent(by, k -> new ArrayList<>()).add(quoted(t));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (TaskSnapshot t : tasks) {
      boolean isMain = t.isOf(main);
      sb.append("- ").append(quoted(t));
      if (isMain) {
        sb.append(" (the test's own task)");
      }
      sb.append('\n');
      List<String> on = awaits.getOrDefault(t.id(), List.of());
      String call = t.state() == TaskSnapshot.State.WAITING ? awaitedCall(t.stack()) : null;
      if (!on.isEmpty() || call != null) {
        sb.append("    awaits: ").append(String.join(", ", on));
        if (call != null) {
          sb.append(on.isEmpty() ? "" : ", in ").append(call);
        }
        sb.append('\n');
      }
      if (!t.awaitedBy().isEmpty()) {
        List<String> by = new ArrayList<>();
        for (long id : t.awaitedBy()) {
          TaskSnapshot a = byId.get(id);
          by.add(a == null ? "task id " + id : quoted(a));
        }
        sb.append("    awaited by: ").append(String.join(", ", by)).append('\n');
      }
      appendStack(sb, t, isMain);
    }
    return sb.toString();
  }

  /**
   * Appends the stack of a task: its frames, or why it has none. For the test's own task, the
   * frames of JUnit and of this module that call the test are left out.
   */
  static void appendStack(StringBuilder sb, TaskSnapshot t, boolean isMain) {
    List<StackTraceElement> stack = isMain ? belowReflection(t.stack()) : t.stack();
    if (!stack.isEmpty()) {
      appendFrames(sb, stack, "    ");
    } else if (t.state() == TaskSnapshot.State.CREATED) {
      sb.append("    (no stack: not started yet)\n");
    } else {
      sb.append("    (no stack)\n");
    }
  }

  static String quoted(TaskSnapshot t) {
    return "'" + t.name() + "'";
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
