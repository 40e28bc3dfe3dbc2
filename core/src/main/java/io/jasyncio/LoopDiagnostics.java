package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * The part of {@link EventLoop} that says what goes wrong: debug mode and the exception handler. A
 * superclass only to keep the loop's file to its coordination; every method here is the loop's
 * public API, documented as {@link EventLoop}'s.
 */
abstract sealed class LoopDiagnostics permits EventLoop {
  final FailureLedger failures = new FailureLedger((EventLoop) this);

  final Turn turn = new Turn(failures);

  /** Debug mode's state; null while debug mode is off. */
  @Nullable Debug debug;

  /** Debug mode's threshold for a slow step, in nanoseconds. */
  long slowCallbackNanos = 100_000_000L;

  /**
   * The CompletableFutures mirroring this loop's futures that are still pending (CompletionBridge):
   * settled at close, when the loop's callbacks no longer run. Any thread.
   */
  final java.util.Set<CompletionBridge.Mirror<?>> mirrors =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  // ---- debug mode -----------------------------------------------------------------------------

  /**
   * Turns debug mode on or off: asyncio's {@code set_debug}; also on for every new loop with {@code
   * -Djasyncio.debug=true}, {@code JASYNCIO_DEBUG=1}, or {@link Asyncio#run(Coroutine, boolean)}.
   * It reports to the {@link ExceptionHandler} every callback or task step that runs longer than
   * {@link #getSlowCallbackDuration()} (100 ms by default), with where the step ended; where each
   * task and future was created, in the reports of exceptions never retrieved and of tasks pending
   * at close; and a task that awaits while holding a Java monitor, once per task (this needs {@code
   * --add-opens java.base/java.lang=ALL-UNNAMED}, or {@code =io.jasyncio} on the module path).
   * Costs: a stack trace per task and future created, a clock read per callback, a stack walk
   * (about 35 µs) per await. Loop thread only.
   */
  public void setDebug(boolean enabled) {
    turn.checkThread("setDebug");
    if (enabled && debug == null) {
      debug = new Debug((EventLoop) this);
    } else if (!enabled) {
      debug = null;
    }
  }

  /** Returns whether debug mode is on (asyncio's {@code get_debug}). */
  public boolean isDebug() {
    return debug != null;
  }

  /**
   * Sets how many seconds a callback or task step may run before debug mode reports it: asyncio's
   * {@code slow_callback_duration}. Throws {@link IllegalArgumentException} if negative or NaN.
   */
  public void setSlowCallbackDuration(double seconds) {
    turn.checkThread("setSlowCallbackDuration");
    slowCallbackNanos = Debug.slowNanos(seconds);
  }

  /** Returns the threshold of {@link #setSlowCallbackDuration}, in seconds. */
  public double getSlowCallbackDuration() {
    return slowCallbackNanos / 1e9;
  }

  // ---- inspection ----------------------------------------------------------------------------

  /**
   * Returns what the loop is doing now: its pending tasks, their states, stacks and who awaits
   * whom. Any thread: from another thread it waits for the loop at most {@link
   * LoopSnapshot#DEFAULT_TIMEOUT}, then returns what it can read safely (see {@link LoopSnapshot}
   * for the contract).
   */
  public LoopSnapshot snapshot() {
    return snapshot(LoopSnapshot.DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #snapshot()}, waiting at most {@code timeout} for a loop running on another thread.
   *
   * @throws IllegalArgumentException if the timeout is negative
   */
  public LoopSnapshot snapshot(java.time.Duration timeout) {
    return Snapshots.take(java.util.List.of((EventLoop) this), timeout).get(0);
  }

  // ---- errors ---------------------------------------------------------------------------------

  /** Sets the handler of errors nothing else will see ({@code null}: the default). */
  public void setExceptionHandler(@Nullable ExceptionHandler handler) {
    turn.checkThread("setExceptionHandler");
    failures.setHandler(handler);
  }

  /** Returns the handler set, or {@code null} for the default. */
  public @Nullable ExceptionHandler getExceptionHandler() {
    return failures.handler();
  }

  /** Reports an error to the handler; to {@link #defaultExceptionHandler} if none or it fails. */
  public void callExceptionHandler(ExceptionContext context) {
    java.util.Objects.requireNonNull(context, "context");
    turn.checkThread("callExceptionHandler");
    failures.report(context);
  }

  /** Logs the error through {@link System.Logger} {@code io.jasyncio} at level ERROR. */
  public void defaultExceptionHandler(ExceptionContext context) {
    FailureLedger.log(context);
  }
}
