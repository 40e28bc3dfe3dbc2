package io.jasyncio.sync;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * A primitive that binds to an event loop the first time it must wait, as asyncio's {@code
 * _LoopBoundMixin}: it can be created anywhere, and used without waiting (a queue pre-filled with
 * {@code putNowait}, say) before any loop runs.
 */
abstract class LoopBound {
  /*
   * `loop` is null until the first wait, then the loop of the waiting task. Unlike asyncio, a
   * primitive whose loop is closed binds again to the next loop that waits on it, so that a
   * primitive kept in a static field serves successive Asyncio.run calls.
   */
  private @Nullable EventLoop loop;

  /**
   * Refuses the call unless it comes from the thread that runs the loop this primitive is bound to
   * (any thread while that loop is not running). Called before any state changes.
   */
  final void checkThread(String op) {
    EventLoop l = loop;
    if (l != null && !l.inEventLoop()) {
      throw new IllegalStateException(
          op
              + "() called from thread '"
              + Thread.currentThread().getName()
              + "', but "
              + this
              + " belongs to an event loop that runs on another thread: from other threads use"
              + " loop.callSoonThreadsafe(() -> ...)");
    }
  }

  /** The running loop, for an operation that must wait; binds this primitive to it. */
  final EventLoop loopForWait(String op) {
    EventLoop running = runningLoop();
    if (running == null) {
      throw new IllegalStateException(
          op
              + "() must wait, and waiting works only inside a task: no event loop runs on this"
              + " thread (start one with Asyncio.run(...))");
    }
    EventLoop l = loop;
    if (l != running) {
      if (l != null && !l.isClosed()) {
        throw new IllegalStateException(
            this
                + " is bound to a different event loop, which is not closed: a primitive serves"
                + " the tasks of one loop at a time");
      }
      loop = running;
    }
    return running;
  }

  private static @Nullable EventLoop runningLoop() {
    try {
      return Asyncio.getRunningLoop();
    } catch (IllegalStateException none) {
      return null;
    }
  }
}
