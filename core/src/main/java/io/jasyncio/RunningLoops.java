package io.jasyncio;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The loops running in this process, and which one a thread may use: what asyncio keeps per thread
 * for {@code get_running_loop()} and {@code current_task()}.
 */
final class RunningLoops {
  /*
   * Implementation notes. A thread may use a loop while it is that loop's owner (EventLoop.owner):
   * the loop thread, or on the virtual-threads engine the running task's own thread. Running loops
   * are few, so a copy-on-write array scanned for the owner beats a ThreadLocal, which the
   * virtual-threads engine would have to move from thread to thread at every switch. Written under
   * the class lock, read without it (volatile).
   */
  private static volatile EventLoop[] loops = new EventLoop[0];

  static {
    Flight.install(); // loads Flight, whose listener samples the running loops for JFR
    // A task body blocked on a java.util.concurrent lock while its loop waits for it (the
    // virtual-threads engine): most likely another task holds it across an await, a deadlock.
    io.jasyncio.internal.Strands.onBlockedBody(
        blocker -> {
          for (EventLoop l : loops) {
            if (l.thread == Thread.currentThread()) {
              Task<?> t = l.turn.current;
              l.failures.report(
                  new ExceptionContext(
                      "Task "
                          + (t == null ? "?" : t.getName())
                          + " has blocked its thread for at least 1 s on "
                          + blocker
                          + ", a java.util.concurrent lock, and the loop waits for it: if another"
                          + " task holds it across an await, the loop is deadlocked. Release such"
                          + " locks before awaiting, or use io.jasyncio.sync.Lock",
                      null,
                      t == null ? null : t.getName(),
                      t,
                      null));
              return;
            }
          }
        },
        RunningLoops::virtualThreadLoopThreads);
  }

  /** The threads running the loops of the virtual-threads engine, for the body watch. */
  private static List<Thread> virtualThreadLoopThreads() {
    List<Thread> threads = new java.util.ArrayList<>();
    for (EventLoop l : loops) {
      Thread t = l.thread;
      if (t != null && l.engine() == Engine.VIRTUAL_THREADS) {
        threads.add(t);
      }
    }
    return threads;
  }

  private RunningLoops() {}

  /** The loop the calling thread may use right now, or null. */
  static @Nullable EventLoop current() {
    Thread me = Thread.currentThread();
    for (EventLoop l : loops) {
      if (l.turn.owner() == me) {
        return l;
      }
    }
    return null;
  }

  /** The running loops, in the order they started. Any thread. */
  static List<EventLoop> all() {
    return List.of(loops);
  }

  static synchronized void add(EventLoop l) {
    TasksMBean.watch(); // the first time: ./jasyncio ps can find this JVM's loops
    EventLoop[] a = Arrays.copyOf(loops, loops.length + 1);
    a[a.length - 1] = l;
    loops = a;
  }

  static synchronized void remove(EventLoop l) {
    EventLoop[] a = loops;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == l) {
        EventLoop[] b = new EventLoop[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        loops = b;
        return;
      }
    }
  }

  /** The running task of the calling thread's loop, for an await point named {@code op}. */
  static Task<?> currentTaskFor(String op) {
    EventLoop loop = current();
    if (loop == null) {
      throw new IllegalStateException(
          "no running event loop: "
              + op
              + " is an await point and works only inside a task; start one with"
              + " Asyncio.run(...)");
    }
    Task<?> t = loop.turn.current;
    if (t == null) {
      throw new IllegalStateException(
          op
              + " called outside a task (in a callback?): await points work only inside a task"
              + " body; wrap the code in createTask(...)");
    }
    return t;
  }
}
