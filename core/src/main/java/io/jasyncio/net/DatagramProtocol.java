package io.jasyncio.net;

import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * A datagram protocol: asyncio's {@code DatagramProtocol}. Every method runs on the loop thread, as
 * a callback; the defaults do nothing. Order: {@link #connectionMade} once, then datagrams and
 * errors, then {@link #connectionLost} once.
 */
public interface DatagramProtocol {
  /** The endpoint is ready; {@code transport} sends and closes. */
  default void connectionMade(DatagramTransport transport) {}

  /**
   * A datagram arrived. The array is the protocol's to keep.
   *
   * @param data the datagram (maybe empty)
   * @param addr who sent it
   */
  default void datagramReceived(byte[] data, SocketAddress addr) {}

  /**
   * A send or receive failed (an ICMP "port unreachable" on a connected endpoint, say). The
   * endpoint stays open: asyncio's {@code error_received}.
   */
  default void errorReceived(Exception exc) {}

  /** The endpoint is closed; {@code exc} says why, or is {@code null} for a regular close. */
  default void connectionLost(@Nullable Throwable exc) {}

  /** The send buffer went over its high-water mark (64 KiB). */
  default void pauseWriting() {}

  /** The send buffer drained to its low-water mark (16 KiB). */
  default void resumeWriting() {}
}
