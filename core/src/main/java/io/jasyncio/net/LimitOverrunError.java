package io.jasyncio.net;

import java.io.IOException;

/**
 * A read up to a separator went over the stream's limit: asyncio's {@code LimitOverrunError}.
 * {@link StreamReader#readuntil} leaves the bytes in the buffer; {@link StreamReader#readline()}
 * drops them (see there).
 */
public final class LimitOverrunError extends IOException {
  private static final long serialVersionUID = 1L;

  private final int consumed;

  public LimitOverrunError(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /** How many bytes to consume to get past the data that overran. */
  public int consumed() {
    return consumed;
  }
}
