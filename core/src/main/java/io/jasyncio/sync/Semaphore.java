package io.jasyncio.sync;

import io.jasyncio.CancelledError;

/**
 * A counter of permits for tasks: asyncio's {@code Semaphore}. {@link #acquire()} takes a permit,
 * waiting (first come, first served) while there is none; {@link #release()} gives one back.
 *
 * <p>Cancellation: a task cancelled while waiting never keeps a permit; if a permit had already
 * been handed to it, it goes back and to the next waiter. Permits are conserved.
 *
 * <p>As CPython 3.13: a task that resumes from a wait while permits are free wakes every waiter
 * those permits can serve, and a task that arrives meanwhile does not overtake the queued ones.
 */
public class Semaphore extends LoopBound {
  /*
   * `value` counts the free permits. A permit handed to a waiter is taken off `value` when the
   * waiter is woken (wakeUpNext), so the woken task owns it before it resumes. Invariant: value >=
   * 0; value > 0 with a waiter in line that is not woken or cancelled holds only until the woken
   * waiter at its head resumes (it then wakes the others the permits can serve).
   */
  int value;
  private final WaitQueue waiters = new WaitQueue();

  /** A semaphore with one permit. */
  public Semaphore() {
    this(1);
  }

  /**
   * @param value the initial number of permits
   * @throws IllegalArgumentException if it is negative
   */
  public Semaphore(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
    }
    this.value = value;
  }

  /** Returns whether {@link #acquire()} would wait: no free permit, or earlier tasks waiting. */
  public boolean locked() {
    return value == 0 || !waiters.allCancelled();
  }

  /**
   * Takes a permit, waiting while there is none. An await point.
   *
   * @return true
   * @throws CancelledError if cancelled while waiting; no permit is then held
   */
  public boolean acquire() {
    checkThread("Semaphore.acquire");
    if (!locked()) {
      value--;
      return true;
    }
    try {
      waiters.park(
          loopForWait("Semaphore.acquire"),
          woken -> {
            if (woken) {
              value++; // the permit handed to us goes back
            }
          });
    } finally {
      while (value > 0 && wakeUpNext()) {
        // wake every waiter the free permits can serve
      }
    }
    return true;
  }

  /** Returns a {@link Held} that releases the permit when closed: {@code async with semaphore}. */
  public Held acquired() {
    acquire();
    return this::release;
  }

  /**
   * Gives a permit back and wakes the first waiter.
   *
   * @throws IllegalStateException if the count of permits would overflow
   */
  public void release() {
    checkThread(getClass().getSimpleName() + ".release");
    if (value == Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "Semaphore released too many times: it already has Integer.MAX_VALUE free permits");
    }
    value++;
    wakeUpNext();
  }

  private boolean wakeUpNext() {
    if (waiters.wakeNext()) {
      value--;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "<"
        + getClass().getSimpleName()
        + " ["
        + (locked() ? "locked" : "unlocked, value:" + value)
        + Lock.waitersText(waiters.size())
        + "]>";
  }
}
