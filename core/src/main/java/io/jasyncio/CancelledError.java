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
 */
public class CancelledError extends Error {
  private static final long serialVersionUID = 1L;

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
