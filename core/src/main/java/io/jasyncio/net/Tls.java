package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Putting an {@link SslProtocol} between a socket transport and an application protocol: on a new
 * connection, on each accepted one, or over a connection already open ({@code startTls}).
 * Package-private: {@link Net} and {@link StreamWriter#startTls} are the API.
 */
final class Tls {
  private Tls() {}

  /** A client engine checking the server's certificate against {@code name} (unless empty). */
  static SSLEngine clientEngine(SSLContext ssl, String name, int port) {
    SSLEngine engine = name.isEmpty() ? ssl.createSSLEngine() : ssl.createSSLEngine(name, port);
    engine.setUseClientMode(true);
    if (!name.isEmpty()) {
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // asyncio's check_hostname
      engine.setSSLParameters(p);
    }
    return engine;
  }

  /** A server engine: its certificate comes from the context's key manager. */
  static SSLEngine serverEngine(SSLContext ssl) {
    SSLEngine engine = ssl.createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }

  /** Each accepted connection speaks TLS, as server, to a protocol from {@code factory}. */
  static Supplier<BaseProtocol> serverFactory(
      EventLoop loop,
      SSLContext ssl,
      Supplier<? extends BaseProtocol> factory,
      Net.ServerOptions o) {
    return () -> {
      return new SslProtocol(
          loop,
          serverEngine(ssl),
          Objects.requireNonNull(factory.get(), "protocolFactory returned null"),
          null,
          o.sslHandshakeTimeout(),
          o.sslShutdownTimeout(),
          true);
    };
  }

  static Transport connect(
      EventLoop loop,
      SocketChannel ch,
      Supplier<? extends BaseProtocol> protocolFactory,
      SSLEngine engine,
      Net.ConnectOptions o) {
    BaseProtocol app;
    try {
      app = Objects.requireNonNull(protocolFactory.get(), "protocolFactory returned null");
    } catch (RuntimeException | Error e) {
      Sockets.close(ch);
      throw e;
    }
    Future<Void> waiter = loop.createFuture();
    SslProtocol tls =
        new SslProtocol(
            loop, engine, app, waiter, o.sslHandshakeTimeout(), o.sslShutdownTimeout(), true);
    SocketTransport rawTransport = new SocketTransport(loop, ch, tls, null, null);
    try {
      waiter.await(); // the handshake is done (or failed, or timed out)
    } catch (Throwable e) {
      rawTransport.abort();
      throw e;
    }
    return tls.appTransport();
  }

  /** {@link Net#startTls}, once its arguments are checked. */
  static Transport upgrade(
      Transport transport,
      SSLContext ssl,
      boolean serverSide,
      @Nullable String serverHostname,
      double handshakeTimeout,
      double shutdownTimeout) {
    EventLoop loop = Asyncio.getRunningLoop();
    SSLEngine engine =
        serverSide
            ? serverEngine(ssl)
            : clientEngine(ssl, serverHostname == null ? "" : serverHostname, -1);
    Future<Void> waiter = loop.createFuture();
    SslProtocol tls =
        new SslProtocol(
            loop,
            engine,
            transport.getProtocol(),
            waiter,
            handshakeTimeout,
            shutdownTimeout,
            false);
    transport.pauseReading();
    transport.setProtocol(tls);
    tls.connectionMade(transport);
    transport.resumeReading();
    try {
      waiter.await();
    } catch (Throwable e) {
      transport.abort();
      throw e;
    }
    return tls.appTransport();
  }
}
