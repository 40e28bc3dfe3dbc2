package io.jasyncio.sync;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A line of waiting tasks, first come, first served: the one wait queue every primitive of this
 * package waits in (Trio's {@code ParkingLot}, made of asyncio's futures). A task {@linkplain #park
 * parks} at the end of the line; the primitive wakes the first, the next, some or all of them. Loop
 * thread only.
 */
final class WaitQueue {
  /*
   * Implementation notes.
   *
   * A waiter is the future its task awaits in park(). Its states:
   *
   *   WAITING (pending) --wake*()--> WOKEN (done with a result)
   *   WAITING --its task is cancelled--> CANCELLED (the task's cancellation cancels the future)
   *
   * Invariant: a future is in `line` exactly while its task is inside park(); it leaves the line in
   * park()'s finally, however the wait ends, so WOKEN and CANCELLED waiters stay in line until their
   * task runs again. That is asyncio's bookkeeping: a woken waiter still counts as ahead of a newcomer
   * (Lock's fairness), and a wake-up given to a waiter that is then cancelled can be passed on.
   */

  /** What a primitive does when a wait ends by an exception: pass an unused wake-up on. */
  @FunctionalInterface
  interface Abandon {
    /**
     * Called after the waiter left the line.
     *
     * @param woken whether this waiter had been woken before its wait ended
     */
    void abandoned(boolean woken);
  }

  private final ArrayDeque<Future<Void>> line = new ArrayDeque<>();

  /**
   * Waits at the end of the line until woken; leaves the line however the wait ends. If it ends by
   * an exception (a cancellation), {@code onAbandon} runs first, after the waiter left the line. An
   * await point.
   */
  void park(EventLoop loop, @Nullable Abandon onAbandon) {
    Future<Void> waiter = loop.createFuture();
    line.add(waiter);
    try {
      try {
        waiter.await();
      } finally {
        remove(waiter);
      }
    } catch (Throwable t) {
      if (onAbandon != null) {
        onAbandon.abandoned(waiter.isDone() && !waiter.isCancelled());
      }
      throw t;
    }
  }

  private void remove(Future<Void> waiter) {
    Iterator<Future<Void>> it = line.iterator();
    while (it.hasNext()) {
      if (it.next() == waiter) {
        it.remove();
        return;
      }
    }
  }

  /** Wakes the head of the line, unless it is woken or cancelled already (asyncio's Lock rule). */
  void wakeFirst() {
    Future<Void> first = line.peekFirst();
    if (first != null && !first.isDone()) {
      first.setResult(null);
    }
  }

  /** Wakes the first waiter not woken yet, and says whether there was one. */
  boolean wakeNext() {
    return wake(1) == 1;
  }

  /** Wakes up to {@code n} waiters not woken yet, in line order, and says how many it woke. */
  int wake(int n) {
    if (line.isEmpty()) {
      return 0; // the common case on a busy queue: nobody waits
    }
    int woken = 0;
    for (Future<Void> w : line) {
      if (woken >= n) {
        break;
      }
      if (!w.isDone()) {
        w.setResult(null);
        woken++;
      }
    }
    return woken;
  }

  /** Wakes every waiter not woken yet. */
  void wakeAll() {
    wake(Integer.MAX_VALUE);
  }

  /** How many waiters are in line, woken or cancelled ones included. */
  int size() {
    return line.size();
  }

  boolean isEmpty() {
    return line.isEmpty();
  }

  /** Whether every waiter in line was cancelled (true for an empty line). */
  boolean allCancelled() {
    if (line.isEmpty()) {
      return true;
    }
    for (Future<Void> w : line) {
      if (!w.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  /** How many waiters are in line and were not woken (cancelled ones count until they leave). */
  int notWoken() {
    int n = 0;
    for (Future<Void> w : line) {
      if (!w.isDone() || w.isCancelled()) {
        n++;
      }
    }
    return n;
  }
}
