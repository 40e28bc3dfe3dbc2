package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable for tasks: asyncio's {@code Condition}, over its own {@link Lock} or a
 * shared one.
 *
 * <p>Names: asyncio's {@code wait()} is {@link #await()}, {@code notify(n)} is {@link #signal(int)}
 * and {@code notify_all()} is {@link #signalAll()}, as in {@link
 * java.util.concurrent.locks.Condition}: {@code wait}, {@code notify} and {@code notifyAll} belong
 * to {@link Object}.
 *
 * <p>As CPython 3.13 (not 3.11): a waiter that leaves {@link #await()} with an exception (a
 * cancellation, while waiting or while taking the lock back) passes one signal on to the next
 * waiter, since it may have been signalled; so no signal is ever lost, at the price of a possible
 * spurious wake-up, which the condition-variable protocol allows: re-check the condition after
 * {@code await()}, or use {@link #waitFor}.
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final WaitQueue waiters = new WaitQueue();

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

  /** Returns a {@link Held} that releases the underlying lock when closed. */
  public Held acquired() {
    return lock.acquired();
  }

  /** Releases the underlying lock. */
  public void release() {
    lock.release();
  }

  /** Returns whether the underlying lock is held. */
  public boolean locked() {
    return lock.locked();
  }

  /**
   * Releases the lock, waits to be signalled, and takes the lock back before returning, even when
   * cancelled. An await point. It may return without a signal (see the class comment).
   *
   * @return true
   * @throws IllegalStateException if the lock is not held
   * @throws CancelledError if cancelled while waiting (the lock is held again)
   */
  public boolean await() {
    checkThread("Condition.await");
    if (!locked()) {
      throw new IllegalStateException("cannot wait on un-acquired lock: acquire() first");
    }
    EventLoop loop = loopForWait("Condition.await");
    release();
    try {
      try {
        waiters.park(loop, null);
        return true;
      } finally {
        reacquire();
      }
    } catch (Throwable t) {
      waiters.wakeNext(); // we may have been signalled, and will not act on it: pass it on
      throw t;
    }
  }

  /** Takes the lock back, even through cancellations; then rethrows the last one. */
  private void reacquire() {
    CancelledError cancelled = null;
    while (true) {
      try {
        lock.acquire();
        break;
      } catch (CancelledError e) {
        cancelled = e;
      }
    }
    if (cancelled != null) {
      throw cancelled;
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
   * Waits until the predicate's value counts as true, evaluating it with the lock held, and returns
   * that value: asyncio's {@code wait_for} with a predicate that returns an object. A value counts
   * as true unless it is {@code null}, {@link Boolean#FALSE} or an empty {@link Optional}.
   *
   * {@snippet :
   * Order next = cond.waitFor(() -> orders.poll()); // the first order, once there is one
   * }
   *
   * @param <T> the type of the value
   * @param predicate the condition
   * @return the predicate's final value
   */
  public <T> T waitFor(Supplier<@Nullable T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    T result = predicate.get();
    while (result == null || Boolean.FALSE.equals(result) || Optional.empty().equals(result)) {
      await();
      result = predicate.get();
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
    checkThread("Condition.signal");
    if (!locked()) {
      throw new IllegalStateException("cannot notify on un-acquired lock: acquire() first");
    }
    waiters.wake(n);
  }

  /** Wakes one waiting task: asyncio's {@code notify()}. */
  public void signal() {
    signal(1);
  }

  /** Wakes every waiting task: asyncio's {@code notify_all()}. */
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "<Condition ["
        + (locked() ? "locked" : "unlocked")
        + Lock.waitersText(waiters.size())
        + "]>";
  }
}
