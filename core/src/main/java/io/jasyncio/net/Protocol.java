package io.jasyncio.net;

/**
 * A streaming protocol: asyncio's {@code Protocol}. Receives the bytes a transport reads.
 *
 * <p>State machine: {@code start -> connectionMade [-> dataReceived]* [-> eofReceived]? ->
 * connectionLost -> end}.
 */
public interface Protocol extends BaseProtocol {
  /**
   * Bytes arrived. The array is the protocol's to keep.
   *
   * @param data at least one byte
   */
  default void dataReceived(byte[] data) {}

  /**
   * The peer closed its side for writing (it sent EOF). Return {@code true} to keep the connection
   * open (the transport then only stops reading, and this side may still write: a half-close),
   * {@code false} (the default) to close the transport.
   */
  default boolean eofReceived() {
    return false;
  }
}
