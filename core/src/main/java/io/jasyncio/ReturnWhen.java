package io.jasyncio;

/** When {@link Asyncio#wait} returns: asyncio's {@code return_when} constants. */
public enum ReturnWhen {
  /** As soon as any future is done or cancelled. */
  FIRST_COMPLETED,
  /**
   * As soon as any future ends with an exception (not a cancellation); when all are done if none
   * does.
   */
  FIRST_EXCEPTION,
  /** When every future is done or cancelled. */
  ALL_COMPLETED
}
