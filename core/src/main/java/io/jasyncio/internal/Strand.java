package io.jasyncio.internal;

import org.jspecify.annotations.Nullable;

/**
 * The one thing an engine does: run a task's body until it suspends or ends.
 *
 * <p>{@link #resume()} is called by the loop; it returns when the body has called {@link
 * #suspend()} or has returned. The body never throws out of the strand: the task records its
 * outcome itself. Exactly one side runs at a time, so the task's fields need no locking, and each
 * hand-off is a happens-before edge.
 */
public interface Strand {
  /** Runs the body until its next {@link #suspend()} or its end. Loop side only. */
  void resume();

  /** Gives the turn back to the loop; returns when the loop resumes this strand. Body side only. */
  void suspend();

  /** Returns whether the body has returned. */
  boolean isDone();

  /**
   * Returns the thread the body runs on while resumed, or {@code null} if it runs on the thread
   * that called {@link #resume()}.
   */
  @Nullable Thread thread();

  /**
   * Returns the body's frames while it is suspended, most recent first; empty if it has not started
   * or has ended. Loop side only, while the body is not running.
   */
  StackTraceElement[] stackTrace();
}
