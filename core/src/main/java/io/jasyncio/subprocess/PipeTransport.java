package io.jasyncio.subprocess;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.WaterMarks;
import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A transport over one of a child process's pipes. {@link Process}'s pipes are blocking streams,
 * not selectable channels, so each read or write is a job on another thread ({@link
 * EventLoop#runInExecutor}), one at a time per pipe, whose outcome comes back to the loop; like
 * every such job, it holds a virtual clock while it runs (time does not pass a child still
 * talking).
 */
abstract class PipeTransport implements Transport {
  /**
   * Where pipe jobs run: a virtual thread each, not the loop's default executor, so that a read a
   * grandchild keeps blocked does not hold {@code shutdownDefaultExecutor} (and so the end of
   * {@code Asyncio.run}).
   */
  static final java.util.concurrent.Executor PIPES =
      r -> Thread.ofVirtual().name("jasyncio-pipe").start(r);

  final EventLoop loop;
  BaseProtocol protocol;
  boolean closing;
  private boolean lostCalled;
  final Subprocess owner;
  final String name;

  PipeTransport(EventLoop loop, BaseProtocol protocol, Subprocess owner, String name) {
    this.loop = loop;
    this.protocol = protocol;
    this.owner = owner;
    this.name = name;
    loop.callSoon(() -> protocol.connectionMade(this));
  }

  final void connectionLost(@Nullable Throwable exc) {
    if (lostCalled) {
      return;
    }
    lostCalled = true;
    closing = true;
    try {
      protocol.connectionLost(exc);
    } finally {
      owner.pipeLost(this);
    }
  }

  boolean isLost() {
    return lostCalled;
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public @Nullable Object getExtraInfo(String name) {
    return "pipe".equals(name) ? this.name : null;
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
    return "<" + getClass().getSimpleName() + " " + name + (closing ? " closing" : "") + ">";
  }

  /** The child's stdout or stderr: reads 64 KiB at a time into a {@link Protocol}. */
  static final class Read extends PipeTransport {
    private final InputStream in;
    private boolean paused;
    private boolean reading;

    Read(EventLoop loop, Protocol protocol, Subprocess owner, String name, InputStream in) {
      super(loop, protocol, owner, name);
      this.in = in;
      loop.callSoon(this::readNext);
    }

    private void readNext() {
      if (paused || closing || reading) {
        return;
      }
      reading = true;
      byte[] buf = new byte[64 * 1024];
      Future<Integer> f = loop.runInExecutor(PIPES, () -> in.read(buf));
      f.addDoneCallback(
          done -> {
            reading = false;
            if (closing) {
              return;
            }
            Throwable exc = done.exception();
            if (exc != null) {
              closeStream();
              connectionLost(exc);
              return;
            }
            int n = done.result();
            if (n < 0) { // a pipe ends with its EOF, whatever eofReceived says (as asyncio)
              ((Protocol) protocol).eofReceived();
              closeStream();
              connectionLost(null);
              return;
            }
            if (n > 0) {
              ((Protocol) protocol).dataReceived(Arrays.copyOf(buf, n));
            }
            readNext();
          });
    }

    private void closeStream() {
      try {
        in.close();
      } catch (IOException e) {
        // closing a pipe we stopped reading
      }
    }

    @Override
    public void pauseReading() {
      paused = true;
    }

    @Override
    public void resumeReading() {
      if (paused) {
        paused = false;
        readNext();
      }
    }

    @Override
    public boolean isReading() {
      return !paused && !closing;
    }

    @Override
    public void close() {
      if (closing) {
        return;
      }
      closing = true;
      closeStream(); // a read in flight ends with an error or EOF, ignored now
      loop.callSoon(() -> connectionLost(null));
    }

    @Override
    public void abort() {
      close();
    }

    @Override
    public void write(byte[] data) {
      throw new UnsupportedOperationException(name + " is a read pipe");
    }

    @Override
    public void write(byte[] data, int off, int len) {
      throw new UnsupportedOperationException(name + " is a read pipe");
    }

    @Override
    public void writeEof() {
      throw new UnsupportedOperationException(name + " is a read pipe");
    }

    @Override
    public boolean canWriteEof() {
      return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      throw new UnsupportedOperationException(name + " is a read pipe");
    }

    @Override
    public int getWriteBufferSize() {
      return 0;
    }

    @Override
    public int getWriteBufferLowLimit() {
      return 0;
    }

    @Override
    public int getWriteBufferHighLimit() {
      return 0;
    }
  }

  /** The child's stdin: writes in order, one job at a time, with asyncio's write flow control. */
  static final class Write extends PipeTransport {
    private final OutputStream out;
    private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
    private int bufferSize;
    private boolean writing;
    private boolean eof;
    private boolean protocolPaused;
    private WaterMarks marks = WaterMarks.DEFAULT;

    Write(EventLoop loop, BaseProtocol protocol, Subprocess owner, OutputStream out) {
      super(loop, protocol, owner, "stdin");
      this.out = out;
    }

    @Override
    public void write(byte[] data) {
      write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int off, int len) {
      Objects.checkFromIndexSize(off, len, data.length);
      if (eof) {
        throw new IllegalStateException("Cannot call write() after writeEof()");
      }
      if (len == 0 || isLost()) {
        return;
      }
      buffer.add(Arrays.copyOfRange(data, off, off + len));
      bufferSize += len;
      if (bufferSize > marks.high() && !protocolPaused) {
        protocolPaused = true;
        protocol.pauseWriting();
      }
      writeNext();
    }

    private void writeNext() {
      if (writing || isLost()) {
        return;
      }
      byte[] chunk = buffer.poll();
      if (chunk == null) {
        if (eof || closing) {
          writing = true;
          loop.runInExecutor(
                  PIPES,
                  () -> {
                    out.close();
                    return null;
                  })
              .addDoneCallback(done -> connectionLost(done.exception()));
        }
        return;
      }
      writing = true;
      loop.runInExecutor(
              PIPES,
              () -> {
                out.write(chunk);
                out.flush();
                return null;
              })
          .addDoneCallback(
              done -> {
                writing = false;
                bufferSize -= chunk.length;
                Throwable exc = done.exception();
                if (exc != null) { // the child closed its stdin or exited: a broken pipe
                  buffer.clear();
                  bufferSize = 0;
                  try {
                    out.close();
                  } catch (IOException ignored) {
                    // broken already
                  }
                  connectionLost(exc);
                  return;
                }
                if (protocolPaused && bufferSize <= marks.low()) {
                  protocolPaused = false;
                  protocol.resumeWriting();
                }
                writeNext();
              });
    }

    @Override
    public void writeEof() {
      if (eof || closing) {
        return;
      }
      eof = true;
      writeNext();
    }

    @Override
    public boolean canWriteEof() {
      return true;
    }

    @Override
    public void close() {
      if (closing) {
        return;
      }
      closing = true;
      writeNext();
    }

    @Override
    public void abort() {
      buffer.clear();
      bufferSize = 0;
      close();
    }

    @Override
    public void pauseReading() {
      throw new UnsupportedOperationException("stdin is a write pipe");
    }

    @Override
    public void resumeReading() {
      throw new UnsupportedOperationException("stdin is a write pipe");
    }

    @Override
    public boolean isReading() {
      return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      marks = WaterMarks.of(high, low);
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
  }
}
