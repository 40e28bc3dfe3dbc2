package io.jasyncio;

import java.io.PrintStream;
import java.util.List;

/**
 * Which task awaits which, from one future up to the tasks that wait for it: asyncio's {@code
 * FutureCallGraph} (3.14). Made by {@link Asyncio#captureCallGraph}.
 *
 * @param future the future or task at this node
 * @param callStack for a task, the frames of its body, most recent first (down to where it awaits,
 *     or to the capture for the running task); empty for a plain future
 * @param awaitedBy the nodes waiting for this future: tasks awaiting it, the future of a {@code
 *     gather} it belongs to, the task running the {@link TaskGroup} it is a child of
 */
public record FutureCallGraph(
    Future<?> future, List<StackTraceElement> callStack, List<FutureCallGraph> awaitedBy) {
  /** Copies the lists. */
  public FutureCallGraph {
    callStack = List.copyOf(callStack);
    awaitedBy = List.copyOf(awaitedBy);
  }

  /**
   * Returns the graph as text, as {@link #print(PrintStream)} prints it (asyncio's {@code
   * format_call_graph}).
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    render(this, "", sb);
    return sb.toString();
  }

  /**
   * Prints the graph: the future, its call stack, then each awaiter indented below it.
   *
   * @param out where to print
   */
  public void print(PrintStream out) {
    out.print(format());
    out.flush();
  }

  private static void render(FutureCallGraph g, String indent, StringBuilder sb) {
    sb.append(indent).append("* ").append(label(g.future)).append('\n');
    if (!g.callStack.isEmpty()) {
      sb.append(indent).append("+ Call stack:\n");
      for (StackTraceElement e : g.callStack) {
        sb.append(indent).append("|   at ").append(e).append('\n');
      }
    }
    if (!g.awaitedBy.isEmpty()) {
      sb.append(indent).append("+ Awaited by:\n");
      for (FutureCallGraph a : g.awaitedBy) {
        render(a, indent + "   ", sb);
      }
    }
  }

  static String label(Future<?> f) {
    String id = "id=0x" + Integer.toHexString(System.identityHashCode(f));
    if (f instanceof Task<?> t) {
      return "Task(name='" + t.getName() + "', " + id + ")";
    }
    return (f instanceof GatheringFuture ? "GatheringFuture(" : "Future(") + id + ")";
  }
}
