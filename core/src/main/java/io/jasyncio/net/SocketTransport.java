package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.internal.LoopAccess;
import io.jasyncio.internal.WaterMarks;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A transport over a connected non-blocking {@link SocketChannel}: asyncio's {@code
 * _SelectorSocketTransport}.
 */
final class SocketTransport implements Transport {
  /*
   * Implementation notes.
   *
   * States, from the fields:
   *
   *   OPEN (closing false) --close()--> CLOSING (closing, bytes still buffered)
   *        --buffer drained--> LOST (connLost > 0: connectionLost queued, then called once)
   *   OPEN / CLOSING --abort() or a fatal error--> LOST (the buffer is dropped)
   *
   * While OPEN and not paused, the channel's reader is registered. The writer is registered
   * exactly while `buffer` is not empty. `eof` (writeEof called) is orthogonal: the output is shut
   * down once the buffer is empty.
   *
   * Reads go into one direct buffer per loop thread (READ_SIZE, asyncio's 256 KiB recv size): the
   * loop runs one callback at a time, so no two reads share it at once. Each readiness event reads
   * once, as asyncio does, so one busy connection cannot starve the others.
   */

  static final int READ_SIZE = 256 * 1024;
  static final int HIGH_WATER = WaterMarks.DEFAULT.high();

  /** After this many writes to a lost connection, each further one is logged (asyncio's 5). */
  private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

  private final EventLoop loop;
  private final SocketChannel channel;
  private BaseProtocol protocol;
  private final @Nullable Server server;
  private final @Nullable SocketAddress peer;
  private final @Nullable SocketAddress local;

  private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
  private int bufferSize;
  private boolean closing;
  private boolean eof;
  private boolean paused;
  private boolean protocolPaused;
  private boolean lostCalled;
  private int connLost;
  private WaterMarks marks = WaterMarks.DEFAULT;

  /**
   * Non-null while {@link #sendfile} owns the socket: it waits on it until the write buffer is
   * empty, then writes the file itself; {@link #write} refuses meanwhile.
   */
  private @Nullable Future<Void> sendfileWaiter;

  private final Runnable readReady = this::readReady;
  private final Runnable writeReady = this::writeReady;

  /**
   * Makes the transport; in later callbacks, in this order: the protocol's connectionMade, the
   * first read registration, and {@code waiter}'s result.
   */
  SocketTransport(
      EventLoop loop,
      SocketChannel channel,
      BaseProtocol protocol,
      @Nullable Future<Void> waiter,
      @Nullable Server server) {
    this.loop = loop;
    this.channel = channel;
    this.protocol = protocol;
    this.server = server;
    this.peer = address(channel, true);
    this.local = address(channel, false);
    LoopAccess.get().own(loop, channel, new LoopAccess.Owner(this::leftOpen, this::abortNow));
    if (server != null) {
      server.attach(this);
    }
    loop.callSoon(() -> protocol.connectionMade(this));
    loop.callSoon(
        () -> {
          if (!closing && !paused) {
            loop.addReader(channel, readReady);
          }
        });
    if (waiter != null) {
      loop.callSoon(
          () -> {
            if (!waiter.isDone()) {
              waiter.setResult(null);
            }
          });
    }
  }

  private static @Nullable SocketAddress address(SocketChannel ch, boolean remote) {
    try {
      return remote ? ch.getRemoteAddress() : ch.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  private void readReady() {
    if (connLost > 0) {
      return;
    }
    if (protocol instanceof BufferedProtocol bp) {
      readIntoProtocol(bp);
      return;
    }
    ByteBuffer buf = READ_BUFFER.get();
    buf.clear();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      fatalError(e, "Fatal read error on socket transport");
      return;
    }
    if (n > 0) {
      byte[] data = new byte[n];
      buf.flip();
      buf.get(data);
      try {
        ((Protocol) protocol).dataReceived(data);
      } catch (RuntimeException | Error e) {
        fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
      }
    } else if (n < 0) {
      readEof();
    }
  }

  private void readIntoProtocol(BufferedProtocol bp) {
    ByteBuffer buf;
    int n;
    try {
      buf = bp.getBuffer(-1);
      if (!buf.hasRemaining()) {
        throw new IllegalStateException("getBuffer() returned an empty buffer");
      }
    } catch (RuntimeException | Error e) {
      fatalError(e, "Fatal error: protocol.getBuffer() call failed.");
      return;
    }
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      fatalError(e, "Fatal read error on socket transport");
      return;
    }
    if (n > 0) {
      try {
        bp.bufferUpdated(n);
      } catch (RuntimeException | Error e) {
        fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.");
      }
    } else if (n < 0) {
      readEof();
    }
  }

  private void readEof() {
    loop.removeReader(channel);
    boolean keepOpen;
    try {
      keepOpen = Protocols.eofReceived(protocol);
    } catch (RuntimeException | Error e) {
      fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    if (!keepOpen) {
      close();
    }
  }

  @Override
  public void pauseReading() {
    LoopAccess.get().checkThread(loop, "Transport.pauseReading");
    if (closing || paused) {
      return;
    }
    paused = true;
    loop.removeReader(channel);
  }

  @Override
  public void resumeReading() {
    LoopAccess.get().checkThread(loop, "Transport.resumeReading");
    if (closing || !paused) {
      return;
    }
    paused = false;
    loop.addReader(channel, readReady);
  }

  @Override
  public boolean isReading() {
    return !paused && !closing;
  }

  // ---- writing --------------------------------------------------------------------------------

  @Override
  public void write(byte[] data) {
    write(data, 0, data.length);
  }

  @Override
  public void write(byte[] data, int off, int len) {
    LoopAccess.get().checkThread(loop, "Transport.write");
    Objects.checkFromIndexSize(off, len, data.length);
    if (eof) {
      throw new IllegalStateException("Cannot call write() after writeEof()");
    }
    if (sendfileWaiter != null) {
      throw new IllegalStateException(
          "unable to write; sendfile is in progress: await Net.sendfile() before writing");
    }
    if (len == 0) {
      return;
    }
    if (connLost > 0) {
      if (connLost == LOG_THRESHOLD_FOR_CONNLOST_WRITES) { // once, where asyncio logs every time
        System.getLogger("io.jasyncio")
            .log(
                System.Logger.Level.WARNING,
                "writes to a lost connection are dropped (drain() raises why): " + this);
      }
      connLost++;
      return;
    }
    if (buffer.isEmpty()) {
      ByteBuffer b = ByteBuffer.wrap(data, off, len);
      try {
        channel.write(b); // try at once; buffer only what the kernel did not take
      } catch (IOException e) {
        fatalError(e, "Fatal write error on socket transport");
        return;
      }
      if (!b.hasRemaining()) {
        return;
      }
      loop.addWriter(channel, writeReady);
      append(b.array(), b.position(), b.remaining());
    } else {
      append(data, off, len);
    }
    maybePauseProtocol();
  }

  private void append(byte[] data, int off, int len) {
    byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len); // the caller may reuse data
    buffer.add(ByteBuffer.wrap(copy));
    bufferSize += len;
  }

  private void writeReady() {
    if (connLost > 0) {
      return;
    }
    try {
      long n = channel.write(buffer.toArray(ByteBuffer[]::new));
      bufferSize -= (int) n;
    } catch (IOException e) {
      loop.removeWriter(channel);
      buffer.clear();
      bufferSize = 0;
      fatalError(e, "Fatal write error on socket transport");
      return;
    }
    while (!buffer.isEmpty() && !buffer.peekFirst().hasRemaining()) {
      buffer.pollFirst();
    }
    maybeResumeProtocol();
    if (buffer.isEmpty()) {
      loop.removeWriter(channel);
      Future<Void> w = sendfileWaiter;
      if (w != null && !w.isDone()) {
        w.setResult(null);
      }
      if (closing) {
        callConnectionLost(null);
      } else if (eof) {
        shutdownOutput();
      }
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      fatalError(e, "Fatal error on socket transport: shutdownOutput failed");
    }
  }

  @Override
  public void writeEof() {
    LoopAccess.get().checkThread(loop, "Transport.writeEof");
    if (closing || eof) {
      return;
    }
    eof = true;
    if (buffer.isEmpty()) {
      shutdownOutput();
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  private void maybePauseProtocol() {
    if (bufferSize <= marks.high() || protocolPaused) {
      return;
    }
    protocolPaused = true;
    try {
      protocol.pauseWriting();
    } catch (RuntimeException | Error e) {
      report("protocol.pauseWriting() failed", e);
    }
  }

  private void maybeResumeProtocol() {
    if (protocolPaused && bufferSize <= marks.low()) {
      protocolPaused = false;
      try {
        protocol.resumeWriting();
      } catch (RuntimeException | Error e) {
        report("protocol.resumeWriting() failed", e);
      }
    }
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    LoopAccess.get().checkThread(loop, "Transport.setWriteBufferLimits");
    marks = WaterMarks.of(high, low);
    maybePauseProtocol();
  }

  @Override
  public int getWriteBufferSize() {
    return bufferSize;
  }

  @Override
  public int getWriteBufferLowLimit() {
    return marks.low();
  }

  @Override
  public int getWriteBufferHighLimit() {
    return marks.high();
  }

  /**
   * {@link Net#sendfile}'s native path: stops reading, waits until what was written before is sent,
   * sends the file with {@code sendfile(2)} on this transport's socket, and resumes reading if it
   * was reading. {@link #write} throws meanwhile.
   */
  long sendfile(java.nio.channels.FileChannel file, long offset, @Nullable Long count)
      throws IOException {
    LoopAccess.get().checkThread(loop, "Net.sendfile");
    if (sendfileWaiter != null) {
      throw new IllegalStateException("sendfile is in progress on " + this + " already");
    }
    boolean resume = isReading();
    pauseReading();
    Future<Void> empty = loop.createFuture();
    sendfileWaiter = empty;
    if (buffer.isEmpty()) {
      empty.setResult(null);
    }
    try {
      empty.await();
      return Sockets.sockSendfile(channel, file, offset, count);
    } finally {
      sendfileWaiter = null;
      if (resume && !closing) {
        resumeReading();
      }
    }
  }

  // ---- closing --------------------------------------------------------------------------------

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public void close() {
    LoopAccess.get().checkThread(loop, "Transport.close");
    if (closing) {
      return;
    }
    closing = true;
    loop.removeReader(channel);
    if (buffer.isEmpty()) {
      connLost++;
      loop.removeWriter(channel);
      loop.callSoon(() -> callConnectionLost(null));
    }
  }

  @Override
  public void abort() {
    LoopAccess.get().checkThread(loop, "Transport.abort");
    forceClose(null);
  }

  private void fatalError(Throwable exc, String message) {
    if (!(exc instanceof IOException)) { // a broken connection is the protocol's news, not a bug
      report(message, exc);
    }
    forceClose(exc);
  }

  private void report(String message, Throwable exc) {
    loop.callExceptionHandler(
        new ExceptionContext(message + " (" + this + ")", exc, null, null, null));
  }

  private void forceClose(@Nullable Throwable exc) {
    if (connLost > 0) {
      return;
    }
    if (!buffer.isEmpty()) {
      buffer.clear();
      bufferSize = 0;
      loop.removeWriter(channel);
    }
    if (!closing) {
      closing = true;
      loop.removeReader(channel);
    }
    connLost++;
    Future<Void> w = sendfileWaiter;
    if (w != null && !w.isDone()) {
      w.setException(exc != null ? exc : new IOException("the connection was lost"));
    }
    loop.callSoon(() -> callConnectionLost(exc));
  }

  private void callConnectionLost(@Nullable Throwable exc) {
    if (lostCalled) {
      return;
    }
    lostCalled = true;
    connLost = Math.max(connLost, 1);
    try {
      protocol.connectionLost(exc);
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        // closing a socket only fails if it is closed already
      }
      if (server != null) {
        server.detach(this);
      }
    }
  }

  /** At loop close: what to report, if closing the channel now loses something. */
  private @Nullable String leftOpen() {
    if (!closing) {
      return "unclosed " + this;
    }
    return bufferSize > 0 ? this + " closed with " + bufferSize + " bytes still unsent" : null;
  }

  /** At loop close: closes the channel now (no callback will run any more). */
  private void abortNow() {
    closing = true;
    connLost = Math.max(connLost, 1);
    buffer.clear();
    bufferSize = 0;
    try {
      channel.close();
    } catch (IOException e) {
      // closing a socket only fails if it is closed already
    }
  }

  // ---- information ----------------------------------------------------------------------------

  @Override
  public @Nullable Object getExtraInfo(String name) {
    return switch (name) {
      case "peername" -> peer;
      case "sockname" -> local;
      case "socket" -> channel;
      default -> null;
    };
  }

  @Override
  public BaseProtocol getProtocol() {
    return protocol;
  }

  @Override
  public void setProtocol(BaseProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public String toString() {
    String state = connLost > 0 ? " closed" : closing ? " closing" : "";
    return "<SocketTransport" + state + " " + local + " -> " + peer + ">";
  }
}
