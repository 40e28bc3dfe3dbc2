package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's low-level I/O on the running loop: {@code loop.create_connection}, {@code
 * loop.create_server}, {@code loop.getaddrinfo} and the {@code loop.sock_*} methods. Every method
 * is for a task on the running loop (an await point, unless it says otherwise).
 */
public final class Net {
  private Net() {}

  /** asyncio's listen backlog, and how many connections one readiness event accepts at most. */
  public static final int DEFAULT_BACKLOG = 100;

  /** asyncio's TLS handshake timeout: 60 seconds. */
  public static final double SSL_HANDSHAKE_TIMEOUT = 60.0;

  /** asyncio's TLS shutdown timeout: 30 seconds. */
  public static final double SSL_SHUTDOWN_TIMEOUT = 30.0;

  /**
   * Options of {@link #createServer(Supplier, String, int, ServerOptions)}.
   *
   * @param backlog the listen backlog (asyncio's 100)
   * @param reusePort whether several sockets (of several loops, say) may bind the same port ({@code
   *     SO_REUSEPORT}), so the kernel spreads connections over them
   * @param startServing whether to accept at once (asyncio's default), or only after {@link
   *     Server#startServing()} or {@link Server#serveForever()}. Unlike asyncio, the socket listens
   *     from the start either way (Java cannot bind without listening): a connection made before
   *     serving starts waits in the backlog, and is accepted then
   * @param ssl serve TLS with this context (its key manager holds the server's certificate), or
   *     {@code null} for plain TCP
   * @param sslHandshakeTimeout seconds a TLS handshake may take (asyncio's 60)
   * @param sslShutdownTimeout seconds a TLS close may wait for the peer's close_notify (30)
   */
  public record ServerOptions(
      int backlog,
      boolean reusePort,
      boolean startServing,
      @Nullable SSLContext ssl,
      double sslHandshakeTimeout,
      double sslShutdownTimeout) {
    public ServerOptions {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
      }
      checkTimeout(sslHandshakeTimeout, "sslHandshakeTimeout");
      checkTimeout(sslShutdownTimeout, "sslShutdownTimeout");
    }

    /** asyncio's defaults: backlog 100, no port reuse, serving at once, plain TCP. */
    public static ServerOptions defaults() {
      return new ServerOptions(
          DEFAULT_BACKLOG, false, true, null, SSL_HANDSHAKE_TIMEOUT, SSL_SHUTDOWN_TIMEOUT);
    }

    public ServerOptions withBacklog(int backlog) {
      return new ServerOptions(
          backlog, reusePort, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions withReusePort(boolean reusePort) {
      return new ServerOptions(
          backlog, reusePort, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions withStartServing(boolean startServing) {
      return new ServerOptions(
          backlog, reusePort, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions withSsl(@Nullable SSLContext ssl) {
      return new ServerOptions(
          backlog, reusePort, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions withSslTimeouts(double handshake, double shutdown) {
      return new ServerOptions(backlog, reusePort, startServing, ssl, handshake, shutdown);
    }
  }

  static void checkTimeout(double t, String name) {
    if (!(t > 0)) {
      throw new IllegalArgumentException(name + " must be a positive number of seconds, got " + t);
    }
  }

  // ---- names ----------------------------------------------------------------------------------

  /**
   * Resolves {@code host} to socket addresses with {@code port}: asyncio's {@code getaddrinfo}. An
   * IP literal is parsed at once; a name is resolved on another thread (the lookup blocks), through
   * the loop's default executor. {@code null} means the wildcard address.
   *
   * @throws java.net.UnknownHostException if the name does not resolve
   */
  public static List<InetSocketAddress> getaddrinfo(@Nullable String host, int port)
      throws IOException {
    checkPort(port);
    if (host == null || host.isEmpty()) {
      return List.of(new InetSocketAddress(port));
    }
    InetAddress literal = literal(host);
    if (literal != null) {
      return List.of(new InetSocketAddress(literal, port));
    }
    EventLoop loop = Asyncio.getRunningLoop();
    Future<InetAddress[]> f = loop.runInExecutor(null, () -> InetAddress.getAllByName(host));
    InetAddress[] all = f.await();
    List<InetSocketAddress> out = new ArrayList<>(all.length);
    for (InetAddress a : all) {
      out.add(new InetSocketAddress(a, port));
    }
    return out;
  }

  /**
   * Resolves a socket address back to a host name and port: asyncio's {@code getnameinfo}. Runs on
   * another thread. Returns {@code [host, port]}.
   */
  public static List<String> getnameinfo(InetSocketAddress address) {
    EventLoop loop = Asyncio.getRunningLoop();
    String host =
        Objects.requireNonNull(
            loop.runInExecutor(null, () -> address.getAddress().getHostName()).await());
    return List.of(host, Integer.toString(address.getPort()));
  }

  private static @Nullable InetAddress literal(String host) {
    try {
      return InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  // ---- connections ----------------------------------------------------------------------------

  /**
   * Opens a TCP connection to {@code host}:{@code port} and connects a protocol to it: asyncio's
   * {@code loop.create_connection}. Each address the host resolves to is tried in turn until one
   * connects. Returns once the protocol's {@code connectionMade} has run. Cancelled, it leaves no
   * channel open.
   *
   * @return the transport; its protocol is {@code protocolFactory}'s
   * @throws IOException if no address connects (the last error, the others suppressed in it)
   */
  public static Transport createConnection(
      Supplier<? extends BaseProtocol> protocolFactory, String host, int port) throws IOException {
    return createConnection(protocolFactory, host, port, ConnectOptions.defaults());
  }

  /**
   * Options of {@link #createConnection(Supplier, String, int, ConnectOptions)}.
   *
   * @param happyEyeballsDelay seconds to wait for one address before also trying the next (RFC 8305
   *     Happy Eyeballs, asyncio's {@code happy_eyeballs_delay}; 0.25 is the RFC's value); NaN (the
   *     default) tries the addresses one after another
   * @param interleave how many addresses of the first family to try before one of the next
   *     (asyncio's {@code interleave}); 0 keeps the resolver's order. With a delay and 0, 1 is used
   * @param ssl speak TLS with this context (its trust manager checks the server), or {@code null}
   * @param serverHostname the name the server's certificate must carry (and SNI): {@code null} for
   *     the host connected to, {@code ""} to check no name (asyncio's {@code server_hostname=''})
   * @param sslHandshakeTimeout seconds the TLS handshake may take (asyncio's 60)
   * @param sslShutdownTimeout seconds a TLS close may wait for the peer's close_notify (30)
   */
  public record ConnectOptions(
      double happyEyeballsDelay,
      int interleave,
      @Nullable SSLContext ssl,
      @Nullable String serverHostname,
      double sslHandshakeTimeout,
      double sslShutdownTimeout) {
    public ConnectOptions {
      if (happyEyeballsDelay < 0) {
        throw new IllegalArgumentException(
            "happyEyeballsDelay must be >= 0 (or NaN for none), got " + happyEyeballsDelay);
      }
      if (interleave < 0) {
        throw new IllegalArgumentException("interleave must be >= 0, got " + interleave);
      }
      checkTimeout(sslHandshakeTimeout, "sslHandshakeTimeout");
      checkTimeout(sslShutdownTimeout, "sslShutdownTimeout");
    }

    /** No Happy Eyeballs, the resolver's order, plain TCP: asyncio's defaults. */
    public static ConnectOptions defaults() {
      return new ConnectOptions(
          Double.NaN, 0, null, null, SSL_HANDSHAKE_TIMEOUT, SSL_SHUTDOWN_TIMEOUT);
    }

    public ConnectOptions withHappyEyeballsDelay(double delay) {
      return new ConnectOptions(
          delay, interleave, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions withInterleave(int interleave) {
      return new ConnectOptions(
          happyEyeballsDelay,
          interleave,
          ssl,
          serverHostname,
          sslHandshakeTimeout,
          sslShutdownTimeout);
    }

    /** TLS with {@code ssl}, checking the certificate against {@code serverHostname}. */
    public ConnectOptions withSsl(@Nullable SSLContext ssl, @Nullable String serverHostname) {
      return new ConnectOptions(
          happyEyeballsDelay,
          interleave,
          ssl,
          serverHostname,
          sslHandshakeTimeout,
          sslShutdownTimeout);
    }

    public ConnectOptions withSslTimeouts(double handshake, double shutdown) {
      return new ConnectOptions(
          happyEyeballsDelay, interleave, ssl, serverHostname, handshake, shutdown);
    }
  }

  /**
   * As {@link #createConnection(Supplier, String, int)}, with Happy Eyeballs if the options ask:
   * the attempts are staggered by the delay, a failed attempt starts the next at once, the first
   * connection made wins and every other attempt is cancelled and its channel closed.
   */
  public static Transport createConnection(
      Supplier<? extends BaseProtocol> protocolFactory,
      String host,
      int port,
      ConnectOptions options)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    EventLoop loop = Asyncio.getRunningLoop();
    List<InetSocketAddress> addresses = getaddrinfo(host, port);
    int interleave = options.interleave();
    if (!Double.isNaN(options.happyEyeballsDelay()) && interleave == 0) {
      interleave = 1;
    }
    if (interleave > 0) {
      addresses = HappyEyeballs.interleave(addresses, interleave);
    }
    SocketChannel ch =
        Double.isNaN(options.happyEyeballsDelay())
            ? Sockets.connectInTurn(addresses)
            : HappyEyeballs.race(loop, addresses, options.happyEyeballsDelay());
    SSLContext ssl = options.ssl();
    if (ssl == null) {
      return connectChannel(loop, ch, protocolFactory);
    }
    String name = options.serverHostname() == null ? host : options.serverHostname();
    return Tls.connect(loop, ch, protocolFactory, Tls.clientEngine(ssl, name, port), options);
  }

  /**
   * Opens a connection to the Unix domain socket at {@code path} and connects a protocol to it:
   * asyncio's {@code loop.create_unix_connection}. Returns once {@code connectionMade} has run.
   *
   * @throws IOException if nothing listens there
   */
  public static Transport createUnixConnection(
      Supplier<? extends BaseProtocol> protocolFactory, java.nio.file.Path path)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    EventLoop loop = Asyncio.getRunningLoop();
    SocketChannel c = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    try {
      c.configureBlocking(false);
      Sockets.sockConnect(c, java.net.UnixDomainSocketAddress.of(path));
    } catch (Throwable t) {
      Sockets.close(c);
      throw t;
    }
    return connectChannel(loop, c, protocolFactory);
  }

  /** As {@link #createUnixServer(Supplier, java.nio.file.Path, ServerOptions)}, defaults. */
  public static Server createUnixServer(
      Supplier<? extends BaseProtocol> protocolFactory, java.nio.file.Path path)
      throws IOException {
    return createUnixServer(protocolFactory, path, ServerOptions.defaults());
  }

  /**
   * Listens on a Unix domain socket at {@code path}: asyncio's {@code loop.create_unix_server}. A
   * stale socket file left there is removed first, and the file is removed when the server closes
   * (asyncio 3.13's {@code cleanup_socket=True}); any other file there is an error. ({@code
   * reusePort} does not apply.)
   *
   * @throws java.net.BindException if another file is in the way, or the address is in use
   */
  public static Server createUnixServer(
      Supplier<? extends BaseProtocol> protocolFactory,
      java.nio.file.Path path,
      ServerOptions options)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    Objects.requireNonNull(options, "options");
    EventLoop loop = Asyncio.getRunningLoop();
    if (java.nio.file.Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (!java.nio.file.Files.readAttributes(
              path,
              java.nio.file.attribute.BasicFileAttributes.class,
              java.nio.file.LinkOption.NOFOLLOW_LINKS)
          .isOther()) {
        throw new java.net.BindException(
            "error while attempting to bind on " + path + ": a file that is not a socket is there");
      }
      java.nio.file.Files.delete(path); // a stale socket, as asyncio removes
    }
    ServerSocketChannel ch = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    try {
      ch.configureBlocking(false);
      ch.bind(java.net.UnixDomainSocketAddress.of(path), options.backlog());
    } catch (IOException | RuntimeException e) {
      Sockets.close(ch);
      throw new java.net.BindException(
          "error while attempting to bind on " + path + ": " + e.getMessage());
    }
    Server server = new Server(loop, List.of(ch), protocolFactory, options.backlog(), path);
    if (options.startServing()) {
      server.startServing();
      Asyncio.sleep(0);
    }
    return server;
  }

  /**
   * Wraps a connected socket accepted elsewhere in a transport and a protocol: asyncio's {@code
   * loop.connect_accepted_socket}. The channel is made non-blocking.
   */
  public static Transport connectAcceptedSocket(
      Supplier<? extends BaseProtocol> protocolFactory, SocketChannel channel) throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    if (!channel.isConnected()) {
      throw new IllegalArgumentException(channel + " is not connected");
    }
    channel.configureBlocking(false);
    Sockets.noDelay(channel);
    return connectChannel(Asyncio.getRunningLoop(), channel, protocolFactory);
  }

  /**
   * Upgrades a connection to TLS: asyncio's {@code loop.start_tls}. {@code transport}'s protocol
   * becomes the application protocol of the returned transport (its {@code connectionMade} is not
   * called again); do not use {@code transport} afterwards. Returns after the handshake.
   *
   * @param serverSide whether this side is the server (its context holds the certificate)
   * @param serverHostname for a client: as {@link ConnectOptions#serverHostname()} ({@code null}:
   *     no name is checked)
   */
  public static Transport startTls(
      Transport transport,
      SSLContext ssl,
      boolean serverSide,
      @Nullable String serverHostname,
      double handshakeTimeout,
      double shutdownTimeout) {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(ssl, "ssl");
    checkTimeout(handshakeTimeout, "handshakeTimeout");
    checkTimeout(shutdownTimeout, "shutdownTimeout");
    if (transport.getExtraInfo("sslSession") != null) {
      throw new IllegalArgumentException(transport + " speaks TLS already");
    }
    return Tls.upgrade(
        transport, ssl, serverSide, serverHostname, handshakeTimeout, shutdownTimeout);
  }

  private static Transport connectChannel(
      EventLoop loop, SocketChannel ch, Supplier<? extends BaseProtocol> protocolFactory) {
    SocketTransport t;
    try {
      BaseProtocol p =
          Objects.requireNonNull(protocolFactory.get(), "protocolFactory returned null");
      Future<Void> waiter = loop.createFuture();
      t = new SocketTransport(loop, ch, p, waiter, null);
      try {
        waiter.await();
      } catch (Throwable e) {
        t.close();
        throw e;
      }
    } catch (RuntimeException | Error e) {
      Sockets.close(ch);
      throw e;
    }
    return t;
  }

  // ---- servers --------------------------------------------------------------------------------

  /** As {@link #createServer(Supplier, String, int, ServerOptions)} with asyncio's defaults. */
  public static Server createServer(
      Supplier<? extends BaseProtocol> protocolFactory, @Nullable String host, int port)
      throws IOException {
    return createServer(protocolFactory, host, port, ServerOptions.defaults());
  }

  /**
   * Listens on {@code host}:{@code port} (every address the host resolves to; {@code null}: every
   * interface), making a protocol from {@code protocolFactory} for each connection: asyncio's
   * {@code loop.create_server}. Port 0 picks a free port ({@link Server#port()}).
   *
   * @throws java.net.BindException if the address is in use
   */
  public static Server createServer(
      Supplier<? extends BaseProtocol> protocolFactory,
      @Nullable String host,
      int port,
      ServerOptions options)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    Objects.requireNonNull(options, "options");
    EventLoop loop = Asyncio.getRunningLoop();
    List<InetSocketAddress> addresses = getaddrinfo(host, port);
    List<ServerSocketChannel> channels = new ArrayList<>();
    try {
      for (InetSocketAddress a : addresses) {
        ServerSocketChannel ch = ServerSocketChannel.open();
        channels.add(ch);
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (options.reusePort()) {
          ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        try {
          ch.bind(a, options.backlog());
        } catch (IOException e) {
          throw new java.net.BindException(
              "error while attempting to bind on address " + a + ": " + e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      for (ServerSocketChannel ch : channels) {
        Sockets.close(ch);
      }
      throw e;
    }
    Supplier<? extends BaseProtocol> factory = protocolFactory;
    SSLContext ssl = options.ssl();
    if (ssl != null) {
      factory = Tls.serverFactory(loop, ssl, protocolFactory, options);
    }
    Server server = new Server(loop, channels, factory, options.backlog(), null);
    if (options.startServing()) {
      server.startServing();
      Asyncio.sleep(0); // one iteration, so the listening registrations go through (as asyncio)
    }
    return server;
  }

  // ---- datagrams -----------------------------------------------------------------------------

  /**
   * Opens a UDP endpoint: asyncio's {@code loop.create_datagram_endpoint}. With {@code local}, it
   * is bound there (port 0: any free port); with {@code remote}, it is connected there (it then
   * receives only from there, and {@code sendto} may omit the address). At least one is needed.
   * Returns once the protocol's {@code connectionMade} has run.
   *
   * @param reuseAddress {@code SO_REUSEADDR} on the local address
   * @throws IOException if the address cannot be bound or connected
   */
  public static DatagramTransport createDatagramEndpoint(
      Supplier<? extends DatagramProtocol> protocolFactory,
      @Nullable InetSocketAddress local,
      @Nullable InetSocketAddress remote,
      boolean reuseAddress)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    if (local == null && remote == null) {
      throw new IllegalArgumentException(
          "give a local address to bind, a remote one to connect, or both");
    }
    EventLoop loop = Asyncio.getRunningLoop();
    InetSocketAddress either = Objects.requireNonNull(local != null ? local : remote);
    java.net.ProtocolFamily family =
        either.getAddress() instanceof java.net.Inet6Address
            ? java.net.StandardProtocolFamily.INET6
            : java.net.StandardProtocolFamily.INET;
    java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open(family);
    DatagramProtocol p;
    try {
      ch.configureBlocking(false);
      if (reuseAddress) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      }
      if (local != null) {
        ch.bind(local);
      }
      if (remote != null) {
        ch.connect(remote);
      }
      p = Objects.requireNonNull(protocolFactory.get(), "protocolFactory returned null");
    } catch (IOException | RuntimeException e) {
      Sockets.close(ch);
      throw e;
    }
    DatagramTransport t = new DatagramTransport(loop, ch, p, remote);
    Future<Void> made = loop.createFuture();
    loop.callSoon(
        () -> {
          if (!made.isDone()) {
            made.setResult(null);
          }
        });
    try {
      made.await();
    } catch (Throwable e) {
      t.abort();
      throw e;
    }
    return t;
  }

  // ---- sockets --------------------------------------------------------------------------------

  /**
   * Connects a non-blocking socket channel: asyncio's {@code loop.sock_connect}. Cancelled, the
   * connect is abandoned (close the channel).
   */
  public static void sockConnect(SocketChannel ch, SocketAddress address) throws IOException {
    Sockets.sockConnect(ch, address);
  }

  /** Accepts a connection: asyncio's {@code loop.sock_accept}. The new channel is non-blocking. */
  public static SocketChannel sockAccept(ServerSocketChannel ch) throws IOException {
    return Sockets.sockAccept(ch);
  }

  /**
   * Reads at most {@code n} bytes: asyncio's {@code loop.sock_recv}; an empty array at end of
   * input.
   */
  public static byte[] sockRecv(SocketChannel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    int got = sockRecvInto(ch, buf);
    return java.util.Arrays.copyOf(buf.array(), Math.max(got, 0));
  }

  /**
   * Reads into {@code buf} (from its position): asyncio's {@code loop.sock_recv_into}. Returns how
   * many bytes were read, 0 at end of input (or if {@code buf} has no room).
   */
  public static int sockRecvInto(SocketChannel ch, ByteBuffer buf) throws IOException {
    return Sockets.sockRecvInto(ch, buf);
  }

  /**
   * Sends all of {@code data}: asyncio's {@code loop.sock_sendall}. Cancelled, part of it may have
   * been sent.
   */
  public static void sockSendall(SocketChannel ch, byte[] data) throws IOException {
    Sockets.sockSendall(ch, data);
  }

  /**
   * A datagram and its sender: what {@link #sockRecvfrom} returns (asyncio's {@code (data,
   * address)} tuple).
   */
  public static final class Datagram {
    private final byte[] data;
    private final SocketAddress address;

    Datagram(byte[] data, SocketAddress address) {
      this.data = data;
      this.address = address;
    }

    /** The datagram's bytes (this array is the caller's: nothing else holds it). */
    public byte[] data() {
      return data;
    }

    /** Who sent it. */
    public SocketAddress address() {
      return address;
    }

    @Override
    public String toString() {
      return "Datagram[" + data.length + " bytes from " + address + "]";
    }
  }

  /**
   * Receives one datagram of at most {@code n} bytes (a longer one is cut, as by {@code recvfrom}):
   * asyncio's {@code loop.sock_recvfrom}. Cancelled, no datagram is lost: it stays in the socket
   * for the next receive.
   */
  public static Datagram sockRecvfrom(DatagramChannel ch, int n) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("n must be non-negative (got " + n + ")");
    }
    ByteBuffer buf = ByteBuffer.allocate(n);
    SocketAddress from = Sockets.sockRecvfromInto(ch, buf);
    return new Datagram(java.util.Arrays.copyOf(buf.array(), buf.position()), from);
  }

  /**
   * Receives one datagram into {@code buf} (from its position; the rest of a longer datagram is
   * dropped): asyncio's {@code loop.sock_recvfrom_into}. Returns the sender; how many bytes came is
   * how far {@code buf}'s position moved.
   */
  public static SocketAddress sockRecvfromInto(DatagramChannel ch, ByteBuffer buf)
      throws IOException {
    return Sockets.sockRecvfromInto(ch, buf);
  }

  /**
   * Sends one datagram to {@code address}, waiting while the socket's send buffer is full:
   * asyncio's {@code loop.sock_sendto}. Returns the bytes sent (all of {@code data}). Cancelled,
   * nothing was sent.
   */
  public static int sockSendto(DatagramChannel ch, byte[] data, SocketAddress address)
      throws IOException {
    return Sockets.sockSendto(ch, data, address);
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code offset} (null: to the end of the file)
   * over a connected stream socket, with {@code sendfile(2)} where the JDK can ({@link
   * FileChannel#transferTo}): asyncio's {@code loop.sock_sendfile}. Returns the bytes sent; the
   * file's position is left just past them, as asyncio leaves it, also when cancelled (part of the
   * range may have been sent). Reading the file may block the loop on a slow disk, as in asyncio.
   *
   * @throws IllegalArgumentException if {@code offset} is negative or {@code count} not positive,
   *     or the channel is in blocking mode
   */
  public static long sockSendfile(
      SocketChannel ch, FileChannel file, long offset, @Nullable Long count) throws IOException {
    return Sockets.sockSendfile(ch, file, offset, count);
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code offset} (null: to its end) over a
   * transport, after what was written to it before: asyncio's {@code loop.sendfile}. Returns the
   * bytes sent, and leaves the file's position past them. A plain TCP transport sends with {@code
   * sendfile(2)} (no copy through the heap) while reading is paused and {@code write} refuses; any
   * other transport (TLS, in-memory, pipes) gets the file in blocks read on a worker thread, each
   * written once the transport is below its high-water mark, with its protocol stood in for
   * meanwhile (see asyncio). Cancelled, part of the range may have been sent.
   *
   * @throws IllegalArgumentException if {@code offset} is negative or {@code count} not positive
   * @throws IllegalStateException if the transport is closing, or already in a sendfile
   */
  public static long sendfile(Transport t, FileChannel file, long offset, @Nullable Long count)
      throws IOException {
    return Sendfile.sendfile(t, file, offset, count);
  }
}
