package io.jasyncio.net;

import java.io.EOFException;
import org.jspecify.annotations.Nullable;

/**
 * The stream ended before the read was complete: asyncio's {@code IncompleteReadError}. {@link
 * #partial()} holds what was read (the reader's buffer is empty afterwards).
 */
public final class IncompleteReadError extends EOFException {
  private static final long serialVersionUID = 1L;

  private final byte[] partial;
  private final @Nullable Integer expected;

  /**
   * @param partial the bytes read before the end
   * @param expected how many were wanted, or {@code null} for "until a separator"
   */
  public IncompleteReadError(byte[] partial, @Nullable Integer expected) {
    super(
        partial.length
            + " bytes read on a total of "
            + (expected == null ? "undefined" : expected.toString())
            + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /** The bytes read before the end of the stream. */
  public byte[] partial() {
    return partial.clone();
  }

  /** How many bytes were wanted, or {@code null} if the read was up to a separator. */
  public @Nullable Integer expected() {
    return expected;
  }
}
