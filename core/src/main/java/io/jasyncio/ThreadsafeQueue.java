package io.jasyncio;

import java.util.concurrent.ConcurrentLinkedQueue;

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
}
