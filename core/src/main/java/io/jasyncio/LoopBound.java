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
    EventLoop running = EventLoop.running();
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

  /** Removes {@code f} from {@code waiters} by identity, as asyncio's {@code deque.remove}. */
  static void removeWaiter(java.util.ArrayDeque<Future<?>> waiters, Future<?> f) {
    java.util.Iterator<Future<?>> it = waiters.iterator();
    while (it.hasNext()) {
      if (it.next() == f) {
        it.remove();
        return;
      }
    }
  }
}
