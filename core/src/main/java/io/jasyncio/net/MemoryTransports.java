package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.LoopAccess;
import io.jasyncio.internal.WaterMarks;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connected transports in memory, for exact tests: no sockets, no real time. Each delivery is a
 * loop callback ({@code callSoon}), so a test on virtual time is exact, and {@code @Explore}
 * reorders the task steps around deliveries. A {@link Link} injects faults: writes delivered in
 * small pieces, a reset or an end of stream after a chosen number of bytes.
 *
 * <pre>{@code
 * Streams.Connection[] ends = MemoryTransports.streams(Link.perfect().withMaxChunk(1));
 * ends[0].writer().write("hello\n");
 * byte[] line = ends[1].reader().readline();   // delivered one byte per iteration
 * }</pre>
 */
public final class MemoryTransports {
  private MemoryTransports() {}

  /**
   * How bytes travel from one end to the other (the same both ways).
   *
   * @param maxChunk the most bytes one delivery hands over (a write arrives in pieces: partial
   *     reads); {@link Integer#MAX_VALUE} for whole writes
   * @param resetAfter after this many bytes have crossed in one direction, the connection resets:
   *     both ends lose it with a {@link SocketException}; -1 for never
   * @param eofAfter after this many bytes in one direction, the receiver sees the end of the stream
   *     and the rest is dropped; -1 for never
   * @param lockstep no buffering between the ends (Trio's {@code lockstep_stream_pair}): bytes move
   *     to a {@link #streams} end only while its reader waits for data, and until they have moved
   *     they stay in the sender's write buffer, whose water marks are 0, so the sender's {@code
   *     drain()} returns only once the peer's reads have taken in every byte written. A plain
   *     protocol end ({@link #pair}) always waits: there, only the marks change
   */
  public record Link(int maxChunk, long resetAfter, long eofAfter, boolean lockstep) {
    public Link {
      if (maxChunk < 1) {
        throw new IllegalArgumentException("maxChunk must be at least 1, got " + maxChunk);
      }
      if (resetAfter < -1 || eofAfter < -1) {
        throw new IllegalArgumentException("resetAfter and eofAfter must be >= 0, or -1 (never)");
      }
    }

    /** As the canonical constructor, not in lockstep. */
    public Link(int maxChunk, long resetAfter, long eofAfter) {
      this(maxChunk, resetAfter, eofAfter, false);
    }

    /** Whole writes, no faults. */
    public static Link perfect() {
      return new Link(Integer.MAX_VALUE, -1, -1);
    }

    public Link withMaxChunk(int n) {
      return new Link(n, resetAfter, eofAfter, lockstep);
    }

    public Link withResetAfter(long bytes) {
      return new Link(maxChunk, bytes, eofAfter, lockstep);
    }

    public Link withEofAfter(long bytes) {
      return new Link(maxChunk, resetAfter, bytes, lockstep);
    }

    /** This link in lockstep: see {@link Link}. */
    public Link withLockstep() {
      return new Link(maxChunk, resetAfter, eofAfter, true);
    }
  }

  /**
   * Two transports connected to each other, feeding {@code a} and {@code b}; each protocol's {@code
   * connectionMade} runs in a later callback. On the running loop.
   */
  public static Transport[] pair(BaseProtocol a, BaseProtocol b, Link link) {
    Objects.requireNonNull(link, "link");
    EventLoop loop = Asyncio.getRunningLoop();
    End[] ends = connect(loop, a, b, link);
    for (End e : ends) {
      loop.callSoon(
          () -> {
            e.made = true;
            e.protocol.connectionMade(e);
          });
    }
    return new Transport[] {ends[0], ends[1]};
  }

  private static End[] connect(EventLoop loop, BaseProtocol a, BaseProtocol b, Link link) {
    End ea = new End(loop, Objects.requireNonNull(a, "a"), link, "a");
    End eb = new End(loop, Objects.requireNonNull(b, "b"), link, "b");
    ea.peer = eb;
    eb.peer = ea;
    return new End[] {ea, eb};
  }

  /** Two stream pairs connected to each other, ready to use: what a client and its server see. */
  public static Streams.Connection[] streams(Link link) {
    EventLoop loop = Asyncio.getRunningLoop();
    StreamReader ra = new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    StreamReader rb = new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    StreamReaderProtocol pa = new StreamReaderProtocol(loop, ra, null);
    StreamReaderProtocol pb = new StreamReaderProtocol(loop, rb, null);
    End[] t = connect(loop, pa, pb, Objects.requireNonNull(link, "link"));
    if (link.lockstep()) {
      t[0].demand = ra;
      t[1].demand = rb;
      ra.onWait = t[0]::scheduleDelivery;
      rb.onWait = t[1]::scheduleDelivery;
    }
    for (End e : t) { // at once, not in a callback: the streams are usable on return
      e.made = true;
      e.protocol.connectionMade(e);
    }
    return new Streams.Connection[] {
      new Streams.Connection(ra, new StreamWriter(t[0], pa, ra, loop)),
      new Streams.Connection(rb, new StreamWriter(t[1], pb, rb, loop))
    };
  }

  /** As {@link #streams(Link)} with a perfect link. */
  public static Streams.Connection[] streams() {
    return streams(Link.perfect());
  }

  /** One end. What it writes goes into the peer's `inbound`, delivered by `deliver()`. */
  private static final class End implements Transport {
    private final EventLoop loop;
    private BaseProtocol protocol;
    private final Link link;
    private final String name;
    @Nullable End peer;
    boolean made;

    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private int inboundOffset;
    private int inboundSize;
    private boolean eofPending;
    private boolean delivering;
    private boolean paused;
    private long received;

    private boolean closing;
    private boolean eofWritten;
    private boolean lost;
    private boolean protocolPaused;
    private WaterMarks marks;

    /** In lockstep, this end's reader: data moves in only while it waits (null: always). */
    @Nullable StreamReader demand;

    End(EventLoop loop, BaseProtocol protocol, Link link, String name) {
      this.loop = loop;
      this.protocol = protocol;
      this.link = link;
      this.name = name;
      this.marks = link.lockstep() ? WaterMarks.of(0, 0) : WaterMarks.DEFAULT;
    }

    private End peer() {
      return Objects.requireNonNull(peer);
    }

    // ---- sending (into the peer's inbound) --------------------------------------------------

    @Override
    public void write(byte[] data) {
      write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int off, int len) {
      LoopAccess.get().checkThread(loop, "Transport.write");
      Objects.checkFromIndexSize(off, len, data.length);
      if (eofWritten) {
        throw new IllegalStateException("Cannot call write() after writeEof()");
      }
      if (len == 0 || lost || closing) {
        return;
      }
      End p = peer();
      if (p.lost) {
        return;
      }
      p.inbound.add(Arrays.copyOfRange(data, off, off + len));
      p.inboundSize += len;
      p.scheduleDelivery();
      if (p.inboundSize > marks.high() && !protocolPaused) {
        protocolPaused = true;
        protocol.pauseWriting();
      }
    }

    /** The peer took bytes out of what this end sent: writing may resume. */
    void drained() {
      if (protocolPaused && peer().inboundSize <= marks.low()) {
        protocolPaused = false;
        protocol.resumeWriting();
      }
    }

    @Override
    public void writeEof() {
      LoopAccess.get().checkThread(loop, "Transport.writeEof");
      if (closing || eofWritten) {
        return;
      }
      eofWritten = true;
      End p = peer();
      p.eofPending = true;
      p.scheduleDelivery();
    }

    @Override
    public boolean canWriteEof() {
      return true;
    }

    // ---- receiving ----------------------------------------------------------------------------

    void scheduleDelivery() {
      if (!delivering && !lost) {
        delivering = true;
        loop.callSoon(this::deliver);
      }
    }

    /** One delivery: at most maxChunk bytes, or the end of the stream; then the next, later. */
    private void deliver() {
      delivering = false;
      if (lost || paused || !made) {
        if (!made && !lost) {
          scheduleDelivery(); // connectionMade has not run yet
        }
        return;
      }
      StreamReader d = demand;
      if (inboundSize > 0 && d != null && !d.isWaiting()) {
        return; // lockstep: its reader's next wait schedules the delivery
      }
      if (inboundSize > 0) {
        byte[] head = Objects.requireNonNull(inbound.peek());
        int n = Math.min(link.maxChunk(), head.length - inboundOffset);
        if (link.eofAfter() >= 0) {
          n = (int) Math.min(n, link.eofAfter() - received);
        }
        if (link.resetAfter() >= 0) {
          n = (int) Math.min(n, link.resetAfter() - received);
        }
        if (n > 0) {
          byte[] piece = Arrays.copyOfRange(head, inboundOffset, inboundOffset + n);
          inboundOffset += n;
          inboundSize -= n;
          received += n;
          if (inboundOffset == head.length) {
            inbound.poll();
            inboundOffset = 0;
          }
          peer().drained();
          feed(piece);
        }
        if (link.resetAfter() >= 0 && received >= link.resetAfter()) {
          reset();
          return;
        }
        if (link.eofAfter() >= 0 && received >= link.eofAfter()) {
          inbound.clear();
          inboundSize = 0;
          eofPending = true;
        }
        if (inboundSize > 0 || eofPending) {
          scheduleDelivery();
        }
        return;
      }
      if (eofPending) {
        eofPending = false;
        if (!Protocols.eofReceived(protocol)) {
          close();
        }
      }
    }

    private void feed(byte[] piece) {
      Protocols.deliver(protocol, piece);
    }

    private void reset() {
      SocketException exc = new SocketException("Connection reset by peer (injected)");
      lose(exc);
      peer().lose(exc);
    }

    private void lose(@Nullable Throwable exc) {
      if (lost) {
        return;
      }
      lost = true;
      closing = true;
      inbound.clear();
      inboundSize = 0;
      loop.callSoon(() -> protocol.connectionLost(exc));
    }

    @Override
    public void pauseReading() {
      LoopAccess.get().checkThread(loop, "Transport.pauseReading");
      paused = true;
    }

    @Override
    public void resumeReading() {
      LoopAccess.get().checkThread(loop, "Transport.resumeReading");
      if (paused) {
        paused = false;
        scheduleDelivery();
      }
    }

    @Override
    public boolean isReading() {
      return !paused && !closing;
    }

    // ---- closing ------------------------------------------------------------------------------

    @Override
    public void close() {
      LoopAccess.get().checkThread(loop, "Transport.close");
      if (closing) {
        return;
      }
      closing = true;
      End p = peer();
      if (!eofWritten && !p.lost) {
        p.eofPending = true; // what was written is still delivered first
        p.scheduleDelivery();
      }
      lose(null);
    }

    @Override
    public void abort() {
      LoopAccess.get().checkThread(loop, "Transport.abort");
      if (lost) {
        return;
      }
      closing = true;
      lose(null);
      peer().lose(new SocketException("Connection reset by peer"));
    }

    @Override
    public boolean isClosing() {
      return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      LoopAccess.get().checkThread(loop, "Transport.setWriteBufferLimits");
      marks = WaterMarks.of(high, low);
    }

    @Override
    public int getWriteBufferSize() {
      return peer().inboundSize;
    }

    @Override
    public int getWriteBufferLowLimit() {
      return marks.low();
    }

    @Override
    public int getWriteBufferHighLimit() {
      return marks.high();
    }

    @Override
    public @Nullable Object getExtraInfo(String key) {
      return switch (key) {
        case "peername" -> "memory:" + peer().name;
        case "sockname" -> "memory:" + name;
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
      return "<MemoryTransport " + name + (lost ? " closed" : closing ? " closing" : "") + ">";
    }
  }
}
