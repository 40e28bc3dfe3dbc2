package io.jasyncio;

import java.util.ArrayDeque;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock}. Not a thread lock: it orders tasks
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
 */
public final class Lock extends LoopBound {
  /*
   * State: `locked`, and the FIFO of waiters' futures. Invariant: a waiter's future is completed
   * (with true) only when the lock is free, by wakeUpFirst(); the woken task takes the lock when
   * it resumes, unless it was cancelled meanwhile, in which case it wakes the next one.
   */
  private boolean locked;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

  /** An unlocked lock, bound to a loop on first use. */
  public Lock() {}

  /**
   * Acquires the lock, waiting if another task holds it. An await point.
   *
   * @return true
   * @throws CancelledError if the task is cancelled while waiting; the lock is then not held
   */
  public boolean acquire() {
    EventLoop loop = loop();
    if (!locked && allCancelled()) {
      locked = true;
      return true;
    }
    waitInLine(
        waiters,
        loop,
        fut -> {
          if (!locked) {
            wakeUpFirst(); // the lock may have been handed to us: let the next one try
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
    loop();
    if (!locked) {
      throw new IllegalStateException(
          "Lock is not acquired: release() must follow a successful acquire()");
    }
    locked = false;
    wakeUpFirst();
  }

  /**
   * @return whether the lock is held
   */
  public boolean locked() {
    return locked;
  }

  private boolean allCancelled() {
    for (Future<Boolean> w : waiters) {
      if (!w.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  private void wakeUpFirst() {
    Future<Boolean> first = waiters.peekFirst();
    if (first != null && !first.isDone()) {
      first.setResult(Boolean.TRUE);
    }
  }

  @Override
  public String toString() {
    return "<Lock [" + (locked ? "locked" : "unlocked") + waitersText(waiters) + "]>";
  }

  static String waitersText(ArrayDeque<? extends Future<?>> waiters) {
    return waiters.isEmpty() ? "" : ", waiters:" + waiters.size();
  }
}
