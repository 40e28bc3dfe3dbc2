package io.jasyncio.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A task body on its own virtual thread. The loop thread and the body hand a single turn back and
 * forth with {@link LockSupport}: whoever does not hold the turn is parked.
 */
/*
 * Implementation notes (ADR 0017). A switch from task A to task B is two hand-offs: A's thread to
 * the loop's, the loop's to B's. Each is a flag write and an unpark of a parked virtual thread,
 * which the JDK's scheduler (a ForkJoinPool with one carrier per core) runs on the waker's carrier
 * once the waker parks, or on another carrier, which it wakes through the operating system if it
 * sleeps. Both sides park without a timeout (a timed park schedules a task on the JDK's delayed
 * task scheduler at every hand-off); BodyWatch wakes a loop that waits too long, so that it can
 * report a body blocked on a lock.
 */
final class VirtualThreadStrand implements Strand, Runnable {
  private static final ThreadFactory THREADS = Thread.ofVirtual().name("jasyncio-task").factory();

  private static volatile boolean warm;

  /**
   * Runs one strand through a suspension to its end, once per JVM: a suspended virtual thread's
   * frames deoptimise on their first freeze, and paying that once here keeps a million suspended
   * tasks from paying it one by one. Not in a static initialiser: the body would wait for it.
   */
  static void warmUp() {
    if (!warm) {
      warm = true;
      VirtualThreadStrand[] s = new VirtualThreadStrand[1];
      s[0] = new VirtualThreadStrand(() -> s[0].suspend());
      s[0].resume();
      s[0].resume();
    }
  }

  private final Runnable body;

  private final Thread thread;

  /**
   * The thread that resumed the body and waits for the turn back. Written before {@link #bodyTurn}.
   */
  private @Nullable Thread resumer;

  /**
   * Who holds the turn: true while the body runs. Written by the side giving the turn away, then
   * the other side is unparked; each side parks until the flag says it holds the turn.
   */
  private volatile boolean bodyTurn;

  private volatile boolean done;

  private boolean started;

  VirtualThreadStrand(Runnable body) {
    this.body = body;
    this.thread = THREADS.newThread(this); // started by the first resume(), after this returns
  }

  /**
   * The virtual thread's task: the body, then the turn back for good. The strand is the thread's
   * {@code Runnable} itself (no lambda object per task: 16 B less per task, issue #14).
   */
  @Override
  public void run() {
    try {
      body.run();
    } finally {
      done = true;
      bodyTurn = false;
      LockSupport.unpark(resumer);
    }
  }

  @Override
  public void resume() {
    resumer = Thread.currentThread();
    bodyTurn = true;
    if (started) {
      LockSupport.unpark(thread);
    } else {
      started = true;
      thread.start();
    }
    spin();
    boolean interrupted = false;
    boolean reported = false;
    while (bodyTurn) {
      BodyWatch.ensureRunning();
      LockSupport.park(this); // untimed: a timed park costs a scheduled task per hand-off
      interrupted |= Thread.interrupted(); // or park would return at once: a spin
      if (bodyTurn && !reported) { // woken early, or by the watch: is the body blocked on a lock?
        Object blocker = LockSupport.getBlocker(thread);
        if (Strands.isLock(blocker)) {
          reported = true;
          Strands.reportBlocked(java.util.Objects.requireNonNull(blocker));
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt(); // the loop's, seen at its next select step
    }
  }

  /**
   * Spins a while before the loop parks, as long as spinning pays: a spin keeps the loop's virtual
   * thread mounted while the body runs, which saves a park and a remount when a second carrier runs
   * the body at once (W1 on a quiet 2-core machine: 1.7 us per switch with the spin, 2.1 without).
   * When other processes hold the cores, the spin holds the one the body needs (W1 at a load
   * average of 5-8: 3.5 us per switch without a spin, 16 us with 2,000 spins), and the spin then
   * mostly runs out. So the budget adapts: doubled (up to {@link #MAX_SPINS}) when the body handed
   * back during the spin, halved when the spin ran out, and at zero a probe of {@link #PROBE_SPINS}
   * every 256th hand-off to find out whether spinning pays again. ADR 0017.
   */
  private void spin() {
    int budget = spinBudget;
    if (budget == 0) {
      if (MAX_SPINS == 0 || (++handOffs & 255) != 0) {
        return;
      }
      budget = Math.min(PROBE_SPINS, MAX_SPINS);
    }
    for (int i = budget; i > 0 && bodyTurn; i--) {
      Thread.onSpinWait();
    }
    spinBudget = bodyTurn ? budget / 2 : Math.min(MAX_SPINS, budget * 2);
  }

  /**
   * The most a hand-off spins: {@code -Djasyncio.vt.spins=N}, 2,000 by default (about 50-100 us of
   * {@code onSpinWait}); 0, never spin, on one CPU or with {@code
   * -Djdk.virtualThreadScheduler.parallelism=1}, where the body needs the carrier the loop would
   * spin on (the E1 echo bench pinned to one core made 57k round trips/s without the spin, 12.5k
   * with).
   */
  private static final int MAX_SPINS =
      Integer.getInteger(
          "jasyncio.vt.spins",
          Runtime.getRuntime().availableProcessors() > 1
                  && !"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))
              ? 2000
              : 0);

  private static final int PROBE_SPINS = 100;

  /**
   * The spin of the next hand-off, from 0 to MAX_SPINS. Shared by every loop thread of the process
   * without synchronisation: a heuristic, for which a lost update does no harm.
   */
  private static int spinBudget = MAX_SPINS;

  /** Hand-offs made with a zero budget, to probe every 256th; racy like spinBudget. */
  private static int handOffs;

  @Override
  public void suspend() {
    Thread r = resumer;
    bodyTurn = false;
    LockSupport.unpark(r);
    boolean interrupted = false;
    do {
      LockSupport.park(this);
      interrupted |= Thread.interrupted(); // or park would return at once: a spin
    } while (!bodyTurn);
    if (interrupted) {
      Thread.currentThread().interrupt(); // the task's own, seen at its next blocking call
    }
  }

  @Override
  public StackTraceElement[] stackTrace() {
    return started && !done ? thread.getStackTrace() : new StackTraceElement[0];
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public Thread thread() {
    return thread;
  }
}
