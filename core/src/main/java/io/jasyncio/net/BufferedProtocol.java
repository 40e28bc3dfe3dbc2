package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * A streaming protocol that hands the transport its own buffer to read into, saving a copy per
 * read: asyncio's {@code BufferedProtocol}. Same state machine as {@link Protocol}, with {@link
 * #getBuffer} and {@link #bufferUpdated} in place of {@code dataReceived}.
 */
public interface BufferedProtocol extends BaseProtocol {
  /**
   * Returns the buffer the next read fills, from its position up to its limit.
   *
   * @param sizeHint how many bytes the transport would like room for; -1 if it has no preference
   * @return a buffer with at least one byte remaining
   */
  ByteBuffer getBuffer(int sizeHint);

  /**
   * The read put {@code nbytes} bytes into the buffer {@link #getBuffer} returned, from its
   * position on (the transport moves the position past them).
   */
  void bufferUpdated(int nbytes);

  /** As {@link Protocol#eofReceived()}. */
  default boolean eofReceived() {
    return false;
  }
}
