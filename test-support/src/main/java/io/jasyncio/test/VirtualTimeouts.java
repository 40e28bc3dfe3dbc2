package io.jasyncio.test;

import java.util.concurrent.TimeoutException;

/** What a test on virtual time says when a timeout in it fires. */
final class VirtualTimeouts {
  private VirtualTimeouts() {}

  /**
   * Wraps a failure that is, or is caused by, a {@link TimeoutException} of a test on virtual time
   * in an {@link AssertionError} that says the timeout was virtual and how to use the real clock;
   * returns any other failure unchanged.
   *
   * @param failure what the test threw
   * @param time the loop's clock when it threw, in seconds
   * @param annotation the test's annotation, as {@code @AsyncTest}
   */
  static Throwable explain(Throwable failure, double time, String annotation) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return new AssertionError(
            t
                + "\nThis timeout fired after "
                + time
                + " s of virtual time (loop.time() when the test failed), not of real time: the"
                + " test runs on virtual time, whose clock jumps to the next timer as soon as every"
                + " task waits. Work that does not run in the loop's tasks (another thread not"
                + " started with toThread or runInExecutor, a socket, a subprocess) does not hold"
                + " that clock, so a timeout that waits for it fires at once. If the test waits"
                + " for such work, run it on the real clock: "
                + annotation
                + "(realTime = true).",
            failure);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return failure;
  }
}
