package io.jasyncio;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A deadline on a block of code in a task: asyncio's {@code asyncio.timeout} / {@code Timeout}.
 * Make one with {@link Asyncio#timeout} or {@link Asyncio#timeoutAt}, then run the block with
 * {@link #run}: if the deadline passes first, the task is cancelled at its current await point, the
 * block unwinds with a {@link CancelledError}, and {@code run} throws {@link TimeoutException}.
 *
 * {@snippet :
 * try {
 *   String page = timeout(10).run(() -> fetch(url));
 * } catch (TimeoutException e) {
 *   // fetch took more than 10 s, and was cancelled
 * }
 * }
 *
 * <p>The deadline can move while the block runs, and the outcome can be asked afterwards:
 *
 * {@snippet :
 * Timeout cm = timeout(Double.POSITIVE_INFINITY); // no deadline yet
 * cm.run(() -> {
 *   cm.reschedule(getRunningLoop().time() + 10);
 *   longRunningTask();
 * });
 * if (cm.expired()) { ... }
 * }
 *
 * <p>Cancellation is counted as in asyncio ({@link Task#cancelling()}, {@link Task#uncancel()}): on
 * expiry the scope cancels its task once, and on exit it withdraws that request. The expiry becomes
 * a {@link TimeoutException} only if no other cancellation arrived meanwhile; otherwise the {@link
 * CancelledError} goes on out, so an outer timeout, a task group or a plain {@code cancel()} is
 * never swallowed, and nested timeouts each see their own expiry. If the block catches the {@link
 * CancelledError} and returns normally, {@code run} returns its result and {@link #expired()} is
 * true. If the block turns it into another exception (one whose cause chain holds the {@link
 * CancelledError}), that exception goes out with a {@link TimeoutException} attached as suppressed;
 * so does each such exception inside an {@link ExceptionGroup} (a {@link TaskGroup} in the block
 * whose children failed while being cancelled).
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>A block, not {@code async with}: Java's try-with-resources cannot replace the exception a
 *       block throws, and the timeout must turn the block's {@link CancelledError} into a {@link
 *       TimeoutException} (ADR 0008).
 *   <li>No deadline is {@link Double#POSITIVE_INFINITY}, where asyncio uses {@code None}.
 * </ul>
 *
 * <p>Loop thread only; a timeout runs once.
 */
public final class Timeout {
  /*
   * Implementation notes.
   *
   * State machine (loop thread only), asyncio's:
   *
   *   CREATED --run--> ENTERED --deadline--> EXPIRING --block ends--> EXPIRED
   *                       +------------------block ends-------------> EXITED
   *
   * Invariant: `handle` is non-null only in ENTERED with a finite deadline; `task` and
   * `cancellingAtEntry` are set from ENTERED on.
   */
  private enum State {
    CREATED("created"),
    ENTERED("active"),
    EXPIRING("expiring"),
    EXPIRED("expired"),
    EXITED("finished");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  private final EventLoop loop;
  private State state = State.CREATED;
  private double when;
  private @Nullable Handle handle;
  private @Nullable Task<?> task;
  private int cancellingAtEntry;

  /** The loop time at {@link State#ENTERED}, for the message of the TimeoutException. */
  private double enteredAt;

  Timeout(EventLoop loop, double when) {
    this.loop = loop;
    this.when = when;
  }

  /**
   * Returns the deadline on the loop's clock ({@link EventLoop#time()}); {@link
   * Double#POSITIVE_INFINITY} for none.
   */
  public double when() {
    return when;
  }

  /**
   * Moves the deadline, while the block runs. A deadline already past expires the timeout at the
   * loop's next iteration. Loop thread only.
   *
   * @param when the new deadline on the loop's clock; {@link Double#POSITIVE_INFINITY} for none
   * @throws IllegalStateException before {@link #run} or after the block ended (asyncio's
   *     RuntimeError), or once the timeout has expired
   * @throws IllegalArgumentException if {@code when} is NaN
   */
  public void reschedule(double when) {
    loop.turn.checkThread("Timeout.reschedule");
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException("Timeout.reschedule(NaN): pass a loop time, or +inf");
    }
    if (state != State.ENTERED) {
      if (state == State.CREATED) {
        throw new IllegalStateException("Timeout has not been entered: call it inside run(...)");
      }
      throw new IllegalStateException("Cannot change state of " + state.label + " Timeout");
    }
    this.when = when;
    Handle h = handle;
    if (h != null) {
      h.cancel();
    }
    if (when == Double.POSITIVE_INFINITY) {
      handle = null;
    } else if (when <= loop.time()) {
      handle = loop.callSoon(this::onTimeout);
    } else {
      handle = loop.callAt(when, this::onTimeout);
    }
  }

  /** Returns whether the deadline passed while the block ran (asyncio's {@code expired()}). */
  public boolean expired() {
    return state == State.EXPIRING || state == State.EXPIRED;
  }

  /**
   * Runs the block under this deadline, in the current task.
   *
   * @param <T> the type of the result
   * @param body the block
   * @return the block's result
   * @throws TimeoutException if the deadline passed and the block ended with the cancellation (the
   *     {@link CancelledError} is its cause)
   * @throws CancelledError if the task was cancelled by someone else too
   * @throws IllegalStateException outside a task, or if this timeout already ran
   */
  public <T extends @Nullable Object> T run(Coroutine<T> body) throws TimeoutException {
    Objects.requireNonNull(body, "body");
    enter();
    T result;
    try {
      result = body.call();
    } catch (Throwable t) {
      exit(t);
      throw new AssertionError("exit(error) always throws", t);
    }
    exit(null);
    return result;
  }

  /**
   * As {@link #run(Coroutine)} for a block that returns nothing.
   *
   * @param body the block
   * @throws TimeoutException if the deadline passed and the block ended with the cancellation
   */
  public void run(VoidCoroutine body) throws TimeoutException {
    Objects.requireNonNull(body, "body");
    run(Awaitables.coroutine(body));
  }

  private void enter() {
    if (state != State.CREATED) {
      throw new IllegalStateException(
          "Timeout has already been entered: make a new one with timeout(...) for each block");
    }
    Task<?> t = RunningLoops.currentTaskFor("Timeout.run()");
    if (t.loop != loop) {
      throw new IllegalStateException("Timeout " + this + " belongs to another event loop");
    }
    state = State.ENTERED;
    enteredAt = loop.time();
    task = t;
    cancellingAtEntry = t.cancelling();
    reschedule(when);
  }

  private void exit(@Nullable Throwable error) throws TimeoutException {
    Handle h = handle;
    if (h != null) {
      h.cancel();
      handle = null;
    }
    if (state == State.EXPIRING) {
      state = State.EXPIRED;
      Task<?> t = Objects.requireNonNull(task);
      if (t.uncancel() <= cancellingAtEntry && error != null) {
        // no other cancellation arrived meanwhile: the expiry is ours to report
        if (error instanceof CancelledError ce) {
          TimeoutException te = new TimeoutException(describeTimeout());
          te.initCause(ce);
          throw te;
        }
        if (error instanceof ExceptionGroup eg) { // as CPython 3.13: the group, and each sub
          eg.addSuppressed(timedOut(cancelledCause(eg)));
          for (Throwable sub : eg.exceptions()) {
            markTimedOut(sub);
          }
        } else {
          markTimedOut(error);
        }
      }
    } else if (state == State.ENTERED) {
      state = State.EXITED;
    }
    if (error != null) {
      throw Sneaky.rethrow(error);
    }
  }

  /**
   * Attaches a TimeoutException to an exception that replaced this scope's cancellation (its cause
   * chain holds the CancelledError), with that CancelledError as its cause, as CPython 3.13 links a
   * TimeoutError into the context chain.
   */
  private void markTimedOut(Throwable e) {
    CancelledError ce = cancelledCause(e);
    if (ce != null) {
      e.addSuppressed(timedOut(ce));
    }
  }

  private TimeoutException timedOut(@Nullable CancelledError cause) {
    TimeoutException te = new TimeoutException(describeTimeout());
    if (cause != null) {
      te.initCause(cause);
    }
    return te;
  }

  /** The first CancelledError in {@code e}'s cause chain, or null. */
  private static @Nullable CancelledError cancelledCause(Throwable e) {
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c instanceof CancelledError ce) {
        return ce;
      }
    }
    return null;
  }

  private void onTimeout() {
    // ENTERED: the handle is cancelled on every other transition
    Objects.requireNonNull(task).cancel();
    state = State.EXPIRING;
    handle = null;
  }

  /** "timed out after 2 s of virtual time (deadline: loop time 12.000)". */
  private String describeTimeout() {
    return "timed out after "
        + LoopClock.describeSpan(when - enteredAt, loop.clock)
        + " (deadline: loop time "
        + describeWhen()
        + ")";
  }

  private String describeWhen() {
    return when == Double.POSITIVE_INFINITY ? "none" : String.format(Locale.ROOT, "%.3f", when);
  }

  @Override
  public String toString() {
    String info = state == State.ENTERED ? " when=" + describeWhen() : "";
    return "<Timeout [" + state.label + "]" + info + ">";
  }
}
