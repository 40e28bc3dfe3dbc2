package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * A callback armed for a time by {@link EventLoop#callLater} or {@link EventLoop#callAt}; asyncio's
 * {@code TimerHandle}. Timers with equal deadlines run in the order they were armed.
 */
public class TimerHandle extends Handle implements Comparable<TimerHandle> {
  /** Deadline on the loop's clock, in nanoseconds. */
  final long whenNanos;

  /** Tie-breaker: timers with equal deadlines fire in the order they were armed. */
  final long seq;

  /** True while the handle sits in the loop's timer heap. Loop thread only. */
  boolean inHeap;

  TimerHandle(EventLoop loop, long whenNanos, long seq, @Nullable Runnable callback) {
    super(loop, callback);
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
}
