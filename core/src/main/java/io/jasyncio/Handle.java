package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A callback queued on an {@link EventLoop} by {@link EventLoop#callSoon}; asyncio's {@code
 * Handle}. {@link #cancel()} keeps it from running.
 *
 * <p>Loop thread only, like the loop's own methods.
 */
public class Handle {
  final EventLoop loop;

  /** What to run; null once cancelled, so that a cancelled handle keeps nothing alive. */
  @Nullable Runnable callback;

  boolean cancelled;

  /**
   * The context the callback runs in: a copy of the context of the code that queued it, or null to
   * start from an empty one (asyncio's {@code context} argument). Unused by task steps, which run
   * in their task's.
   */
  @Nullable Context context;

  Handle(EventLoop loop, @Nullable Runnable callback) {
    this.loop = loop;
    this.callback = callback;
  }

  /**
   * Keeps the callback from running. Does nothing if it already ran or was cancelled.
   *
   * <p>Loop thread only: from another thread use {@code loop.callSoonThreadsafe(handle::cancel)}.
   */
  public void cancel() {
    loop.turn.checkThread("Handle.cancel");
    if (!cancelled) {
      cancelled = true;
      callback = null;
    }
  }

  /** Returns whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs the callback. Called by the loop only, never on a cancelled handle. */
  void invoke() {
    Runnable cb = callback;
    if (cb != null) {
      cb.run();
    }
  }

  @Override
  public String toString() {
    return "<"
        + getClass().getSimpleName()
        + (cancelled ? " cancelled" : "")
        + " "
        + callback
        + ">";
  }
}
