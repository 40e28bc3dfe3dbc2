package io.jasyncio.net;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A listening server: asyncio's {@code Server}, with its 3.13 lifecycle. Made by {@link
 * Net#createServer} or {@link Streams#startServer}. Loop thread only.
 *
 * <p>{@link #close()} stops listening and leaves the accepted connections open; {@link
 * #waitClosed()} waits until the server is closed <em>and</em> its last connection is gone; {@link
 * #closeClients()} and {@link #abortClients()} end the connections. In try-with-resources, the
 * block's end is {@link #close()} (it does not wait): {@code try (Server s = ...) { ...
 * s.serveForever(); }}.
 */
public final class Server implements AutoCloseable {
  /*
   * Implementation notes.
   *
   * States: SERVING (channels != null, serving) <--startServing/close--> and CLOSED (channels ==
   * null, final). NOT SERVING (channels != null, !serving) is a server made with startServing
   * false. `waiters` is non-null until the server is closed with no connection left (wakeup()):
   * from then on waitClosed() returns at once, as asyncio's `_waiters = None`.
   */
  private final EventLoop loop;
  private @Nullable List<ServerSocketChannel> channels;
  private final List<ServerSocketChannel> sockets;
  private final Supplier<? extends BaseProtocol> protocolFactory;
  private final int backlog;
  private boolean serving;
  private final Set<SocketTransport> clients = new LinkedHashSet<>();
  private @Nullable List<Future<Void>> waiters = new ArrayList<>();
  private @Nullable Future<Void> servingForever;

  /** A Unix server's socket file, removed at close; null for TCP. */
  private final java.nio.file.@Nullable Path unixPath;

  Server(
      EventLoop loop,
      List<ServerSocketChannel> channels,
      Supplier<? extends BaseProtocol> protocolFactory,
      int backlog,
      java.nio.file.@Nullable Path unixPath) {
    this.unixPath = unixPath;
    this.loop = loop;
    this.channels = channels;
    this.sockets = List.copyOf(channels);
    this.protocolFactory = protocolFactory;
    this.backlog = backlog;
    for (ServerSocketChannel ch : channels) {
      LoopAccess.get()
          .own(
              loop,
              ch,
              new LoopAccess.Owner(
                  () -> this.channels == null ? null : "unclosed " + this, this::close));
    }
  }

  /** The loop the server runs on. */
  public EventLoop getLoop() {
    return loop;
  }

  /** The listening channels (empty once closed): asyncio's {@code sockets}. */
  public List<ServerSocketChannel> sockets() {
    return channels == null ? List.of() : sockets;
  }

  /** The port of the first listening channel: handy for a server bound to port 0. */
  public int port() {
    if (unixPath != null) {
      throw new IllegalStateException("a Unix server has no port; it listens on " + unixPath);
    }
    try {
      return ((InetSocketAddress) sockets.get(0).getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException("server is closed", e);
    }
  }

  /** Whether the server accepts connections. */
  public boolean isServing() {
    return serving;
  }

  /** Starts accepting connections, if it does not yet. Idempotent. */
  public void startServing() {
    List<ServerSocketChannel> chs = channels;
    if (chs == null) {
      throw new IllegalStateException("server " + this + " is closed");
    }
    if (serving) {
      return;
    }
    serving = true;
    for (ServerSocketChannel ch : chs) {
      loop.addReader(ch, () -> accept(ch));
    }
  }

  /**
   * Accepts until {@code backlog} connections are taken or none waits, as asyncio does per
   * readiness event.
   */
  private void accept(ServerSocketChannel ch) {
    for (int i = 0; i < backlog; i++) {
      SocketChannel c;
      try {
        c = ch.accept();
      } catch (IOException e) {
        // out of file descriptors, say: stop listening for a second, as asyncio does
        loop.callExceptionHandler(
            new ExceptionContext(
                "socket.accept() out of system resource; accepting again in 1 s",
                e,
                null,
                null,
                null));
        loop.removeReader(ch);
        loop.callLater(
            1.0,
            () -> {
              if (serving && channels != null) {
                loop.addReader(ch, () -> accept(ch));
              }
            });
        return;
      }
      if (c == null) {
        return;
      }
      BaseProtocol protocol;
      try {
        c.configureBlocking(false);
        Sockets.noDelay(c);
        protocol = protocolFactory.get();
      } catch (IOException | RuntimeException e) {
        loop.callExceptionHandler(
            new ExceptionContext(
                "Error on transport creation for incoming connection", e, null, null, null));
        try {
          c.close();
        } catch (IOException ignored) {
          // already reported
        }
        continue;
      }
      new SocketTransport(loop, c, protocol, null, this);
    }
  }

  void attach(SocketTransport t) {
    clients.add(t);
  }

  void detach(SocketTransport t) {
    clients.remove(t);
    if (clients.isEmpty() && channels == null) {
      wakeup();
    }
  }

  private void wakeup() {
    List<Future<Void>> ws = waiters;
    waiters = null;
    if (ws != null) {
      for (Future<Void> w : ws) {
        if (!w.isDone()) {
          w.setResult(null);
        }
      }
    }
  }

  /**
   * Stops listening and closes the listening channels; the accepted connections stay open. Ends a
   * {@link #serveForever()}. Idempotent.
   */
  @Override
  public void close() {
    List<ServerSocketChannel> chs = channels;
    if (chs == null) {
      return;
    }
    channels = null;
    for (ServerSocketChannel ch : chs) {
      loop.removeReader(ch);
      try {
        ch.close();
      } catch (IOException e) {
        // a listening socket that fails to close is closed for our purposes
      }
    }
    LoopAccess.get().releaseClosed(loop); // the listening sockets stop accepting now
    if (unixPath != null) {
      try {
        java.nio.file.Files.deleteIfExists(unixPath);
      } catch (IOException e) {
        loop.callExceptionHandler(
            new ExceptionContext("cannot remove the socket file " + unixPath, e, null, null, null));
      }
    }
    serving = false;
    Future<Void> f = servingForever;
    if (f != null && !f.isDone()) {
      f.cancel();
    }
    servingForever = null;
    if (clients.isEmpty()) {
      wakeup();
    }
  }

  /** Closes every accepted connection (each sends what it buffered first). */
  public void closeClients() {
    for (SocketTransport t : List.copyOf(clients)) {
      t.close();
    }
  }

  /** Aborts every accepted connection: buffered bytes are dropped. */
  public void abortClients() {
    for (SocketTransport t : List.copyOf(clients)) {
      t.abort();
    }
  }

  /**
   * Waits until the server is closed and its last connection is gone (asyncio 3.12+). Returns at
   * once if that happened already. An await point.
   */
  public void waitClosed() {
    List<Future<Void>> ws = waiters;
    if (ws == null) {
      return;
    }
    Future<Void> w = loop.createFuture();
    ws.add(w);
    w.await();
  }

  /**
   * Accepts connections until cancelled; then closes the server and waits for it to be closed (see
   * {@link #waitClosed()}) before the {@link CancelledError} goes on. An await point.
   *
   * @throws IllegalStateException if another task serves forever on this server already, or it is
   *     closed
   */
  public void serveForever() {
    if (servingForever != null) {
      throw new IllegalStateException(
          "server " + this + " is already being awaited on serveForever()");
    }
    if (channels == null) {
      throw new IllegalStateException("server " + this + " is closed");
    }
    startServing();
    Future<Void> f = loop.createFuture();
    servingForever = f;
    try {
      f.await();
    } catch (CancelledError e) {
      close();
      closeClients(); // CPython's gh-123720 fix: idle clients must not hold the cancellation
      try {
        waitClosed();
      } catch (CancelledError again) {
        e.addSuppressed(again); // cancelled while it waited for the clients: stop waiting
      }
      throw e;
    } finally {
      if (servingForever == f) {
        servingForever = null;
      }
    }
  }

  @Override
  public String toString() {
    return "<Server sockets=" + sockets() + (serving ? " serving" : "") + ">";
  }
}
