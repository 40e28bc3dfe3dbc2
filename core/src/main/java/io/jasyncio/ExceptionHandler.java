package io.jasyncio;

/**
 * Receives the errors that nothing else will see: a failing callback, a task exception that was
 * never retrieved, a task destroyed while pending. Set it with {@link
 * EventLoop#setExceptionHandler}; the default logs through {@link System.Logger} ({@code
 * io.jasyncio}).
 *
 * <p>Called on the loop thread. An exception it throws is logged by the default handler.
 */
@FunctionalInterface
public interface ExceptionHandler {
  /**
   * Handles an error nothing else will see. Runs on the loop thread.
   *
   * @param loop the loop reporting
   * @param context what happened
   */
  void handle(EventLoop loop, ExceptionContext context);
}
