package io.jasyncio;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The always-on check for a java.util.concurrent lock (a ReentrantLock, a read-write lock's write
 * lock: the locks that have an owner thread) held across an await on the continuations engine,
 * where every task runs on the loop's thread: the lock belongs to that thread, so the next task
 * that takes it gets it at once and mutual exclusion is silently lost. One per loop, loop thread
 * only.
 *
 * <p>The JDK reads the locks a thread holds only by scanning the heap (about 0.2 ms per MB in use),
 * so the check runs where it costs the program nothing: when the loop is idle, with no task step
 * running, the loop's thread should hold no such lock. If it does, a suspended task took it and
 * awaited (or the code that called {@code run} holds it). The check is reported once per lock and
 * loop, through the loop's exception handler.
 *
 * <p>Budget: at most one scan per {@link #INTERVAL_NANOS} of real time, only at an idle point, only
 * when the scan (predicted from the heap in use and the last scan's rate) fits in the wait ahead
 * and costs at most 1% of the real time since the last scan, and never above {@link
 * #MAX_SCAN_NANOS}: a big heap is not scanned (debug mode's check at each await still is). The
 * JDK's management classes (about 30 ms to load, once per JVM) are loaded in the first idle wait of
 * at least {@link #LOAD_IN_WAIT_NANOS} (a wake-up from another thread in those 30 ms waits for
 * them), or on a background thread if the loop never waits that long (virtual time, a busy loop).
 * The virtual-threads engine needs none of this: there each task has its own thread, and a task
 * blocked on a lock another task holds across an await is reported as a blocked body ({@link
 * RunningLoops}). {@code -Djasyncio.lockWatch=false} turns it off.
 */
final class LockWatch {
  /** {@code -Djasyncio.lockWatch=false} turns the check off. */
  static final String SWITCH = "jasyncio.lockWatch";

  /** The least real time between two scans of one loop. */
  static final long INTERVAL_NANOS = 1_000_000_000L;

  /** The longest scan the budget allows (so not above roughly 50 MB of heap in use). */
  static final long MAX_SCAN_NANOS = 10_000_000L;

  /**
   * A wait at least this long may load the management classes (once per JVM) on the loop thread.
   */
  static final long LOAD_IN_WAIT_NANOS = 100_000_000L;

  private static final boolean ON = !"false".equalsIgnoreCase(System.getProperty(SWITCH));

  /**
   * The lock a ThreadPoolExecutor's worker thread holds while it runs a job: never a task's, so a
   * loop run inside an executor's job is not reported for it.
   */
  private static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

  /** The JDK's thread bean, loaded once per JVM (see threadBean); null until then. */
  private static volatile @Nullable ThreadMXBean threads;

  private static boolean loading; // guarded by LockWatch.class

  /** The management classes could not be loaded: the check is off. */
  private static volatile boolean failed;

  /** For a loop on another engine, or with the check turned off. */
  private static final LockWatch NONE = new LockWatch(null);

  /** A Poller's watch before its loop's engine is known: does nothing. */
  static final LockWatch UNDECIDED = new LockWatch(null);

  private final @Nullable EventLoop loop;

  /** For tests: scan at every idle point, with no budget. */
  private boolean everyIdle;

  /** System.nanoTime() at the last scan (one interval before the loop was made, at first). */
  private long lastScan = System.nanoTime() - INTERVAL_NANOS;

  /** System.nanoTime() before which idle points do not look (the budget). */
  private long lookAgainAt = lastScan;

  /** Scan time per byte of heap in use, from the last scan; a first guess before it. */
  private double nanosPerByte = 0.5;

  /** Locks reported (class@identity hash): each once. */
  private final Set<String> reported = new HashSet<>();

  private LockWatch(@Nullable EventLoop loop) {
    this.loop = loop;
  }

  /**
   * The watch for {@code loop}: a working one on the continuations engine, else one that is off.
   */
  static LockWatch forLoop(EventLoop loop) {
    return ON && loop.engine() == Engine.CONTINUATIONS ? new LockWatch(loop) : NONE;
  }

  /**
   * Called when the loop has nothing to run and is about to wait ({@code waitNanos} above 0, or
   * below 0 for no limit) or to move its virtual clock (0: no real time to spare). Loop thread.
   */
  void atIdle(long waitNanos) {
    EventLoop l = loop;
    if (l == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - lookAgainAt < 0
        || l.debug != null
        || failed) { // debug mode checks at each await instead
      return;
    }
    Thread self = Thread.currentThread();
    if (self.isVirtual()) { // the JDK reads no lock of a virtual thread
      lookAgainAt = now + INTERVAL_NANOS;
      return;
    }
    ThreadMXBean mx = threads;
    if (mx == null) {
      if (waitNanos >= 0 && waitNanos < LOAD_IN_WAIT_NANOS) {
        loadInBackground(); // too short a wait to load it in: a later idle point scans
        return;
      }
      mx = load(); // in a long wait: costs no work
      if (mx == null) {
        return;
      }
      now = System.nanoTime();
    }
    Runtime rt = Runtime.getRuntime();
    long inUse = rt.totalMemory() - rt.freeMemory();
    double predicted = inUse * nanosPerByte;
    if (!everyIdle) {
      if (predicted > MAX_SCAN_NANOS || predicted > (now - lastScan) / 100.0) {
        lookAgainAt = now + INTERVAL_NANOS; // too big a heap, or too soon for the 1% budget
        return;
      }
      if (waitNanos > 0 && predicted > waitNanos) {
        return; // it would delay the next timer: at a later idle point
      }
      lookAgainAt = now + INTERVAL_NANOS;
    }
    lastScan = now;
    ThreadInfo info = mx.getThreadInfo(new long[] {self.threadId()}, false, true)[0];
    nanosPerByte = Math.max(0.01, (System.nanoTime() - now) / (double) Math.max(inUse, 1));
    if (info != null) {
      report(l, info.getLockedSynchronizers());
    }
  }

  /** Scans at every idle point from now on, with management loaded: for tests. */
  void scanAtEveryIdle() {
    everyIdle = true;
    threadBean();
  }

  private void report(EventLoop l, LockInfo[] held) {
    List<String> fresh = new ArrayList<>();
    for (LockInfo lock : held) {
      if (lock.getClassName().equals(POOL_WORKER)) {
        continue; // a pool thread runs the loop: it holds its own worker lock throughout
      }
      String name = lock.toString(); // class@identity hash: names the object
      if (reported.add(name)) {
        fresh.add(name);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    List<Task<?>> suspended = new ArrayList<>();
    for (Task<?> t : l.tasks.snapshot()) {
      if (t.hasStarted()) {
        suspended.add(t);
      }
    }
    String who =
        suspended.size() == 1
            ? "task " + suspended.get(0).getName() + ", the one suspended task,"
            : "one of the " + suspended.size() + " suspended tasks (" + names(suspended) + ")";
    Task<?> only = suspended.size() == 1 ? suspended.get(0) : null;
    l.callExceptionHandler(
        new ExceptionContext(
            "The loop's thread holds java.util.concurrent lock(s) "
                + fresh
                + " while no task runs: "
                + who
                + " took it and awaited before releasing it (or the code that called run() holds"
                + " it). On the continuations engine every task runs on this thread, so the next"
                + " task that takes the lock gets it at once: mutual exclusion is lost. Release the"
                + " lock before the await, or use io.jasyncio.sync.Lock, which tasks wait for."
                + " Debug mode names the task at its await.",
            null,
            only == null ? null : only.getName(),
            only,
            null));
  }

  private static String names(List<Task<?>> tasks) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tasks.size() && i < 5; i++) {
      sb.append(i == 0 ? "" : ", ").append(tasks.get(i).getName());
    }
    return tasks.size() > 5 ? sb.append(", ...").toString() : sb.toString();
  }

  /** Loads the JDK's management classes once per JVM, on a background thread. */
  private static synchronized void loadInBackground() {
    if (loading) {
      return;
    }
    loading = true;
    Thread.ofPlatform().daemon().name("jasyncio-lockwatch-init").start(LockWatch::load);
  }

  /**
   * The JDK's thread bean, loaded on the calling thread if need be, or null if it cannot be had
   * (out of file descriptors, say: the JDK then never retries): the checks that read held locks are
   * off for the JVM's life, and the loop goes on.
   */
  static @Nullable ThreadMXBean threadBean() {
    ThreadMXBean mx = threads;
    return mx != null || failed ? mx : load();
  }

  private static @Nullable ThreadMXBean load() {
    try {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      threads = mx;
      return mx;
    } catch (LinkageError | RuntimeException e) {
      failed = true;
      return null;
    }
  }
}
