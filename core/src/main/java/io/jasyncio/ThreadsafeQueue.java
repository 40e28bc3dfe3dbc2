package io.jasyncio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one entry into a loop from other threads: callbacks handed over by {@link
 * EventLoop#callSoonThreadsafe}, taken into the ready queue by the loop's select step. Adding one
 * wakes the loop through its {@link Poller}.
 *
 * <p>Bounded, so that a flood cannot starve the loop or exhaust memory: each iteration takes only
 * the callbacks handed over before it began (as asyncio runs only those ready when the iteration
 * began), and while {@link #CAPACITY} are pending, a thread other than the loop's own waits for
 * room before it adds one (backpressure). The loop's own thread never waits.
 */
final class ThreadsafeQueue {
  /*
   * Implementation notes. Any thread adds; only the owner thread takes. A handle added before the
   * loop waits in its poller is seen by the loop either in its check before the wait or because
   * the wake-up makes that wait return (a wake-up given before the wait is kept by the poller).
   */
  private final ConcurrentLinkedQueue<Handle> queue = new ConcurrentLinkedQueue<>();
  private final Poller poller;

  /**
   * How many callbacks may be pending before other threads wait: {@code
   * -Djasyncio.threadsafeCapacity} (65,536 by default).
   */
  static final int CAPACITY =
      Math.max(1, Integer.getInteger("jasyncio.threadsafeCapacity", 65_536));

  /** Callbacks added and not yet taken; counted before a handle is queued, so never fewer. */
  private final AtomicInteger pending = new AtomicInteger();

  /** Producers wait on it for room; the loop notifies it after taking callbacks. */
  private final Object room = new Object();

  private volatile int waitingForRoom;
  private volatile boolean closed;

  /**
   * Other threads blocked in Future.get() on a future of this loop. They are woken through the
   * loop's callbacks; when the loop closes, those callbacks no longer run, so close() opens every
   * latch here, and each getter looks at its future again.
   */
  private final Set<CountDownLatch> blockedGetters = ConcurrentHashMap.newKeySet();

  ThreadsafeQueue(Poller poller) {
    this.poller = poller;
  }

  /**
   * Hands a callback to the loop and wakes it. Any thread; with {@code mayWait} (another thread,
   * while the loop runs), it first waits while {@link #CAPACITY} callbacks are pending.
   *
   * @throws IllegalStateException if the loop closed while it waited
   * @throws RejectedExecutionException if the thread was interrupted while it waited
   */
  void add(Handle h, boolean mayWait) {
    if (mayWait && pending.get() >= CAPACITY) {
      awaitRoom();
    }
    pending.incrementAndGet();
    queue.add(h);
    poller.wakeup();
  }

  private void awaitRoom() {
    synchronized (room) {
      waitingForRoom++;
      try {
        while (pending.get() >= CAPACITY && !closed) {
          room.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RejectedExecutionException(
            "interrupted while waiting for room: the event loop has "
                + CAPACITY
                + " callbacks from other threads pending (-Djasyncio.threadsafeCapacity)",
            e);
      } finally {
        waitingForRoom--;
      }
    }
    if (closed) {
      throw new IllegalStateException("Event loop is closed");
    }
  }

  /** How many callbacks are pending. Any thread. */
  int pending() {
    return pending.get();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Moves the callbacks handed over so far to the ready queue; those added meanwhile wait for the
   * next iteration. Owner thread only.
   */
  void drainTo(ReadyQueue ready) {
    int n = pending.get();
    int taken = 0;
    Handle h;
    while (taken < n && (h = queue.poll()) != null) {
      ready.add(h);
      taken++;
    }
    if (taken > 0) {
      pending.addAndGet(-taken);
      if (waitingForRoom > 0) {
        synchronized (room) {
          room.notifyAll();
        }
      }
    }
  }

  /** Drops every handed-over callback, and turns away waiting producers: the loop is closing. */
  void clear() {
    closed = true;
    queue.clear();
    pending.set(0);
    synchronized (room) {
      room.notifyAll();
    }
  }

  /** A thread is about to block on {@code latch} until a future of this loop is done. */
  void blocking(CountDownLatch latch) {
    blockedGetters.add(latch);
  }

  /** That thread stopped waiting. */
  void unblocked(CountDownLatch latch) {
    blockedGetters.remove(latch);
  }

  /** The loop is closed: every blocked getter wakes and looks at its future again. */
  void releaseBlocked() {
    for (CountDownLatch l : blockedGetters) {
      l.countDown();
    }
  }
}
