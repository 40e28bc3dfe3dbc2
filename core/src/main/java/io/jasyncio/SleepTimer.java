package io.jasyncio;

/**
 * The timer of a {@link Asyncio#sleep sleep}: the sleeping task waits on it directly, with no
 * future in between (asyncio's sleep awaits a future that a timer completes; here the timer is the
 * waiter, which saves that future, 48 bytes per sleeping task, and its allocation per sleep).
 *
 * <p>States, as a future's: pending while {@code cancelled} is false; done once it fired or was
 * cancelled ({@code cancelled} is set either way: a fired timer is never run again). Its task is
 * then queued to step, exactly once, as a future's completion queues its waiter. Loop thread only.
 */
final class SleepTimer extends TimerHandle {
  private final Task<?> task;

  SleepTimer(EventLoop loop, long whenNanos, Task<?> task) {
    super(loop, whenNanos, loop.timers.nextSeq());
    this.task = task;
  }

  /** Whether the sleep is over: it fired, or its task was cancelled. */
  boolean isDone() {
    return cancelled;
  }

  /** Fires: the sleep is over, and its task is queued (it resumes from its sleep). */
  @Override
  void invoke() {
    if (!cancelled) {
      cancelled = true;
      loop.readyAdd(task);
    }
  }

  /** Ends the sleep early, for a cancellation: the timer is dropped and its task queued. */
  void cancelSleep() {
    cancel();
    loop.readyAdd(task);
  }

  @Override
  public String toString() {
    return cancelled
        ? "<sleep over>"
        : String.format(java.util.Locale.ROOT, "<sleep until loop time %.3f>", when());
  }
}
