package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * {@link Net#sendfile}: a file over a transport. A plain TCP transport sends it natively ({@link
 * SocketTransport#sendfile}: {@code sendfile(2)}, no copy through the heap); any other (TLS,
 * in-memory, pipes) takes the fallback below, as asyncio's {@code loop.sendfile} does.
 *
 * <p>The fallback reads the file in blocks on a worker thread ({@link Asyncio#toThread}: a file
 * read may block) and writes each to the transport, waiting while its buffer is above the
 * high-water mark. Meanwhile it stands in for the transport's protocol (asyncio's {@code
 * _SendfileFallbackProtocol}): reading is paused, the protocol's {@code pauseWriting} and {@code
 * resumeWriting} come here, and a lost connection goes on to the protocol; at the end the protocol
 * is put back, reading resumed if it was on, and {@code resumeWriting} passed on if the protocol
 * was paused when it started. Package-private: {@link Net} is the API.
 */
final class Sendfile {
  private Sendfile() {}

  /** The fallback's block: asyncio reads 16 KiB; larger blocks cost fewer thread hops. */
  static final int BLOCK = 65536;

  static long sendfile(Transport t, FileChannel file, long offset, @Nullable Long count)
      throws IOException {
    Sockets.checkFileRange(offset, count);
    if (t.isClosing()) {
      throw new IllegalStateException("Transport is closing: " + t);
    }
    if (t instanceof SocketTransport st) {
      return st.sendfile(file, offset, count);
    }
    return fallback(t, file, offset, count);
  }

  private static long fallback(Transport t, FileChannel file, long offset, @Nullable Long count)
      throws IOException {
    Stand stand = new Stand(t);
    long sent = 0;
    try {
      ByteBuffer buf = ByteBuffer.allocate(count == null ? BLOCK : (int) Math.min(count, BLOCK));
      while (count == null || sent < count) {
        buf.clear();
        if (count != null) {
          buf.limit((int) Math.min(buf.capacity(), count - sent));
        }
        long at = offset + sent;
        int n = Asyncio.toThread(() -> file.read(buf, at));
        if (n <= 0) {
          break; // end of file
        }
        stand.drain();
        t.write(buf.array(), 0, n);
        sent += n;
      }
      return sent;
    } finally {
      if (sent > 0) {
        file.position(offset + sent);
      }
      stand.restore();
    }
  }

  /**
   * The protocol the fallback puts on the transport. State, loop thread only: {@code writable} is
   * null while the transport takes writes, or a future that {@code resumeWriting} (or the lost
   * connection) completes.
   */
  private static final class Stand implements Protocol {
    private final Transport t;
    private final EventLoop loop;
    private final BaseProtocol original;
    private final boolean resumeReading;
    private final boolean resumeWriting;
    private @Nullable Future<Void> writable;

    Stand(Transport t) {
      this.t = t;
      this.original = t.getProtocol();
      this.resumeReading = t.isReading();
      this.resumeWriting = t.getWriteBufferSize() > t.getWriteBufferHighLimit();
      t.pauseReading(); // first: it refuses a foreign thread before anything changes
      this.loop = Asyncio.getRunningLoop();
      t.setProtocol(this);
      if (resumeWriting) {
        writable = loop.createFuture();
      }
    }

    /** Waits while the transport is above its high-water mark. */
    void drain() throws IOException {
      if (t.isClosing()) {
        throw new IOException("Connection closed by peer: " + t);
      }
      Future<Void> w = writable;
      if (w != null) {
        w.await();
      }
    }

    void restore() {
      t.setProtocol(original);
      if (resumeReading && !t.isClosing()) {
        t.resumeReading();
      }
      Future<Void> w = writable;
      if (w != null) {
        w.cancel();
      }
      if (resumeWriting) {
        original.resumeWriting();
      }
    }

    @Override
    public void connectionMade(Transport transport) {
      throw new IllegalStateException(
          "Invalid state: connection should have been established already.");
    }

    @Override
    public void connectionLost(@Nullable Throwable exc) {
      Future<Void> w = writable;
      if (w != null && !w.isDone()) {
        w.setException(exc != null ? exc : new IOException("Connection is closed by peer"));
      }
      original.connectionLost(exc);
    }

    @Override
    public void pauseWriting() {
      if (writable == null) {
        writable = loop.createFuture();
      }
    }

    @Override
    public void resumeWriting() {
      Future<Void> w = writable;
      if (w != null) {
        w.setResult(null);
        writable = null;
      }
    }

    @Override
    public void dataReceived(byte[] data) {
      throw new IllegalStateException("Invalid state: reading should be paused");
    }

    @Override
    public boolean eofReceived() {
      throw new IllegalStateException("Invalid state: reading should be paused");
    }
  }
}
