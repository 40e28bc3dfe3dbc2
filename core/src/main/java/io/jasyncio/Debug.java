package io.jasyncio;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A loop's debug mode (asyncio's {@code loop.set_debug(True)}): where futures were created, slow
 * callbacks, and tasks that await while holding a Java monitor. One per loop, made when debug mode
 * is turned on; loop thread only.
 */
final class Debug {
  /** The system property that turns debug mode on for every new loop. */
  static final String PROPERTY = "jasyncio.debug";

  /** The environment variable that does the same (asyncio's PYTHONASYNCIODEBUG). */
  static final String ENVIRONMENT = "JASYNCIO_DEBUG";

  /** Whether new loops start in debug mode: the property, else the environment variable. */
  static boolean enabledByDefault() {
    String p = System.getProperty(PROPERTY);
    if (p != null) {
      return !p.isEmpty() && !p.equals("false") && !p.equals("0");
    }
    String e = System.getenv(ENVIRONMENT);
    return e != null && !e.isEmpty() && !e.equals("0");
  }

  private final EventLoop loop;

  /** Where each future or task was created: the caller's frames, most recent first. */
  private final WeakHashMap<Future<?>, List<StackTraceElement>> creation = new WeakHashMap<>();

  /** Tasks already reported for awaiting with a monitor held: reported once each. */
  private final WeakHashMap<Task<?>, Boolean> monitorReported = new WeakHashMap<>();

  private boolean monitorsUnavailableReported;

  Debug(EventLoop loop) {
    this.loop = loop;
  }

  /** Where {@code f} was created, if {@code loop} is in debug mode; else nothing. */
  static List<StackTraceElement> creationSite(EventLoop loop, Future<?> f) {
    Debug d = loop.debug;
    return d == null ? List.of() : d.creationSite(f);
  }

  /** A slow-callback threshold in nanoseconds, from seconds that must be 0 or more. */
  static long slowNanos(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException(
          "setSlowCallbackDuration(" + seconds + "): pass a duration in seconds, >= 0");
    }
    return LoopClock.toNanos(seconds, "slow callback duration");
  }

  void created(Future<?> f) {
    creation.put(f, Stacks.callerFrames(new Throwable().getStackTrace()));
  }

  List<StackTraceElement> creationSite(@Nullable Future<?> f) {
    List<StackTraceElement> s = f == null ? null : creation.get(f);
    return s == null ? List.of() : s;
  }

  /**
   * Runs a ready-queue entry (a callback's {@link Handle}, or a task, for its step), and reports it
   * if it ran longer than the threshold.
   */
  void runTimed(Object entry, long slowNanos) {
    long t0 = System.nanoTime();
    loop.turn.run(entry);
    long dt = System.nanoTime() - t0;
    if (dt >= slowNanos) {
      Task<?> task = entry instanceof Task<?> t ? t : null;
      StringBuilder msg =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "Executing %s took %.3f seconds",
                  task != null ? task.stepName() : entry,
                  dt / 1e9));
      if (task != null && !task.isDone()) {
        List<StackTraceElement> at = task.getStack();
        if (!at.isEmpty()) {
          msg.append("; the step ended at:");
          for (StackTraceElement e : at) {
            msg.append("\n\tat ").append(e);
          }
        }
      }
      loop.callExceptionHandler(
          new ExceptionContext(
              msg.toString(),
              null,
              task == null ? null : task.getName(),
              task,
              task == null ? (Handle) entry : null,
              task == null ? List.of() : creationSite(task)));
    }
  }

  // ---- monitors held across an await ---------------------------------------------------------

  /** When the locks held were last read (at most once a second: a read scans the heap). */
  private long lastSynchronizerCheck = System.nanoTime() - 1_000_000_000L;

  /**
   * Called at a suspension of {@code task}, on the body's side, at most once a second: reports a
   * java.util.concurrent lock (ReentrantLock, a read-write lock) held by the thread across the
   * await. On the continuations engine every task shares the loop's thread, so another task takes
   * the same lock at once: mutual exclusion is silently lost. About 3 ms a read (it scans the
   * heap). The JDK cannot read a virtual thread's locks (null info), so on the virtual-threads
   * engine this sees nothing; there the loop reports a body blocked on such a lock (RunningLoops).
   * Without debug mode, {@link LockWatch} looks at idle points instead (it stands aside in debug
   * mode: this check names the task).
   */
  void checkSynchronizers(Task<?> task) {
    long now = System.nanoTime();
    if (now - lastSynchronizerCheck < 1_000_000_000L || monitorReported.containsKey(task)) {
      return;
    }
    lastSynchronizerCheck = now;
    var mx = LockWatch.threadBean();
    var info =
        mx == null
            ? null
            : mx.getThreadInfo(new long[] {Thread.currentThread().threadId()}, false, true)[0];
    if (info == null || info.getLockedSynchronizers().length == 0) {
      return;
    }
    reportOnce(
        task,
        "Task "
            + task.getName()
            + " awaits while its thread holds java.util.concurrent lock(s) "
            + java.util.Arrays.toString(info.getLockedSynchronizers())
            + ": on the continuations engine every task shares that thread, so the next task"
            + " takes the lock too; on the virtual-threads engine it blocks the loop for good."
            + " Release it before the await, or use io.jasyncio.sync.Lock");
  }

  /** Reports a lock held across an await by {@code task}: once per task. */
  private void reportOnce(Task<?> task, String message) {
    monitorReported.put(task, Boolean.TRUE);
    loop.callExceptionHandler(
        new ExceptionContext(message, null, task.getName(), task, null, creationSite(task)));
  }

  /** Called at each suspension of {@code task}, on the body's side. */
  void checkMonitors(Task<?> task) {
    if (monitorReported.containsKey(task)) {
      return;
    }
    if (!MonitorProbe.AVAILABLE) {
      if (!monitorsUnavailableReported) {
        monitorsUnavailableReported = true;
        loop.callExceptionHandler(
            new ExceptionContext(
                "debug mode cannot see Java monitors held across awaits: "
                    + MonitorProbe.UNAVAILABLE_REASON
                    + ". Run with --add-opens java.base/java.lang=ALL-UNNAMED (on the module path:"
                    + " =io.jasyncio)",
                null,
                null,
                null,
                null));
      }
      return;
    }
    List<String> held = MonitorProbe.heldInBody();
    if (!held.isEmpty()) {
      reportOnce(
          task,
          "Task "
              + task.getName()
              + " awaits while holding a Java monitor ("
              + String.join("; ", held)
              + "). Another task that enters it blocks the loop for good (a deadlock, on"
              + " both engines): release it before the await, or use io.jasyncio.sync.Lock");
    }
  }

  /**
   * Reads the monitors the current thread's frames hold, down to the task body's first frame,
   * through {@code java.lang.LiveStackFrame} (the JDK's own, not exported: it needs {@code
   * --add-opens java.base/java.lang}). About 35 µs a call: debug mode only.
   */
  private static final class MonitorProbe {
    static final boolean AVAILABLE;
    static final String UNAVAILABLE_REASON;
    private static final @Nullable StackWalker WALKER;
    private static final @Nullable Method GET_MONITORS;

    static {
      StackWalker walker = null;
      Method getMonitors = null;
      String reason = "";
      try {
        Class<?> lsf = Class.forName("java.lang.LiveStackFrame");
        Method gsw = lsf.getDeclaredMethod("getStackWalker", Set.class);
        gsw.setAccessible(true);
        getMonitors = lsf.getDeclaredMethod("getMonitors");
        getMonitors.setAccessible(true);
        walker = (StackWalker) gsw.invoke(null, EnumSet.noneOf(StackWalker.Option.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        walker = null;
        getMonitors = null;
        reason = "java.lang.LiveStackFrame is not accessible (" + e + ")";
      }
      WALKER = walker;
      GET_MONITORS = getMonitors;
      AVAILABLE = walker != null;
      UNAVAILABLE_REASON = reason;
    }

    static List<String> heldInBody() {
      List<String> out = new ArrayList<>();
      java.util.Objects.requireNonNull(WALKER)
          .walk(
              frames -> {
                frames
                    .takeWhile(f -> !Stacks.isBodyStart(f.toStackTraceElement()))
                    .forEach(
                        f -> {
                          Object[] monitors;
                          try {
                            monitors =
                                (Object[]) java.util.Objects.requireNonNull(GET_MONITORS).invoke(f);
                          } catch (ReflectiveOperationException e) {
                            return;
                          }
                          for (Object m : monitors) {
                            out.add(
                                "locked "
                                    + m.getClass().getName()
                                    + "@"
                                    + Integer.toHexString(System.identityHashCode(m))
                                    + " in "
                                    + f.toStackTraceElement());
                          }
                        });
                return null;
              });
      return out;
    }
  }
}
