package io.jasyncio.net;

import org.jspecify.annotations.Nullable;

/**
 * A bidirectional byte stream over a channel: asyncio's {@code Transport}. Writes never block and
 * never fail at the call: bytes the channel does not take at once are buffered and written as it
 * drains, and a failure closes the transport and reaches the protocol's {@link
 * BaseProtocol#connectionLost}. Loop thread only.
 *
 * <p>Flow control, both ways: {@link #pauseReading()}/{@link #resumeReading()} stop and restart the
 * reads into the protocol; the write buffer calls the protocol's {@link
 * BaseProtocol#pauseWriting()} above the high-water mark (64 KiB) and {@link
 * BaseProtocol#resumeWriting()} back at the low-water mark (16 KiB).
 */
public interface Transport extends AutoCloseable {
  /** Writes {@code data}: sends what the channel takes now, buffers the rest (a copy). */
  void write(byte[] data);

  /** Writes {@code data} from offset {@code off}, {@code len} bytes (as {@link #write(byte[])}). */
  void write(byte[] data, int off, int len);

  /** Writes each array in turn. */
  default void writelines(Iterable<byte[]> lines) {
    for (byte[] l : lines) {
      write(l);
    }
  }

  /**
   * Closes this side for writing once the buffered bytes are sent (the peer reads EOF); reading
   * goes on. Writing afterwards throws {@link IllegalStateException}.
   */
  void writeEof();

  /** Whether {@link #writeEof()} is supported (it is over TCP). */
  boolean canWriteEof();

  /**
   * Closes the transport: stops reading at once, sends what is buffered, then closes the channel
   * and calls the protocol's {@code connectionLost(null)} in a later callback. Idempotent.
   */
  @Override
  void close();

  /** Closes at once: drops the buffered bytes; {@code connectionLost(null)} follows soon. */
  void abort();

  /** Whether the transport is closing or closed. */
  boolean isClosing();

  /** Stops reading into the protocol until {@link #resumeReading()}. Idempotent. */
  void pauseReading();

  /** Reads into the protocol again. Idempotent. */
  void resumeReading();

  /** Whether the transport reads into its protocol (not paused, not closing). */
  boolean isReading();

  /**
   * Sets the write buffer's marks: above {@code high} bytes the protocol is paused, at or below
   * {@code low} it is resumed.
   *
   * @param high the high-water mark, or -1 for 64 KiB (or 4 × {@code low} if given)
   * @param low the low-water mark, or -1 for {@code high / 4}
   * @throws IllegalArgumentException unless {@code 0 <= low <= high}
   */
  void setWriteBufferLimits(int high, int low);

  /** How many bytes wait in the write buffer. */
  int getWriteBufferSize();

  /** The current low-water mark. */
  int getWriteBufferLowLimit();

  /** The current high-water mark. */
  int getWriteBufferHighLimit();

  /**
   * Returns information about the connection, or {@code null}: {@code "peername"} and {@code
   * "sockname"} ({@link java.net.SocketAddress}), {@code "socket"} (the channel), and over TLS
   * {@code "sslSession"} ({@link javax.net.ssl.SSLSession}).
   */
  @Nullable Object getExtraInfo(String name);

  /** The protocol the transport feeds. */
  BaseProtocol getProtocol();

  /** Makes the transport feed another protocol from now on. */
  void setProtocol(BaseProtocol protocol);
}
