package io.jasyncio;

/**
 * An operation is not allowed in the future's current state: its result is not set yet, or it is
 * already done. asyncio's {@code InvalidStateError}.
 */
public class InvalidStateError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, and how to avoid it
   */
  public InvalidStateError(String message) {
    super(message);
  }
}
