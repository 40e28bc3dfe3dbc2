package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at a task's await point when the task is cancelled, and by {@link Future#result()} of a
 * cancelled future. asyncio's {@code CancelledError}.
 *
 * <p>It extends {@link Error}, not {@link Exception}, for the reason asyncio made its {@code
 * CancelledError} a {@code BaseException} (and Java made {@code ThreadDeath} an {@code Error}): a
 * {@code catch (Exception e)} meant for failures must not swallow a cancellation. Code that catches
 * it to clean up should rethrow it.
 *
 * <p>{@link Future#get()} (the {@link java.util.concurrent.Future} view) throws a {@link
 * java.util.concurrent.CancellationException} whose cause is this error.
 *
 * <p>Its stack trace shows where the cancellation landed: the await point of the cancelled task and
 * that task's frames below it; then, for each task that awaited it and received this very error
 * (the first awaiter does, as in asyncio), that task's await point and frames, as CPython's
 * traceback grows while the error propagates through {@code await}s.
 */
public class CancelledError extends Error {
  private static final long serialVersionUID = 1L;

  /**
   * Made by the loop to deliver a cancellation, and not yet thrown at an await point: its stack
   * trace is the loop's until the task it reaches replaces it with its own (Stacks.atAwaitPoint).
   */
  transient boolean fromLoop;

  /** A cancellation the loop delivers: its stack trace becomes the await point it reaches. */
  static CancelledError fromLoop(@Nullable String message) {
    CancelledError e = new CancelledError(message);
    e.fromLoop = true;
    return e;
  }

  /** A cancellation with no message. */
  public CancelledError() {
    super();
  }

  /**
   * A cancellation with the message given to {@link Task#cancel(String)}.
   *
   * @param message the message, or {@code null}
   */
  public CancelledError(@Nullable String message) {
    super(message);
  }
}
