package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes a byte stream: asyncio's {@code StreamWriter}. {@link #write} never waits (the transport
 * buffers); {@link #drain()} is the await point that waits while the buffer is above its high-water
 * mark. Loop thread only.
 */
public final class StreamWriter {
  private final Transport transport;
  private final StreamReaderProtocol protocol;
  private final @Nullable StreamReader reader;
  private final EventLoop loop;

  StreamWriter(
      Transport transport,
      StreamReaderProtocol protocol,
      @Nullable StreamReader reader,
      EventLoop loop) {
    this.transport = transport;
    this.protocol = protocol;
    this.reader = reader;
    this.loop = loop;
  }

  /** The transport underneath. */
  public Transport transport() {
    return transport;
  }

  /** Writes {@code data} (buffered if the socket does not take it at once). */
  public void write(byte[] data) {
    transport.write(Objects.requireNonNull(data, "data"));
  }

  /** Writes {@code text} in UTF-8. */
  public void write(String text) {
    transport.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes each array in turn. */
  public void writelines(Iterable<byte[]> lines) {
    transport.writelines(lines);
  }

  /** Closes this side for writing once the buffer is sent (see {@link Transport#writeEof()}). */
  public void writeEof() {
    transport.writeEof();
  }

  /** Whether {@link #writeEof()} is supported. */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /** Closes the stream (see {@link Transport#close()}); {@link #waitClosed()} waits for the end. */
  public void close() {
    transport.close();
  }

  /** Whether the stream is closing or closed. */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /** Waits until the connection is closed. Throws what broke it, if it broke. An await point. */
  public void waitClosed() {
    protocol.closed().await();
  }

  /** As {@link Transport#getExtraInfo}. */
  public @Nullable Object getExtraInfo(String name) {
    return transport.getExtraInfo(name);
  }

  /**
   * Waits until the write buffer is down to its low-water mark, if it went over the high-water
   * mark: the await point that gives a fast writer backpressure. An await point even when there is
   * nothing to wait for, if the transport is closing (so the connection's end can be seen).
   *
   * @throws IOException the reader's exception (the connection broke), or {@link
   *     java.net.SocketException} "Connection lost"
   */
  public void drain() throws IOException {
    StreamReader r = reader;
    if (r != null) {
      Throwable exc = r.exception();
      if (exc != null) {
        if (exc instanceof IOException io) {
          throw io;
        }
        throw new IOException(exc);
      }
    }
    if (transport.isClosing()) {
      Asyncio.sleep(0); // let connectionLost run: drain() then raises "Connection lost"
    }
    protocol.drainHelper();
  }

  EventLoop loop() {
    return loop;
  }

  @Override
  public String toString() {
    return "<StreamWriter transport="
        + transport
        + (reader == null ? "" : " reader=" + reader)
        + ">";
  }
}
