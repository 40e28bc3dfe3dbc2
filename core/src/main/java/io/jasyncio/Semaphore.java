package io.jasyncio;

import java.util.ArrayDeque;

/**
 * A counter of permits for tasks: asyncio's {@code Semaphore}. {@link #acquire()} takes a permit,
 * waiting (first come, first served) while there is none; {@link #release()} gives one back.
 *
 * <p>Cancellation: a task cancelled while waiting never keeps a permit; if a permit had already
 * been handed to it, it goes back and to the next waiter. Permits are conserved.
 */
public class Semaphore extends LoopBound {
  /*
   * `value` counts the free permits. A permit handed to a waiter is taken off `value` when its
   * future is completed (wakeUpNext), so the woken task owns it even before it resumes.
   */
  int value;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

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

  /**
   * @return whether {@link #acquire()} would wait: no free permit, or earlier tasks waiting
   */
  public boolean locked() {
    if (value == 0) {
      return true;
    }
    for (Future<Boolean> w : waiters) {
      if (!w.isCancelled()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes a permit, waiting while there is none. An await point.
   *
   * @return true
   * @throws CancelledError if cancelled while waiting; no permit is then held
   */
  public boolean acquire() {
    EventLoop loop = loop();
    if (!locked()) {
      value--;
      return true;
    }
    waitInLine(
        waiters,
        loop,
        fut -> {
          if (!fut.isCancelled()) { // a permit was handed to us: give it back, to the next one
            value++;
            wakeUpNext();
          }
        });
    if (value > 0) {
      wakeUpNext();
    }
    return true;
  }

  /**
   * @return releases the permit when closed: asyncio's {@code async with semaphore}
   */
  public Held acquired() {
    acquire();
    return this::release;
  }

  /** Gives a permit back and wakes the first waiter. */
  public void release() {
    loop();
    value++;
    wakeUpNext();
  }

  private void wakeUpNext() {
    for (Future<Boolean> w : waiters) {
      if (!w.isDone()) {
        value--;
        w.setResult(Boolean.TRUE);
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "<"
        + getClass().getSimpleName()
        + " ["
        + (locked() ? "locked" : "unlocked, value:" + value)
        + Lock.waitersText(waiters)
        + "]>";
  }
}
