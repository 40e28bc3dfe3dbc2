package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's high-level streams: {@code asyncio.open_connection} and {@code asyncio.start_server}.
 * For tasks on the running loop.
 *
 * <pre>{@code
 * var conn = Streams.openConnection("127.0.0.1", 8888);
 * conn.writer().write("Hello\n");
 * byte[] reply = conn.reader().readline();
 * conn.writer().close();
 * conn.writer().waitClosed();
 * }</pre>
 */
public final class Streams {
  private Streams() {}

  /** A connection's two streams: what {@code reader, writer = await open_connection()} unpacks. */
  public record Connection(StreamReader reader, StreamWriter writer) {}

  /** What a server runs, as a task, for each connection: asyncio's {@code client_connected_cb}. */
  @FunctionalInterface
  public interface ClientConnected {
    /**
     * Serves one connection. An exception escaping it is reported to the loop's exception handler
     * and closes the connection; so does a cancellation.
     */
    void connected(StreamReader reader, StreamWriter writer) throws Exception;
  }

  /** As {@link #openConnection(String, int, int)} with the default limit (64 KiB). */
  public static Connection openConnection(String host, int port) throws IOException {
    return openConnection(host, port, StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Opens a TCP connection and returns its reader and writer: asyncio's {@code open_connection}.
   *
   * @param limit the reader's limit (see {@link StreamReader#StreamReader(int)})
   * @throws IOException if no address of {@code host} connects
   */
  public static Connection openConnection(String host, int port, int limit) throws IOException {
    return openConnection(host, port, limit, Net.ConnectOptions.defaults());
  }

  /**
   * As {@link #openConnection(String, int, int)} with connection options: TLS ({@link
   * Net.ConnectOptions#withSsl}), Happy Eyeballs.
   */
  public static Connection openConnection(
      String host, int port, int limit, Net.ConnectOptions options) throws IOException {
    EventLoop loop = Asyncio.getRunningLoop();
    StreamReader reader = new StreamReader(limit, loop);
    StreamReaderProtocol protocol = new StreamReaderProtocol(loop, reader, null);
    Transport transport = Net.createConnection(() -> protocol, host, port, options);
    return new Connection(reader, new StreamWriter(transport, protocol, reader, loop));
  }

  /**
   * Opens a connection to the Unix domain socket at {@code path}: asyncio's {@code
   * open_unix_connection}.
   */
  public static Connection openUnixConnection(java.nio.file.Path path) throws IOException {
    EventLoop loop = Asyncio.getRunningLoop();
    StreamReader reader = new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    StreamReaderProtocol protocol = new StreamReaderProtocol(loop, reader, null);
    Transport transport = Net.createUnixConnection(() -> protocol, path);
    return new Connection(reader, new StreamWriter(transport, protocol, reader, loop));
  }

  /**
   * Starts a server on the Unix domain socket at {@code path} that runs {@code handler} as a task
   * per connection: asyncio's {@code start_unix_server} (see {@link Net#createUnixServer}).
   */
  public static Server startUnixServer(ClientConnected handler, java.nio.file.Path path)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    EventLoop loop = Asyncio.getRunningLoop();
    return Net.createUnixServer(
        () ->
            new StreamReaderProtocol(
                loop, new StreamReader(StreamReader.DEFAULT_LIMIT, loop), handler),
        path);
  }

  /** As {@link #startServer(ClientConnected, String, int, int, Net.ServerOptions)}, defaults. */
  public static Server startServer(ClientConnected handler, @Nullable String host, int port)
      throws IOException {
    return startServer(
        handler, host, port, StreamReader.DEFAULT_LIMIT, Net.ServerOptions.defaults());
  }

  /**
   * Starts a TCP server that runs {@code handler} as a new task for each connection: asyncio's
   * {@code start_server}.
   *
   * @param limit each reader's limit
   * @throws java.net.BindException if the address is in use
   */
  public static Server startServer(
      ClientConnected handler,
      @Nullable String host,
      int port,
      int limit,
      Net.ServerOptions options)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    EventLoop loop = Asyncio.getRunningLoop();
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
    }
    return Net.createServer(
        () -> new StreamReaderProtocol(loop, new StreamReader(limit, loop), handler),
        host,
        port,
        options);
  }
}
