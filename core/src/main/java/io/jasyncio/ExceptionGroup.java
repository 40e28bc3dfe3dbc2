package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * Several exceptions raised together: asyncio's {@code ExceptionGroup}, thrown by {@link
 * TaskGroup#run} when children (or the block) failed. {@link #exceptions()} lists them in the order
 * they happened; each is also attached as suppressed, so a logged stack trace shows them all.
 */
public class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String groupMessage;
  private final List<Throwable> exceptions;

  /**
   * @param message what the group is about
   * @param exceptions the exceptions, at least one
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  @SuppressWarnings("this-escape") // addSuppressed is Throwable's own final method
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(describe(message, exceptions)); // no cause yet: initCause may set one
    this.groupMessage = message;
    this.exceptions = List.copyOf(exceptions);
    for (Throwable t : this.exceptions) {
      addSuppressed(t);
    }
  }

  private static String describe(String message, List<? extends Throwable> exceptions) {
    Objects.requireNonNull(message, "message");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("ExceptionGroup: the list of exceptions is empty");
    }
    int n = exceptions.size();
    return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
  }

  /** Returns the message without the count (Python's {@code eg.message}). */
  public String groupMessage() {
    return groupMessage;
  }

  /** Returns the exceptions, in order (Python's {@code eg.exceptions}). */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
