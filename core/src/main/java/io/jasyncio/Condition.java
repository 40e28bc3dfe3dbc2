package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable for tasks: asyncio's {@code Condition}, over its own {@link Lock} or a
 * shared one.
 *
 * <p>Names: asyncio's {@code wait()} is {@link #await()}, {@code notify(n)} is {@link
 * #signal(int)} and {@code notify_all()} is {@link #signalAll()}, as in {@link
 * java.util.concurrent.locks.Condition}: {@code wait}, {@code notify} and {@code notifyAll} belong
 * to {@link Object}.
 *
 * <h2>Differences from asyncio 3.11</h2>
 *
 * A task cancelled after it was signalled passes the signal on to the next waiter (as CPython 3.13
 * does), so a cancellation never leaves another waiter stuck.
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

  /** A condition with its own lock. */
  public Condition() {
    this(null);
  }

  /**
   * A condition over a lock, which other conditions may share.
   *
   * @param lock the lock, or {@code null} for a new one
   */
  public Condition(@Nullable Lock lock) {
    this.lock = lock == null ? new Lock() : lock;
  }

  /**
   * Acquires the underlying lock. An await point.
   *
   * @return true
   */
  public boolean acquire() {
    return lock.acquire();
  }

  /**
   * @return releases the underlying lock when closed
   */
  public Held acquired() {
    return lock.acquired();
  }

  /** Releases the underlying lock. */
  public void release() {
    lock.release();
  }

  /**
   * @return whether the underlying lock is held
   */
  public boolean locked() {
    return lock.locked();
  }

  /**
   * Releases the lock, waits to be signalled, and re-acquires the lock before returning, even
   * when cancelled. An await point.
   *
   * @return true
   * @throws IllegalStateException if the lock is not held
   * @throws CancelledError if cancelled while waiting (the lock is held again)
   */
  public boolean await() {
    EventLoop loop = loop();
    if (!locked()) {
      throw new IllegalStateException("cannot wait on un-acquired lock: acquire() first");
    }
    release();
    CancelledError cancelled = null;
    try {
      waitInLine(
          waiters,
          loop,
          fut -> {
            if (fut.isDone() && !fut.isCancelled()) {
              signalWaiters(1); // we were signalled, but will not act on it: pass it on
            }
          });
      return true;
    } finally {
      while (true) {
        try {
          acquire();
          break;
        } catch (CancelledError e) {
          cancelled = e;
        }
      }
      if (cancelled != null) {
        throw cancelled;
      }
    }
  }

  /**
   * Waits until the predicate is true, evaluating it with the lock held: asyncio's {@code
   * wait_for}. An await point.
   *
   * @param predicate the condition
   * @return the predicate's final value (true)
   */
  public boolean waitFor(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    boolean result = predicate.getAsBoolean();
    while (!result) {
      await();
      result = predicate.getAsBoolean();
    }
    return result;
  }

  /**
   * Wakes up to {@code n} waiting tasks: asyncio's {@code notify(n)}. Each returns from {@link
   * #await()} once it gets the lock back.
   *
   * @param n how many
   * @throws IllegalStateException if the lock is not held
   */
  public void signal(int n) {
    loop();
    if (!locked()) {
      throw new IllegalStateException("cannot notify on un-acquired lock: acquire() first");
    }
    signalWaiters(n);
  }

  /** Wakes one waiting task: asyncio's {@code notify()}. */
  public void signal() {
    signal(1);
  }

  /** Wakes every waiting task: asyncio's {@code notify_all()}. */
  public void signalAll() {
    signal(waiters.size());
  }

  private void signalWaiters(int n) {
    int woken = 0;
    for (Future<Boolean> w : waiters) {
      if (woken >= n) {
        break;
      }
      if (!w.isDone()) {
        woken++;
        w.setResult(Boolean.FALSE);
      }
    }
  }

  @Override
  public String toString() {
    return "<Condition [" + (locked() ? "locked" : "unlocked") + Lock.waitersText(waiters) + "]>";
  }
}
