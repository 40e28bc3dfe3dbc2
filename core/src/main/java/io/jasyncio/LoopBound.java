package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A primitive that binds to the loop it is first used on, as asyncio's {@code _LoopBoundMixin}:
 * it can be created anywhere, and then belongs to one loop.
 */
abstract class LoopBound {
  private @Nullable EventLoop loop;

  /** The running loop, binding this primitive to it on first use. Loop thread only. */
  final EventLoop loop() {
    EventLoop running = RunningLoops.current();
    if (running == null) {
      throw new IllegalStateException(
          "no running event loop: " + getClass().getSimpleName() + " is used inside tasks");
    }
    EventLoop l = loop;
    if (l == null) {
      loop = running;
    } else if (l != running) {
      throw new IllegalStateException(this + " is bound to a different event loop");
    }
    return running;
  }

  /**
   * The wait every primitive does: join the end of the line with a new future, await it, and
   * leave the line whatever happens. On cancellation {@code onCancel} sees the future first
   * (done but not cancelled means the turn had been handed over and must be passed on).
   */
  static void waitInLine(
      java.util.ArrayDeque<Future<Boolean>> waiters,
      EventLoop loop,
      java.util.function.Consumer<Future<Boolean>> onCancel) {
    Future<Boolean> fut = new Future<>(loop);
    waiters.add(fut);
    try {
      try {
        fut.await();
      } finally {
        removeWaiter(waiters, fut);
      }
    } catch (CancelledError e) {
      onCancel.accept(fut);
      throw e;
    }
  }

  /** Removes {@code f} from {@code waiters} by identity, as asyncio's {@code deque.remove}. */
  static <F extends Future<?>> void removeWaiter(java.util.ArrayDeque<F> waiters, Future<?> f) {
    java.util.Iterator<F> it = waiters.iterator();
    while (it.hasNext()) {
      if (it.next() == f) {
        it.remove();
        return;
      }
    }
  }
}
