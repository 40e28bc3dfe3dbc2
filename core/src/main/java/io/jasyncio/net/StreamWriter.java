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
  private Transport transport;
  private final StreamReaderProtocol protocol;
  private final @Nullable StreamReader reader;
  private final EventLoop loop;

  /**
   * A writer over {@code transport}, whose protocol is {@code protocol}: asyncio's {@code
   * StreamWriter(transport, protocol, reader, loop)}, on the running loop.
   *
   * @param reader the reader of the same connection (its exception fails {@link #drain()}), or
   *     {@code null}
   */
  public StreamWriter(
      Transport transport, StreamReaderProtocol protocol, @Nullable StreamReader reader) {
    this(transport, protocol, reader, io.jasyncio.Asyncio.getRunningLoop());
  }

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

  /**
   * Waits until the connection is closed. An await point.
   *
   * @throws IOException what broke the connection, if it broke (a reset, say)
   */
  public void waitClosed() throws IOException {
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

  /**
   * Upgrades the connection to TLS, as client: asyncio's {@code StreamWriter.start_tls}. The writer
   * and its reader go on over TLS. An await point (the handshake).
   *
   * @param serverHostname the name the server's certificate must carry ({@code null}: none checked)
   */
  public void startTls(javax.net.ssl.SSLContext ssl, @Nullable String serverHostname) {
    Transport upgraded =
        Net.startTls(
            transport,
            ssl,
            protocol.isServerSide(),
            serverHostname,
            Net.SSL_HANDSHAKE_TIMEOUT,
            Net.SSL_SHUTDOWN_TIMEOUT);
    transport = upgraded;
    protocol.upgraded(upgraded);
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
