package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.LoopAccess;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * TLS between a transport carrying ciphertext and an application protocol seeing plaintext, on an
 * {@link SSLEngine}: asyncio's {@code SSLProtocol} and its {@code _SSLProtocolTransport} ({@link
 * #appTransport()}).
 */
final class SslProtocol implements Protocol {
  /*
   * Implementation notes.
   *
   * States (asyncio's SSLProtocolState):
   *
   *   UNWRAPPED --connectionMade--> DO_HANDSHAKE --handshake done--> WRAPPED
   *   WRAPPED --app close(), or the peer's close_notify--> FLUSHING --buffers flushed--> SHUTDOWN
   *   SHUTDOWN --close_notify sent, and the peer's received--> the raw transport closes
   *   any --connectionLost, abort, a fatal error--> UNWRAPPED (final here)
   *
   * The handshake has a deadline (handshakeTimeout, asyncio's 60 s) and so does the shutdown
   * (shutdownTimeout, 30 s): no wait here is unbounded. The JDK's TLS 1.3 does not answer a
   * close_notify by itself, so on the peer's close_notify this side sends its own (both ways).
   * Post-handshake messages (TLS 1.3 session tickets, key updates) come through unwrap as
   * NEED_TASK / NEED_WRAP and are served where application data is read.
   *
   * Buffers: `netIn` accumulates ciphertext (write mode between calls); `appIn` receives one
   * unwrap's plaintext; `netOut` one wrap's records. All are sized from the session and grown on
   * overflow. Plaintext is wrapped at most 16 KiB per record (the engine's record size).
   */
  enum State {
    UNWRAPPED,
    DO_HANDSHAKE,
    WRAPPED,
    FLUSHING,
    SHUTDOWN
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final EventLoop loop;
  private final SSLEngine engine;
  private BaseProtocol app;
  private final @Nullable Future<Void> waiter;
  private final double handshakeTimeout;
  private final double shutdownTimeout;
  private final App appTransport = new App();
  private @Nullable Transport raw;
  private State state = State.UNWRAPPED;
  private boolean appConnected;
  private final boolean callConnectionMade;
  private boolean peerClosed;
  private boolean appReadingPaused;
  private boolean appClosed;
  private int connLost;

  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
  private int backlogSize;
  private @Nullable TimerHandle handshakeTimer;

  /**
   * Whether this handshake holds a virtual clock softly (from the timer's arming until the
   * handshake ends, however): its peer may be real work on another thread or process, which the
   * loop's 1-ms quiet look before a jump cannot wait for.
   */
  private boolean holdsClock;

  private @Nullable TimerHandle shutdownTimer;

  SslProtocol(
      EventLoop loop,
      SSLEngine engine,
      BaseProtocol app,
      @Nullable Future<Void> waiter,
      double handshakeTimeout,
      double shutdownTimeout,
      boolean callConnectionMade) {
    this.loop = loop;
    this.engine = engine;
    this.app = app;
    this.waiter = waiter;
    this.handshakeTimeout = handshakeTimeout;
    this.shutdownTimeout = shutdownTimeout;
    this.callConnectionMade = callConnectionMade;
    SSLSession s = engine.getSession();
    this.netIn = ByteBuffer.allocate(s.getPacketBufferSize());
    this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
    this.netOut = ByteBuffer.allocate(s.getPacketBufferSize());
  }

  /** The transport the application protocol writes plaintext to. */
  Transport appTransport() {
    return appTransport;
  }

  // ---- the raw side ---------------------------------------------------------------------------

  @Override
  public void connectionMade(Transport transport) {
    raw = transport;
    state = State.DO_HANDSHAKE;
    handshakeTimer =
        loop.callLater(
            handshakeTimeout,
            () -> {
              if (state == State.DO_HANDSHAKE) {
                onHandshakeComplete(
                    new TimeoutException(
                        "SSL handshake is taking longer than "
                            + handshakeTimeout
                            + " seconds: aborting the connection"));
              }
            });
    holdsClock = true;
    LoopAccess.get().holdClockSoftly(loop);
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      onHandshakeComplete(e);
      return;
    }
    doHandshake();
  }

  @Override
  public void dataReceived(byte[] data) {
    if (netIn.remaining() < data.length) {
      ByteBuffer grown =
          ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.length));
      netIn.flip();
      grown.put(netIn);
      netIn = grown;
    }
    netIn.put(data);
    switch (state) {
      case DO_HANDSHAKE -> doHandshake();
      case WRAPPED -> doRead();
      case FLUSHING, SHUTDOWN -> doShutdown();
      case UNWRAPPED -> {}
    }
  }

  @Override
  public boolean eofReceived() {
    // the raw stream ended without a close_notify (or after one)
    if (state == State.DO_HANDSHAKE) {
      onHandshakeComplete(new SocketException("Connection reset: EOF during the TLS handshake"));
      return false;
    }
    if (state == State.WRAPPED && !peerClosed) {
      callAppEofReceived();
    }
    return false; // the raw transport closes; connectionLost follows
  }

  @Override
  public void connectionLost(@Nullable Throwable exc) {
    cancelTimers();
    backlog.clear();
    backlogSize = 0;
    State was = state;
    state = State.UNWRAPPED;
    appClosed = true;
    if (appConnected) {
      appConnected = false;
      app.connectionLost(exc);
    } else if (was == State.DO_HANDSHAKE || was == State.UNWRAPPED) {
      wakeupWaiter(exc != null ? exc : new SocketException("Connection lost during TLS handshake"));
    }
  }

  @Override
  public void pauseWriting() {
    app.pauseWriting();
  }

  @Override
  public void resumeWriting() {
    app.resumeWriting();
  }

  // ---- handshake ------------------------------------------------------------------------------

  private void doHandshake() {
    try {
      while (true) {
        HandshakeStatus hs = engine.getHandshakeStatus();
        switch (hs) {
          case NEED_TASK -> runTasks();
          case NEED_WRAP -> {
            if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.CLOSED) {
              throw new SSLException("the TLS engine closed during the handshake");
            }
          }
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            SSLEngineResult r = unwrap();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
              return; // wait for more ciphertext
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
              throw new SSLException("the peer closed the connection during the TLS handshake");
            }
          }
          case FINISHED, NOT_HANDSHAKING -> {
            onHandshakeComplete(null);
            return;
          }
        }
      }
    } catch (SSLException | RuntimeException e) {
      onHandshakeComplete(e);
    }
  }

  private void releaseClock() {
    if (holdsClock) {
      holdsClock = false;
      LoopAccess.get().releaseClockSoftly(loop);
    }
  }

  private void onHandshakeComplete(@Nullable Throwable exc) {
    releaseClock();
    TimerHandle t = handshakeTimer;
    if (t != null) {
      t.cancel();
      handshakeTimer = null;
    }
    if (exc != null) {
      state = State.UNWRAPPED;
      wakeupWaiter(exc);
      Transport r = raw;
      if (r != null) {
        r.abort();
      }
      return;
    }
    state = State.WRAPPED;
    if (callConnectionMade) {
      appConnected = true;
      app.connectionMade(appTransport);
    } else {
      appConnected = true;
    }
    wakeupWaiter(null);
    doWrite();
    doRead(); // data that came with the last handshake message
  }

  private void wakeupWaiter(@Nullable Throwable exc) {
    Future<Void> w = waiter;
    if (w == null || w.isDone()) {
      return;
    }
    if (exc == null) {
      w.setResult(null);
    } else {
      w.setException(exc);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // CPU work (key exchange): on the loop thread, as asyncio's ssl module does
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  private SSLEngineResult unwrap() throws SSLException {
    netIn.flip();
    try {
      while (true) {
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
          continue;
        }
        return r;
      }
    } finally {
      netIn.compact();
    }
  }

  private static ByteBuffer grow(ByteBuffer b, int atLeast) {
    ByteBuffer g = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
    b.flip();
    g.put(b);
    return g;
  }

  private void doRead() {
    if (state != State.WRAPPED && state != State.FLUSHING) {
      return;
    }
    try {
      while (!appReadingPaused) {
        SSLEngineResult r = unwrap();
        deliverPlaintext();
        serveHandshakeMessages();
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          if (!peerClosed) {
            peerClosed = true; // the peer's close_notify: EOF, then our own close_notify
            callAppEofReceived();
            startShutdown();
          }
          return;
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
            || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
          return;
        }
      }
    } catch (SSLException | RuntimeException e) {
      fatalError(e, "Fatal error on SSL protocol (reading)");
    }
  }

  private void deliverPlaintext() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    byte[] data = new byte[appIn.remaining()];
    appIn.get(data);
    appIn.clear();
    if (!appConnected) {
      return;
    }
    Protocols.deliver(app, data);
  }

  /** After an unwrap: a post-handshake message may need a task run or a reply wrapped. */
  private void serveHandshakeMessages() throws SSLException {
    while (true) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runTasks();
      } else if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
        wrap(EMPTY);
      } else {
        return;
      }
    }
  }

  private void callAppEofReceived() {
    if (!appConnected) {
      return;
    }
    try {
      if (Protocols.eofReceived(app)) {
        System.getLogger("io.jasyncio")
            .log(
                System.Logger.Level.WARNING,
                "returning true from eofReceived() has no effect when using TLS");
      }
    } catch (RuntimeException e) {
      fatalError(e, "Error calling eofReceived()");
    }
  }

  // ---- writing --------------------------------------------------------------------------------

  /**
   * Wraps {@code src} (all of it, record by record) and writes the records to the raw transport.
   */
  private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
    SSLEngineResult r;
    do {
      r = engine.wrap(src, netOut);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        continue;
      }
      flushOut();
    } while (src.hasRemaining() && r.getStatus() == SSLEngineResult.Status.OK);
    return r;
  }

  private void flushOut() {
    if (netOut.position() == 0) {
      return;
    }
    netOut.flip();
    byte[] records = new byte[netOut.remaining()];
    netOut.get(records);
    netOut.clear();
    Transport r = raw;
    if (r != null && !r.isClosing()) {
      r.write(records);
    }
  }

  private void doWrite() {
    if (state != State.WRAPPED && state != State.FLUSHING) {
      return;
    }
    try {
      ByteBuffer b;
      while ((b = backlog.poll()) != null) {
        int n = b.remaining();
        wrap(b);
        backlogSize -= n;
      }
    } catch (SSLException | RuntimeException e) {
      fatalError(e, "Fatal error on SSL protocol (writing)");
    }
  }

  // ---- closing --------------------------------------------------------------------------------

  private void startShutdown() {
    if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
      return;
    }
    appClosed = true;
    if (state == State.DO_HANDSHAKE) {
      abort(null);
      return;
    }
    state = State.FLUSHING;
    shutdownTimer =
        loop.callLater(
            shutdownTimeout,
            () -> {
              if (state == State.FLUSHING || state == State.SHUTDOWN) {
                abort(new TimeoutException("SSL shutdown timed out"));
              }
            });
    doWrite(); // what the application wrote before close() goes first
    state = State.SHUTDOWN;
    doShutdown();
  }

  private void doShutdown() {
    try {
      if (!engine.isOutboundDone()) {
        engine.closeOutbound();
        wrap(EMPTY); // our close_notify
      }
      if (!peerClosed && !engine.isInboundDone()) {
        SSLEngineResult r = unwrap(); // wait for theirs (bounded by the shutdown timer)
        appIn.clear(); // application data after close() is dropped, as asyncio does
        if (r.getStatus() != SSLEngineResult.Status.CLOSED) {
          return;
        }
        peerClosed = true;
      }
      onShutdownComplete(null);
    } catch (SSLException | RuntimeException e) {
      onShutdownComplete(e);
    }
  }

  private void onShutdownComplete(@Nullable Throwable exc) {
    TimerHandle t = shutdownTimer;
    if (t != null) {
      t.cancel();
      shutdownTimer = null;
    }
    if (exc != null) {
      fatalError(exc, "Fatal error on SSL shutdown");
      return;
    }
    Transport r = raw;
    if (r != null) {
      loop.callSoon(r::close);
    }
  }

  private void abort(@Nullable Throwable exc) {
    state = State.UNWRAPPED;
    Transport r = raw;
    if (r != null) {
      if (exc != null && appConnected) {
        appConnected = false;
        app.connectionLost(exc);
      }
      r.abort();
    }
  }

  private void fatalError(Throwable exc, String message) {
    if (!(exc instanceof java.io.IOException)) {
      loop.callExceptionHandler(new ExceptionContext(message, exc, null, null, null));
    }
    abort(exc);
  }

  private void cancelTimers() {
    releaseClock();
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    if (shutdownTimer != null) {
      shutdownTimer.cancel();
      shutdownTimer = null;
    }
  }

  // ---- the application's transport ------------------------------------------------------------

  /** The plaintext side: asyncio's {@code _SSLProtocolTransport}. */
  private final class App implements Transport {
    @Override
    public void write(byte[] data) {
      write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int off, int len) {
      LoopAccess.get().checkThread(loop, "Transport.write");
      Objects.checkFromIndexSize(off, len, data.length);
      if (len == 0) {
        return;
      }
      if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
        if (connLost >= 5) {
          System.getLogger("io.jasyncio")
              .log(System.Logger.Level.WARNING, "SSL connection is closed");
        }
        connLost++;
        return;
      }
      backlog.add(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + len)));
      backlogSize += len;
      if (state == State.WRAPPED) {
        doWrite();
      }
    }

    @Override
    public void writeEof() {
      LoopAccess.get().checkThread(loop, "Transport.writeEof");
      throw new UnsupportedOperationException(
          "TLS has no half-close: writeEof() is not available over TLS (close() instead)");
    }

    @Override
    public boolean canWriteEof() {
      return false;
    }

    @Override
    public void close() {
      LoopAccess.get().checkThread(loop, "Transport.close");
      if (appClosed) {
        return;
      }
      appClosed = true;
      startShutdown();
    }

    @Override
    public void abort() {
      LoopAccess.get().checkThread(loop, "Transport.abort");
      appClosed = true;
      SslProtocol.this.abort(null);
    }

    @Override
    public boolean isClosing() {
      return appClosed;
    }

    @Override
    public void pauseReading() {
      LoopAccess.get().checkThread(loop, "Transport.pauseReading");
      appReadingPaused = true;
      Transport r = raw;
      if (r != null) {
        r.pauseReading();
      }
    }

    @Override
    public void resumeReading() {
      LoopAccess.get().checkThread(loop, "Transport.resumeReading");
      if (!appReadingPaused) {
        return;
      }
      appReadingPaused = false;
      Transport r = raw;
      if (r != null) {
        r.resumeReading();
      }
      loop.callSoon(SslProtocol.this::doRead); // plaintext still in netIn
    }

    @Override
    public boolean isReading() {
      return !appReadingPaused && !appClosed;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      Objects.requireNonNull(raw, "not connected").setWriteBufferLimits(high, low);
    }

    @Override
    public int getWriteBufferSize() {
      Transport r = raw;
      return backlogSize + (r == null ? 0 : r.getWriteBufferSize());
    }

    @Override
    public int getWriteBufferLowLimit() {
      Transport r = raw;
      return r == null ? 0 : r.getWriteBufferLowLimit();
    }

    @Override
    public int getWriteBufferHighLimit() {
      Transport r = raw;
      return r == null ? 0 : r.getWriteBufferHighLimit();
    }

    @Override
    public @Nullable Object getExtraInfo(String name) {
      return switch (name) {
        case "sslSession" -> engine.getSession();
        case "sslEngine" -> engine;
        case "cipher" -> engine.getSession().getCipherSuite();
        case "peercert" -> {
          try {
            yield engine.getSession().getPeerCertificates();
          } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            yield null;
          }
        }
        default -> {
          Transport r = raw;
          yield r == null ? null : r.getExtraInfo(name);
        }
      };
    }

    @Override
    public BaseProtocol getProtocol() {
      return app;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
      app = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
      return "<SslTransport " + state + " over " + raw + ">";
    }
  }
}
