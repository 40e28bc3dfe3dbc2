package io.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The wait in a loop's select step: the loop thread waits here when nothing is ready, until work
 * arrives from another thread or the earliest timer is due. This is the one seam an I/O poller (a
 * {@code java.nio.channels.Selector}) takes over: it then waits for ready channels too, and its
 * {@code wakeup()} is the same wake primitive.
 */
interface Poller {
  /**
   * Waits until {@link #wakeup()} is called, or until {@code timeoutNanos} pass. A wake-up that
   * came before the call makes it return at once. It may also return early for no reason: the loop
   * looks again either way. Owner thread only.
   *
   * @param timeoutNanos how long at most; below 0, no limit
   */
  void poll(long timeoutNanos);

  /** Makes the current or next {@link #poll} return. Any thread. */
  void wakeup();

  /** The default: parks the loop thread; {@link #wakeup()} unparks it. */
  final class Parking implements Poller {
    private final EventLoop loop;

    /** How many times the loop waited: a loop that spins would count thousands a second. */
    final java.util.concurrent.atomic.AtomicLong polls =
        new java.util.concurrent.atomic.AtomicLong();

    Parking(EventLoop loop) {
      this.loop = loop;
    }

    @Override
    public void poll(long timeoutNanos) {
      polls.incrementAndGet();
      if (timeoutNanos < 0) {
        LockSupport.park(loop);
      } else if (timeoutNanos > 0) {
        LockSupport.parkNanos(loop, timeoutNanos);
      }
    }

    @Override
    public void wakeup() {
      Thread t = loop.thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }
}
