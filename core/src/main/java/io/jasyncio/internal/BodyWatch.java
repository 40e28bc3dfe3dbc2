package io.jasyncio.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Wakes a loop thread that has waited a whole watch period for a task body blocked on a
 * java.util.concurrent lock, so that the loop looks at the body and reports it (see {@link
 * VirtualThreadStrand#resume()}). One daemon thread for the process, running only while some loop
 * of the virtual-threads engine runs.
 */
final class BodyWatch {
  /*
   * Implementation notes.
   *
   * The loop used to wait for a body with parkNanos(1 s) and look at the body when it timed out.
   * A timed park of a virtual thread schedules, and on unpark cancels, a task on the JDK's delayed
   * task scheduler: a lock, a heap insertion and removal, and often a wake-up of that scheduler's
   * platform thread, on every hand-off (about 1-2 futex calls per switch on W1). The loop now parks
   * without a timeout, and this thread does the watching: once a period it reads what each loop
   * thread is parked on (LockSupport.getBlocker, the strand it waits for), and a loop found waiting
   * for the same strand at two ticks in a row, whose body is parked on a lock, is unparked. The
   * hand-off pays nothing for it.
   *
   * State: `running` is read by any thread and written under the class lock; `seen` is confined
   * to the watch thread. Transitions: stopped -> running (ensureRunning, on a loop's first park),
   * running -> stopped (a tick that finds no loop thread to watch).
   */

  /** The loop threads of the running virtual-threads loops; installed by the core. */
  private static volatile @Nullable Supplier<List<Thread>> loopThreads;

  private static volatile boolean running;

  private static final long PERIOD_MILLIS = 1_000;

  private BodyWatch() {}

  static void watch(Supplier<List<Thread>> threads) {
    loopThreads = threads;
  }

  /** Starts the watch thread unless it runs. Cheap when it does: one volatile read. */
  static void ensureRunning() {
    if (!running) {
      start();
    }
  }

  private static synchronized void start() {
    if (!running && loopThreads != null) {
      running = true;
      Thread.ofPlatform().daemon().name("jasyncio-body-watch").start(BodyWatch::run);
    }
  }

  /**
   * Stops the watch when no loop runs. The second look closes a race: a loop that starts after the
   * first look reads `running` after it was cleared, so it starts a new watch; one that started
   * before the second look is seen there, and this watch goes on.
   */
  private static synchronized boolean stopIfIdle(Supplier<List<Thread>> threads) {
    if (!threads.get().isEmpty()) {
      return false;
    }
    running = false;
    if (!threads.get().isEmpty()) {
      running = true;
      return false;
    }
    return true;
  }

  private static void run() {
    // loop thread -> the strand it waited for at the last tick
    IdentityHashMap<Thread, Object> seen = new IdentityHashMap<>();
    while (true) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        // nobody interrupts this thread; a tick early does no harm
      }
      Supplier<List<Thread>> s = java.util.Objects.requireNonNull(loopThreads); // set to start
      if (stopIfIdle(s)) {
        return;
      }
      List<Thread> threads = s.get();
      IdentityHashMap<Thread, Object> now = new IdentityHashMap<>();
      for (Thread t : threads) {
        if (LockSupport.getBlocker(t) instanceof VirtualThreadStrand strand) {
          now.put(t, strand);
          if (seen.get(t) == strand && Strands.isLock(LockSupport.getBlocker(strand.thread()))) {
            LockSupport.unpark(t); // the loop looks at the body and reports it
          }
        }
      }
      seen = now;
    }
  }
}
