package io.jasyncio.sync;

import io.jasyncio.CancelledError;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock}. Not a thread lock: it orders the tasks
 * of one loop across their await points. Waiters are served first come, first served.
 *
 * {@snippet :
 * Lock lock = new Lock();
 * try (Held _ = lock.acquired()) {
 *   balance = balance + readDeposit(); // no other task interleaves here, even across awaits
 * }
 * }
 *
 * <p>Cancellation: a task cancelled while waiting in {@link #acquire()} never holds the lock
 * afterwards, and if the lock was already handed to it, it passes it on to the next waiter.
 *
 * <p>Threads: the loop thread only, as every primitive of this package; a call from another thread
 * throws {@link IllegalStateException} and changes nothing.
 */
public final class Lock extends LoopBound {
  /*
   * State: `locked`, and the line of waiters. Invariant (asyncio's): while the lock is free and a
   * waiter that is not cancelled is in line, the head of the line is woken or about to take the
   * lock; a woken waiter takes the lock when it resumes, or, cancelled meanwhile, wakes the head.
   */
  private boolean locked;
  private final WaitQueue waiters = new WaitQueue();

  /** An unlocked lock, bound to a loop when a task first waits for it. */
  public Lock() {}

  /**
   * Acquires the lock, waiting if another task holds it (or earlier tasks wait for it). An await
   * point.
   *
   * @return true
   * @throws CancelledError if the task is cancelled while waiting; the lock is then not held
   */
  public boolean acquire() {
    checkThread("Lock.acquire");
    if (!locked && waiters.allCancelled()) {
      locked = true;
      return true;
    }
    waiters.park(
        loopForWait("Lock.acquire"),
        woken -> {
          if (!locked) {
            waiters.wakeFirst(); // the lock may have been handed to us: let the head go
          }
        });
    locked = true;
    return true;
  }

  /**
   * Acquires the lock for a try-with-resources block, asyncio's {@code async with lock}.
   *
   * @return releases the lock when closed
   */
  public Held acquired() {
    acquire();
    return this::release;
  }

  /**
   * Releases the lock and wakes the first waiter.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void release() {
    checkThread("Lock.release");
    if (!locked) {
      throw new IllegalStateException(
          "Lock is not acquired: release() must follow a successful acquire()");
    }
    locked = false;
    waiters.wakeFirst();
  }

  /** Returns whether the lock is held. */
  public boolean locked() {
    return locked;
  }

  @Override
  public String toString() {
    return "<Lock [" + (locked ? "locked" : "unlocked") + waitersText(waiters.size()) + "]>";
  }

  static String waitersText(int n) {
    return n == 0 ? "" : ", waiters:" + n;
  }
}
