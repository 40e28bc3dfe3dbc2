package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A callback armed for a time by {@link EventLoop#callLater} or {@link EventLoop#callAt}; asyncio's
 * {@code TimerHandle}. Timers with equal deadlines run in the order they were armed.
 */
public abstract class TimerHandle extends Handle implements Comparable<TimerHandle> {
  /** Deadline on the loop's clock, in nanoseconds. */
  final long whenNanos;

  /** Tie-breaker: timers with equal deadlines fire in the order they were armed. */
  final long seq;

  /** True while the handle sits in the loop's timer heap. Loop thread only. */
  boolean inHeap;

  TimerHandle(EventLoop loop, long whenNanos, long seq) {
    super(loop);
    this.whenNanos = whenNanos;
    this.seq = seq;
  }

  /** Returns the deadline, in seconds on the loop's clock ({@link EventLoop#time()}). */
  public double when() {
    return LoopClock.seconds(whenNanos);
  }

  @Override
  public void cancel() {
    loop.turn.checkThread("TimerHandle.cancel");
    if (!cancelled) {
      loop.timers.cancelled(this);
    }
    super.cancel();
  }

  @Override
  public int compareTo(TimerHandle o) {
    int c = Long.compare(whenNanos, o.whenNanos);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** A timed callback: what callLater and callAt arm. */
  static final class Call extends TimerHandle {
    /** What to run; null once cancelled. */
    private @Nullable Runnable callback;

    private final @Nullable Context context;

    Call(EventLoop loop, long whenNanos, long seq, Runnable callback, @Nullable Context context) {
      super(loop, whenNanos, seq);
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
}
