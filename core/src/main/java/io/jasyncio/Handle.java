package io.jasyncio;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A callback queued on an {@link EventLoop} by {@link EventLoop#callSoon}; asyncio's {@code
 * Handle}. {@link #cancel()} keeps it from running.
 *
 * <p>Loop thread only, like the loop's own methods.
 */
public abstract class Handle {
  final EventLoop loop;

  boolean cancelled;

  /*
   * Memory (issue #14): a handle keeps only what every kind needs; the callback and the context
   * are in the kinds that have them (Handle.Call, TimerHandle.Call, Handle.DoneCallback), so
   * that a sleep's timer (SleepTimer: 40 B) carries neither, and a done callback (32 B) only its
   * context.
   */

  Handle(EventLoop loop) {
    this.loop = loop;
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
      dropCallback();
    }
  }

  /** Lets go of the callback once cancelled, so that a cancelled handle keeps nothing alive. */
  void dropCallback() {}

  /** Returns whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs the callback. Called by the loop only, never on a cancelled handle. */
  abstract void invoke();

  /**
   * The context the callback runs in: a copy of the context of the code that queued it, or null to
   * start from an empty one (asyncio's {@code context} argument).
   */
  @Nullable Context context() {
    return null;
  }

  /** What {@link #toString()} shows as the callback (kinds with their own toString need none). */
  @Nullable Object callbackForDisplay() {
    return null;
  }

  @Override
  public String toString() {
    return "<"
        + (this instanceof TimerHandle ? "TimerHandle" : "Handle")
        + (cancelled ? " cancelled" : "")
        + " "
        + callbackForDisplay()
        + ">";
  }

  /** A plain callback: what callSoon, callSoonThreadsafe, addReader and addWriter queue. */
  static final class Call extends Handle {
    /** What to run; null once cancelled. */
    private @Nullable Runnable callback;

    private final @Nullable Context context;

    Call(EventLoop loop, Runnable callback, @Nullable Context context) {
      super(loop);
      this.callback = callback;
      this.context = context;
    }

    @Override
    void invoke() {
      Runnable cb = callback;
      if (cb != null) {
        cb.run();
      }
    }

    @Override
    void dropCallback() {
      callback = null;
    }

    @Override
    @Nullable Context context() {
      return context;
    }

    @Override
    @Nullable Object callbackForDisplay() {
      return callback;
    }
  }

  /**
   * A future's done callback, queued once the future is done: one object, no lambda around the
   * consumer.
   */
  static final class DoneCallback<T extends @Nullable Object> extends Handle {
    private final Consumer<? super Future<T>> consumer;
    private final Future<T> future;
    private final @Nullable Context context;

    DoneCallback(
        Consumer<? super Future<T>> consumer, Future<T> future, @Nullable Context context) {
      super(future.loop);
      this.consumer = consumer;
      this.future = future;
      this.context = context;
    }

    @Override
    void invoke() {
      consumer.accept(future);
    }

    @Override
    @Nullable Context context() {
      return context;
    }

    @Override
    public String toString() {
      return "<done callback " + consumer + " of " + future + ">";
    }
  }
}
