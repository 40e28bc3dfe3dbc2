package io.jasyncio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The one entry into a loop from other threads: callbacks handed over by {@link
 * EventLoop#callSoonThreadsafe}, taken into the ready queue by the loop's select step. Adding one
 * wakes the loop through its {@link Poller}.
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
   * Other threads blocked in Future.get() on a future of this loop. They are woken through the
   * loop's callbacks; when the loop closes, those callbacks no longer run, so close() opens every
   * latch here, and each getter looks at its future again.
   */
  private final Set<CountDownLatch> blockedGetters = ConcurrentHashMap.newKeySet();

  ThreadsafeQueue(Poller poller) {
    this.poller = poller;
  }

  /** Hands a callback to the loop and wakes it. Any thread. */
  void add(Handle h) {
    queue.add(h);
    poller.wakeup();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Moves the handed-over callbacks to the ready queue. Owner thread only. */
  void drainTo(ReadyQueue ready) {
    Handle h;
    while ((h = queue.poll()) != null) {
      ready.add(h);
    }
  }

  /** Drops every handed-over callback: the loop is closing. */
  void clear() {
    queue.clear();
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
