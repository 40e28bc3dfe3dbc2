package io.jasyncio;

import io.jasyncio.internal.Strand;
import org.jspecify.annotations.Nullable;

/**
 * Who has a loop's turn right now: the thread allowed to touch the loop (its owner), and the task
 * step or callback running on it, with the context that callback runs in.
 */
final class Turn {
  /*
   * Implementation notes.
   *
   * `owner` is the loop thread while the loop runs and a callback or the loop itself has the turn;
   * on the virtual-threads engine, the running task's own thread while its body runs; the closing
   * thread while close() unwinds tasks; null while the loop is not running (any thread may touch
   * it then). It is volatile, for the thread checks made from other threads. On the continuations
   * engine it never changes while the loop runs, so a switch writes no volatile field.
   *
   * `current`, `inCallback` and `callbackContext` are confined to the owner. Invariant: at most one
   * of `current != null` and `inCallback` holds, except during an eager task's first step, which
   * runs nested inside a callback or another task's step (restore() undoes it).
   */
  private final FailureLedger failures;

  private volatile @Nullable Thread owner;

  /** The task whose body is running, asyncio's current task. */
  @Nullable Task<?> current;

  /** True while a callback (not a task step) runs; `callbackContext` is its context. */
  boolean inCallback;

  @Nullable Context callbackContext;

  /** The future runUntilComplete runs for, which an interrupt of the loop thread cancels. */
  @Nullable Future<?> runningFor;

  /** The loop thread was interrupted in this run: its flag is set again when the run ends. */
  private boolean interrupted;

  Turn(FailureLedger failures) {
    this.failures = failures;
  }

  @Nullable Thread owner() {
    return owner;
  }

  void setOwner(@Nullable Thread t) {
    owner = t;
  }

  boolean isOwnerThread() {
    return owner == Thread.currentThread();
  }

  /** Throws unless the calling thread may touch the loop now. */
  void checkThread(String method) {
    Thread o = owner;
    if (o != null && o != Thread.currentThread()) {
      throw new IllegalStateException(
          method
              + "() called from thread '"
              + Thread.currentThread().getName()
              + "', but the loop runs on '"
              + o.getName()
              + "': from other threads use loop.callSoonThreadsafe(...)");
    }
  }

  /**
   * Runs {@code action} with the calling thread as the loop's owner, registered as running it:
   * close() unwinds pending tasks this way, so that their finally blocks see currentTask(),
   * getRunningLoop() and their ContextVars as in a running loop, and nothing they set lands in the
   * closing thread's context.
   */
  void runAsOwner(EventLoop loop, Runnable action) {
    Thread prev = owner;
    owner = Thread.currentThread();
    RunningLoops.add(loop);
    try {
      action.run();
    } finally {
      RunningLoops.remove(loop);
      owner = prev;
    }
  }

  /**
   * The Java monitors the loop thread held when the last run ended with suspended tasks pending
   * (they suspended under these), on the continuations engine; null when not recorded.
   */
  private java.util.@Nullable Set<String> monitorsAtExit;

  /**
   * On the continuations engine, refuses to resume tasks that suspended earlier while this thread
   * holds a Java monitor it did not hold when they suspended: resuming a continuation under a
   * monitor entered after its last yield crashed the JVM (SIGSEGV in Thaw::thaw_slow, JDK 25.0.3).
   * Only a loop entered with suspended tasks pending is checked (about 40 µs, ThreadMXBean), and a
   * run that ends with some records the monitors they suspended under.
   */
  void refuseNewMonitors(EventLoop loop, String op) {
    if (loop.engine() != Engine.CONTINUATIONS || !loop.tasks.anySuspended()) {
      return;
    }
    java.lang.management.MonitorInfo[] held = heldMonitors();
    java.util.Set<String> before = monitorsAtExit;
    for (java.lang.management.MonitorInfo m : held) {
      if (before == null || !before.contains(m.toString())) {
        throw new IllegalStateException(
            op
                + " called while this thread holds a Java monitor ("
                + m
                + " in "
                + m.getLockedStackFrame()
                + ") entered after the pending tasks suspended: resuming them under it can crash"
                + " the JVM on the continuations engine. Call it outside the synchronized block,"
                + " or use the virtual-threads engine");
      }
    }
  }

  /** At the end of a run: the monitors the tasks still suspended are suspended under. */
  void recordMonitorsAtExit(EventLoop loop) {
    monitorsAtExit = null;
    if (loop.engine() == Engine.CONTINUATIONS && loop.tasks.anySuspended()) {
      java.util.Set<String> held = new java.util.HashSet<>();
      for (java.lang.management.MonitorInfo m : heldMonitors()) {
        held.add(m.toString()); // class@identity hash: names the object
      }
      monitorsAtExit = held;
    }
  }

  /** The monitors this thread holds; none known if the JDK's management cannot load (EMFILE). */
  private static java.lang.management.MonitorInfo[] heldMonitors() {
    var mx = LockWatch.threadBean();
    var info =
        mx == null
            ? null
            : mx.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, false)[0];
    return info == null ? new java.lang.management.MonitorInfo[0] : info.getLockedMonitors();
  }

  /** A task's body gets the turn: it becomes the current task, and on its own thread the owner. */
  void enter(Task<?> task, Strand strand) {
    current = task;
    Thread t = strand.thread();
    if (t != null) {
      owner = t;
    }
  }

  /** The body gave the turn back to its resumer: the loop, or the creator of an eager task. */
  void leave(Strand strand) {
    current = null;
    if (strand.thread() != null) {
      owner = Thread.currentThread();
    }
  }

  /** After an eager step: the creator (a task, or none in a callback) has the turn again. */
  void restore(@Nullable Task<?> task, @Nullable Thread ownerThread) {
    current = task;
    if (owner != ownerThread) {
      owner = ownerThread;
    }
  }

  /**
   * Takes an interrupt of the loop thread (once per iteration, so that the loop's waits never spin
   * on a set flag): the thread running the loop is asked to stop, as asyncio.run is by a first
   * Ctrl-C, so the future runUntilComplete runs for is cancelled (Asyncio.run's main task).
   */
  void takeInterrupt() {
    if (Thread.interrupted()) {
      interrupted = true;
      Future<?> f = runningFor;
      if (f != null) {
        f.cancel("the thread running the event loop was interrupted");
      }
    }
  }

  /** At the end of a run: the interrupt taken goes back to the thread, as Java code expects. */
  void restoreInterrupt(Thread loopThread) {
    if (interrupted) {
      interrupted = false;
      loopThread.interrupt();
    }
  }

  /**
   * Runs an entry of the ready queue: a task's step (the task is its own entry), in the task's
   * context; or a callback's handle in its own context, unless the handle was cancelled. What it
   * throws goes to the exception handler.
   */
  void run(Object entry) {
    if (entry instanceof Task<?> task) {
      try {
        task.wake();
      } catch (VirtualMachineError e) {
        throw e; // asyncio's SystemExit/KeyboardInterrupt: out of the loop, to run()'s caller
      } catch (Throwable e) {
        failures.report(
            new ExceptionContext(
                "Exception in callback " + task.stepName(), e, task.getName(), task, null));
      }
      return;
    }
    Handle handle = (Handle) entry;
    if (handle.cancelled) {
      return;
    }
    inCallback = true;
    callbackContext = handle.context();
    try {
      handle.invoke();
    } catch (VirtualMachineError e) {
      throw e; // asyncio's SystemExit/KeyboardInterrupt: out of the loop, to run()'s caller
    } catch (Throwable e) {
      failures.report(
          new ExceptionContext("Exception in callback " + handle, e, null, null, handle));
    } finally {
      inCallback = false;
      callbackContext = null;
    }
  }
}
