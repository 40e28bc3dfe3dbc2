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
final class VirtualThreadStrand implements Strand {
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
    this.thread =
        THREADS.newThread(
            () -> {
              try {
                body.run();
              } finally {
                done = true;
                bodyTurn = false;
                LockSupport.unpark(resumer);
              }
            });
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
    for (int i = SPINS; i > 0 && bodyTurn; i--) {
      Thread.onSpinWait();
    }
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
   * How long a hand-off spins before it parks: {@code -Djasyncio.vt.spins=N}, 0 by default. A spin
   * keeps the loop's virtual thread mounted while the body runs, which pays only when a second
   * carrier is free to run the body at once (an idle machine of two cores or more). With other
   * processes on the cores, or one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}, one
   * CPU), it holds the core the body needs: W1 at a load average of 5-8 took 3.5 us per switch
   * without a spin, 5.6 us with 100 spins and 16 us with 2,000 (ADR 0017); the E1 echo bench pinned
   * to one core made 57k round trips/s without the spin and 12.5k with it.
   */
  private static final int SPINS = Integer.getInteger("jasyncio.vt.spins", 0);

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
