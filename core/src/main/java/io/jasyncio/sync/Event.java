package io.jasyncio.sync;

import io.jasyncio.CancelledError;

/**
 * A flag tasks can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiting task, in
 * the order they started waiting; {@link #clear()} resets the flag.
 *
 * <p>asyncio's {@code event.wait()} is {@link #await()} here: {@code wait()} belongs to {@link
 * Object}. From another thread, set it with {@code loop.callSoonThreadsafe(event::set)}.
 */
public final class Event extends LoopBound {
  private boolean value;
  private final WaitQueue waiters = new WaitQueue();

  /** A cleared event, bound to a loop when a task first waits for it. */
  public Event() {}

  /**
   * Waits until the flag is set; returns at once if it is. An await point.
   *
   * @return true
   * @throws CancelledError if the task is cancelled while waiting
   */
  public boolean await() {
    checkThread("Event.await");
    if (value) {
      return true;
    }
    waiters.park(loopForWait("Event.await"), null);
    return true;
  }

  /**
   * Sets the flag and wakes every waiter. Does nothing if it is already set.
   *
   * @throws IllegalStateException on a thread other than the loop's (nothing is set then)
   */
  public void set() {
    checkThread("Event.set");
    setChecked();
  }

  /** As {@link #set()}, for a caller that checked the thread already (a queue's join). */
  void setChecked() {
    if (!value) {
      value = true;
      waiters.wakeAll();
    }
  }

  /** Clears the flag: later {@link #await()} calls wait again. */
  public void clear() {
    checkThread("Event.clear");
    value = false;
  }

  /** As {@link #clear()}, for a caller that checked the thread already. */
  void clearChecked() {
    value = false;
  }

  /** Returns whether the flag is set; asyncio's {@code is_set()}. */
  public boolean isSet() {
    return value;
  }

  @Override
  public String toString() {
    return "<Event [" + (value ? "set" : "unset") + Lock.waitersText(waiters.size()) + "]>";
  }
}
