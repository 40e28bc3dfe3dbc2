package io.jasyncio;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/** Stack traces of task bodies, trimmed to the user's frames; and the call graph. */
final class Stacks {
  private Stacks() {}

  /**
   * The frames of a task body, most recent first, without the engine's frames: the suspension
   * machinery above the last await point and the strand's frames below the body.
   */
  static List<StackTraceElement> bodyFrames(StackTraceElement[] raw) {
    List<StackTraceElement> out = new ArrayList<>(raw.length);
    int top = 0;
    while (top < raw.length && (isJdk(raw[top]) || isMachinery(raw[top]))) {
      top++; // the parking (or, on virtual threads, the hand-off still finishing) above the await
    }
    for (int i = top; i < raw.length; i++) {
      StackTraceElement e = raw[i];
      if (isBodyStart(e)) {
        break; // below this: the strand and the engine
      }
      if (isMachinery(e)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  /** The frame below every task body: {@link Task.BodyRunner#run()}, which calls it. */
  static boolean isBodyStart(StackTraceElement e) {
    return e.getClassName().equals(BODY_START_CLASS) && e.getMethodName().equals("run");
  }

  private static final String BODY_START_CLASS = Task.BodyRunner.class.getName();

  private static boolean isJdk(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
  }

  private static boolean isMachinery(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("io.jasyncio.internal.")
        || c.startsWith("jdk.internal.")
        || c.startsWith("java.lang.VirtualThread")
        || c.startsWith("java.util.concurrent.locks.LockSupport")
        || c.equals("java.lang.Thread")
        || (c.equals("io.jasyncio.Task") && e.getMethodName().equals("suspend"))
        || (c.equals("io.jasyncio.Awaitables") && e.getMethodName().startsWith("lambda$coroutine"));
  }

  /** The most frames a CancelledError's trace grows to as it goes up through awaiting tasks. */
  private static final int MAX_CANCELLED_FRAMES = 1024;

  /**
   * A CancelledError is thrown at an await point of the running task (body side): one the loop made
   * gets this await point and the task's frames as its stack trace; one that already shows an inner
   * task's await point (it is that task's outcome, passed to its first awaiter) gets this task's
   * frames appended, up to {@link #MAX_CANCELLED_FRAMES}.
   */
  static void atAwaitPoint(CancelledError ce) {
    StackTraceElement[] old = ce.getStackTrace();
    if (!ce.fromLoop && old.length >= MAX_CANCELLED_FRAMES) {
      return;
    }
    StackTraceElement[] raw = new Throwable().getStackTrace();
    int i = 0;
    while (i < raw.length && raw[i].getClassName().equals("io.jasyncio.Stacks")) {
      i++;
    }
    List<StackTraceElement> here = bodyFrames(java.util.Arrays.copyOfRange(raw, i, raw.length));
    if (ce.fromLoop) {
      ce.fromLoop = false;
      ce.setStackTrace(here.toArray(StackTraceElement[]::new));
    } else {
      StackTraceElement[] both = java.util.Arrays.copyOf(old, old.length + here.size());
      for (int j = 0; j < here.size(); j++) {
        both[old.length + j] = here.get(j);
      }
      ce.setStackTrace(both);
    }
  }

  /** The user's frames at a call into jasyncio: the leading frames of jasyncio's core dropped. */
  static List<StackTraceElement> callerFrames(StackTraceElement[] raw) {
    int i = 0;
    while (i < raw.length && (isCore(raw[i]) || isMachinery(raw[i]))) {
      i++;
    }
    List<StackTraceElement> out = new ArrayList<>(raw.length - i);
    for (; i < raw.length; i++) {
      out.add(raw[i]);
      if (isBodyStart(raw[i])) {
        out.remove(out.size() - 1);
        break;
      }
    }
    return out;
  }

  /** A frame of this module's own API classes (io.jasyncio, not its subpackages). */
  private static boolean isCore(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("io.jasyncio.")
        && c.indexOf('.', "io.jasyncio.".length()) < 0
        && !c.contains("Test");
  }

  // ---- call graph ---------------------------------------------------------------------------

  static FutureCallGraph capture(Future<?> future, int depth) {
    EventLoop loop = future.loop;
    List<Task<?>> tasks = loop.allTasks();
    return node(future, tasks, new IdentityHashMap<>(), depth, true);
  }

  private static FutureCallGraph node(
      Future<?> f,
      List<Task<?>> tasks,
      IdentityHashMap<Future<?>, Boolean> seen,
      int depth,
      boolean first) {
    seen.put(f, Boolean.TRUE);
    List<StackTraceElement> stack = List.of();
    if (f instanceof Task<?> t) {
      if (first && t.isRunning()) {
        List<StackTraceElement> all = bodyFrames(Thread.currentThread().getStackTrace());
        // drop the capture's own frames, then `depth - 1` more of the caller's
        int skip = 0;
        while (skip < all.size() && isCore(all.get(skip))) {
          skip++;
        }
        skip = Math.min(all.size(), skip + Math.max(0, depth - 1));
        stack = all.subList(skip, all.size());
      } else {
        stack = t.getStack();
      }
    }
    List<FutureCallGraph> by = new ArrayList<>();
    for (Future<?> a : awaiters(f, tasks)) {
      if (!seen.containsKey(a)) {
        by.add(node(a, tasks, seen, depth, false));
      }
    }
    return new FutureCallGraph(f, stack, by);
  }

  /** Who waits for {@code f}: tasks awaiting it, gathers holding it, its task group's parent. */
  static List<Future<?>> awaiters(Future<?> f, List<Task<?>> tasks) {
    List<Future<?>> out = new ArrayList<>();
    List<GatheringFuture> gathers = new ArrayList<>();
    for (Task<?> t : tasks) {
      Future<?> w = t.waitingFor();
      if (w == f) {
        out.add(t);
      } else if (w instanceof GatheringFuture g && g.hasChild(f) && !gathers.contains(g)) {
        gathers.add(g);
      }
    }
    out.addAll(gathers);
    if (f instanceof Task<?> child) {
      Task<?> parent = child.loop.tasks.groupParentOf(child);
      if (parent != null && !parent.isDone() && !out.contains(parent)) {
        out.add(parent);
      }
    }
    return out;
  }
}
