package io.jasyncio.net;

import org.jspecify.annotations.Nullable;

/**
 * What a transport tells its protocol about the connection: asyncio's {@code BaseProtocol}. Every
 * method runs on the loop thread, as a callback: it must not await. The defaults do nothing.
 *
 * <p>Order, as in asyncio: {@link #connectionMade} once, then data and at most one end of input
 * (see {@link Protocol}), then {@link #connectionLost} once. {@link #pauseWriting} and {@link
 * #resumeWriting} alternate, starting with a pause, between the first two.
 */
public interface BaseProtocol {
  /** The connection is made; {@code transport} is how to write to it and close it. */
  default void connectionMade(Transport transport) {}

  /**
   * The connection is closed.
   *
   * @param exc why, or {@code null} for a regular close or end of input
   */
  default void connectionLost(@Nullable Throwable exc) {}

  /** The transport's write buffer went over its high-water mark: stop writing for now. */
  default void pauseWriting() {}

  /** The transport's write buffer drained to its low-water mark: writing may go on. */
  default void resumeWriting() {}
}
