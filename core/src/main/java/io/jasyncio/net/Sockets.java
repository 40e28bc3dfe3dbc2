package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Waiting on single channels: connect, accept, read, write with await points, the way {@link Net}'s
 * {@code sock*} methods and {@code createConnection} use them. Package-private: {@link Net} is the
 * API.
 */
final class Sockets {
  private Sockets() {}

  /** Tries each address after the last failed; the errors of all, if none connects. */
  static SocketChannel connectInTurn(List<InetSocketAddress> addresses) throws IOException {
    IOException failure = null;
    for (InetSocketAddress a : addresses) {
      try {
        return connectOne(a);
      } catch (IOException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
      }
    }
    throw Objects.requireNonNull(failure);
  }

  /**
   * Opens a channel and connects it to {@code a}; closes it if that fails or is cancelled.
   *
   * @throws IOException naming the address
   */
  static SocketChannel connectOne(InetSocketAddress a) throws IOException {
    SocketChannel c = SocketChannel.open();
    try {
      c.configureBlocking(false);
      noDelay(c);
      sockConnect(c, a);
      return c;
    } catch (IOException e) {
      close(c);
      String msg = "connect to " + a + " failed: " + e.getMessage();
      // ConnectException stays one (asyncio's ConnectionRefusedError), now naming the address
      IOException named =
          e instanceof java.net.ConnectException
              ? new java.net.ConnectException(msg)
              : new IOException(msg);
      named.initCause(e);
      throw named;
    } catch (Throwable t) { // cancelled: no channel is left open
      close(c);
      throw t;
    }
  }

  static void sockConnect(SocketChannel ch, SocketAddress address) throws IOException {
    checkNonBlocking(ch);
    if (ch.connect(address)) {
      return;
    }
    EventLoop loop = Asyncio.getRunningLoop();
    Future<Void> done = loop.createFuture();
    loop.addWriter(
        ch,
        () -> {
          if (done.isDone()) {
            return;
          }
          try {
            if (ch.finishConnect()) {
              done.setResult(null);
            }
          } catch (IOException e) {
            done.setException(e);
          }
        });
    try {
      done.await();
    } finally {
      if (ch.isOpen()) {
        loop.removeWriter(ch);
      }
    }
  }

  static SocketChannel sockAccept(ServerSocketChannel ch) throws IOException {
    checkNonBlocking(ch);
    while (true) {
      SocketChannel c = ch.accept();
      if (c != null) {
        c.configureBlocking(false);
        return c;
      }
      awaitReady(ch, true);
    }
  }

  static int sockRecvInto(SocketChannel ch, ByteBuffer buf) throws IOException {
    checkNonBlocking(ch);
    if (!buf.hasRemaining()) {
      return 0;
    }
    while (true) {
      int n = ch.read(buf);
      if (n != 0) {
        return Math.max(n, 0);
      }
      awaitReady(ch, true);
    }
  }

  static void sockSendall(SocketChannel ch, byte[] data) throws IOException {
    checkNonBlocking(ch);
    ByteBuffer b = ByteBuffer.wrap(data);
    ch.write(b);
    while (b.hasRemaining()) {
      awaitReady(ch, false);
      ch.write(b);
    }
  }

  static SocketAddress sockRecvfromInto(DatagramChannel ch, ByteBuffer buf) throws IOException {
    checkNonBlocking(ch);
    while (true) {
      SocketAddress from = ch.receive(buf);
      if (from != null) {
        return from;
      }
      awaitReady(ch, true);
    }
  }

  static int sockSendto(DatagramChannel ch, byte[] data, SocketAddress to) throws IOException {
    checkNonBlocking(ch);
    Objects.requireNonNull(to, "address");
    ByteBuffer b = ByteBuffer.wrap(data);
    while (true) {
      int n = ch.send(b, to);
      if (n > 0 || data.length == 0) {
        return n;
      }
      awaitReady(ch, false); // the send buffer is full: the datagram was not sent
    }
  }

  static long sockSendfile(SocketChannel ch, FileChannel file, long offset, @Nullable Long count)
      throws IOException {
    checkNonBlocking(ch);
    checkFileRange(offset, count);
    long end = count == null ? Long.MAX_VALUE : offset + count;
    long at = offset;
    try {
      while (at < end) {
        long n = file.transferTo(at, end - at, ch); // sendfile(2) where the JDK can
        if (n > 0) {
          at += n;
        } else if (at >= file.size()) {
          break; // end of file
        } else {
          awaitReady(ch, false);
        }
      }
    } finally {
      file.position(at); // as asyncio seeks the file past what was sent, even when cancelled
    }
    return at - offset;
  }

  /** asyncio's checks of a sendfile's range: a non-negative offset, a positive count or none. */
  static void checkFileRange(long offset, @Nullable Long count) {
    if (offset < 0) {
      throw new IllegalArgumentException(
          "offset must be a non-negative integer (got " + offset + ")");
    }
    if (count != null && count <= 0) {
      throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
    }
  }

  /** Waits once for {@code ch} to be readable (or writable). */
  static void awaitReady(java.nio.channels.SelectableChannel ch, boolean read) {
    EventLoop loop = Asyncio.getRunningLoop();
    Future<Void> ready = loop.createFuture();
    Runnable cb =
        () -> {
          if (!ready.isDone()) {
            ready.setResult(null);
          }
        };
    if (read) {
      loop.addReader(ch, cb);
    } else {
      loop.addWriter(ch, cb);
    }
    try {
      ready.await();
    } finally {
      if (ch.isOpen()) {
        if (read) {
          loop.removeReader(ch);
        } else {
          loop.removeWriter(ch);
        }
      }
    }
  }

  /** Sets TCP_NODELAY, as asyncio does on every TCP transport (not on a Unix socket). */
  static void noDelay(SocketChannel ch) throws IOException {
    if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
  }

  static void checkNonBlocking(java.nio.channels.SelectableChannel ch) {
    if (ch.isBlocking()) {
      throw new IllegalArgumentException(
          ch
              + " is in blocking mode: call configureBlocking(false) first (a blocking call would"
              + " stall every task on the loop)");
    }
  }

  static void close(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // closing after a failure: the failure is what the caller sees
    }
  }
}
