package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair: asyncio's
 * {@code StreamReaderProtocol} with its {@code FlowControlMixin}. For a server, it starts the
 * client-connected handler as a task when the connection is made. Public, as in asyncio, to put
 * streams over a transport of one's own: {@code new StreamWriter(transport, protocol, reader)}.
 */
public final class StreamReaderProtocol implements Protocol {
  private final EventLoop loop;
  private @Nullable StreamReader reader;
  private final Streams.@Nullable ClientConnected clientConnected;
  private final Future<Void> closed;
  private boolean overSsl;

  /* Flow control: writing is paused by the transport; drain() waits in drainWaiters. */
  private boolean writingPaused;
  private boolean connectionLost;
  private final List<Future<Void>> drainWaiters = new ArrayList<>(1);

  /**
   * A protocol feeding {@code reader} (or none: a write-only stream), on the running loop.
   *
   * @param reader the reader to feed, or {@code null}
   */
  public StreamReaderProtocol(@Nullable StreamReader reader) {
    this(io.jasyncio.Asyncio.getRunningLoop(), reader, null);
  }

  StreamReaderProtocol(
      EventLoop loop,
      @Nullable StreamReader reader,
      Streams.@Nullable ClientConnected clientConnected) {
    this.loop = loop;
    this.reader = reader;
    this.clientConnected = clientConnected;
    this.closed = loop.createFuture();
  }

  @Override
  public void connectionMade(Transport t) {
    overSsl = t.getExtraInfo("sslSession") != null;
    StreamReader r = reader;
    if (r != null) {
      r.setTransport(t);
    }
    Streams.ClientConnected cb = clientConnected;
    if (cb != null && r != null) {
      StreamWriter w = new StreamWriter(t, this, r, loop);
      Task<Void> tk = loop.createTask(() -> cb.connected(r, w));
      tk.addDoneCallback(
          done -> {
            if (done.isCancelled()) {
              t.close();
              return;
            }
            Throwable exc = done.exception();
            if (exc != null) {
              loop.callExceptionHandler(
                  new ExceptionContext(
                      "Unhandled exception in client connected handler", exc, null, done, null));
              t.close();
            }
          });
    }
  }

  @Override
  public void connectionLost(@Nullable Throwable exc) {
    StreamReader r = reader;
    if (r != null) {
      if (exc == null) {
        r.feedEof();
      } else {
        r.setException(exc);
      }
    }
    if (!closed.isDone()) {
      if (exc == null) {
        closed.setResult(null);
      } else {
        closed.setException(exc);
        closed.exception(); // retrieved: nobody need await waitClosed() to hear of it
      }
    }
    connectionLost = true;
    for (Future<Void> w : List.copyOf(drainWaiters)) {
      if (!w.isDone()) {
        if (exc == null) {
          w.setResult(null);
        } else {
          w.setException(exc);
        }
      }
    }
    reader = null;
  }

  @Override
  public void dataReceived(byte[] data) {
    StreamReader r = reader;
    if (r != null) {
      r.feedOwned(data); // the transport's array is ours: adopted, not copied
    }
  }

  @Override
  public boolean eofReceived() {
    StreamReader r = reader;
    if (r != null) {
      r.feedEof();
    }
    return !overSsl; // keep a TCP transport open: this side may still write (a half-close)
  }

  @Override
  public void pauseWriting() {
    writingPaused = true;
  }

  @Override
  public void resumeWriting() {
    writingPaused = false;
    for (Future<Void> w : List.copyOf(drainWaiters)) {
      if (!w.isDone()) {
        w.setResult(null);
      }
    }
  }

  /** StreamWriter.drain's wait: returns at once unless the transport paused writing. */
  void drainHelper() throws SocketException {
    if (connectionLost) {
      throw new SocketException("Connection lost");
    }
    if (!writingPaused) {
      return;
    }
    Future<Void> w = loop.createFuture();
    drainWaiters.add(w);
    try {
      w.await();
    } finally {
      drainWaiters.remove(w);
    }
  }

  /** Whether this is a server's connection (it has a client-connected handler). */
  boolean isServerSide() {
    return clientConnected != null;
  }

  /** The connection was upgraded to TLS: the reader reads from {@code t} from now on. */
  void upgraded(Transport t) {
    overSsl = true;
    StreamReader r = reader;
    if (r != null) {
      r.replaceTransport(t);
    }
  }

  Future<Void> closed() {
    return closed;
  }
}
