package io.jasyncio.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A task body on its own virtual thread. The loop thread and the body hand a single turn back and
 * forth with {@link LockSupport}: whoever does not hold the turn is parked.
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
    // The body usually gives the turn back within microseconds: spin briefly before parking, so
    // that the loop's own virtual thread is not unmounted and rescheduled on every switch.
    for (int i = SPINS; i > 0 && bodyTurn; i--) {
      Thread.onSpinWait();
    }
    boolean interrupted = false;
    boolean reported = false;
    while (bodyTurn) {
      LockSupport.parkNanos(this, WATCH_NANOS);
      interrupted |= Thread.interrupted(); // or park would return at once: a spin
      if (bodyTurn && !reported) { // slow: is the body blocked on a lock another task holds?
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
   * How long a handover spins before it parks: {@code -Djasyncio.vt.spins}; 2000 by default, 0 on
   * one CPU (there the spin only delays the thread it waits for: the E1 echo bench pinned to one
   * core went from 12.5k to 57k round trips/s without it).
   */
  private static final int SPINS =
      Integer.getInteger(
          "jasyncio.vt.spins", Runtime.getRuntime().availableProcessors() > 1 ? 2000 : 0);

  /** How long the loop waits for a body before it looks at what the body is blocked on. */
  private static final long WATCH_NANOS = 1_000_000_000L;

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
