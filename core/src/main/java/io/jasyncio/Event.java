package io.jasyncio;

import java.util.ArrayDeque;

/**
 * A flag tasks can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiting task, in
 * the order they started waiting; {@link #clear()} resets the flag.
 *
 * <p>asyncio's {@code event.wait()} is {@link #await()} here: {@code wait()} belongs to {@link
 * Object}.
 */
public final class Event extends LoopBound {
  private boolean value;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

  /** A cleared event, bound to a loop on first use. */
  public Event() {}

  /**
   * Waits until the flag is set; returns at once if it is. An await point.
   *
   * @return true
   * @throws CancelledError if the task is cancelled while waiting
   */
  public boolean await() {
    EventLoop loop = loop();
    if (value) {
      return true;
    }
    waitInLine(waiters, loop, fut -> {});
    return true;
  }

  /** Sets the flag and wakes every waiter. Does nothing if it is already set. */
  public void set() {
    if (!value) {
      value = true;
      for (Future<Boolean> w : waiters) {
        if (!w.isDone()) {
          w.setResult(Boolean.TRUE);
        }
      }
    }
  }

  /** Clears the flag: later {@link #await()} calls wait again. */
  public void clear() {
    value = false;
  }

  /**
   * @return whether the flag is set; asyncio's {@code is_set()}
   */
  public boolean isSet() {
    return value;
  }

  @Override
  public String toString() {
    return "<Event [" + (value ? "set" : "unset") + Lock.waitersText(waiters) + "]>";
  }
}
