package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a byte stream with await points: asyncio's {@code StreamReader}. Fed by its transport's
 * protocol ({@link #feedData}, {@link #feedEof}, {@link #setException}). Loop thread only; one task
 * reads at a time.
 *
 * <p>Flow control: when more than twice the {@link #limit()} is buffered the transport is paused,
 * and it is resumed once the buffer is down to the limit, or when a read waits for more (so a
 * {@link #readexactly} longer than the limit cannot deadlock).
 *
 * <p>Cancellation: a read cancelled while it waits takes nothing out of the buffer; the reader
 * stays usable and the next read sees every byte.
 */
public final class StreamReader {
  /** asyncio's default limit: 64 KiB. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private final EventLoop loop;

  /* The buffered bytes are data[start, end). */
  private byte[] data = EMPTY;
  private int start;
  private int end;

  private boolean eof;
  private @Nullable Future<Void> waiter;
  private @Nullable Throwable exception;
  private @Nullable Transport transport;
  private boolean paused;

  /** A reader with the default limit, on the running loop. */
  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /**
   * A reader on the running loop.
   *
   * @param limit the most bytes a {@link #readuntil} or {@link #readline} returns, and half the
   *     buffer size that pauses the transport
   * @throws IllegalArgumentException if {@code limit <= 0}
   */
  public StreamReader(int limit) {
    this(limit, Asyncio.getRunningLoop());
  }

  StreamReader(int limit, EventLoop loop) {
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0, got " + limit);
    }
    this.limit = limit;
    this.loop = loop;
  }

  /** The limit given at creation. */
  public int limit() {
    return limit;
  }

  /** The exception set by {@link #setException}, or {@code null}. */
  public @Nullable Throwable exception() {
    return exception;
  }

  /** Makes every later read throw {@code exc}; a waiting read throws it now. */
  public void setException(Throwable exc) {
    exception = Objects.requireNonNull(exc, "exc");
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.isCancelled()) {
        w.setException(exc);
      }
    }
  }

  /**
   * Called as a read starts waiting for data: a lockstep in-memory transport moves bytes in only
   * then ({@link MemoryTransports.Link#lockstep}). Loop thread only; null for every other reader.
   */
  @Nullable Runnable onWait;

  /** Whether a read waits for data. */
  boolean isWaiting() {
    return waiter != null;
  }

  private void wakeupWaiter() {
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.isCancelled()) {
        w.setResult(null);
      }
    }
  }

  void setTransport(Transport t) {
    if (transport != null) {
      throw new IllegalStateException("Transport already set");
    }
    transport = t;
  }

  void replaceTransport(Transport t) {
    transport = t;
  }

  private void maybeResumeTransport() {
    Transport t = transport;
    if (paused && buffered() <= limit && t != null) {
      paused = false;
      t.resumeReading();
    }
  }

  /** The end of the stream: reads return what is buffered, then nothing. */
  public void feedEof() {
    eof = true;
    wakeupWaiter();
  }

  /** Whether the stream ended and every byte was read. */
  public boolean atEof() {
    return eof && buffered() == 0;
  }

  /** Adds bytes at the end of the buffer (the array is copied). */
  public void feedData(byte[] bytes) {
    feedData(bytes, 0, bytes.length);
  }

  /** Adds {@code len} bytes of {@code bytes} from {@code off} at the end of the buffer. */
  public void feedData(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    if (eof) {
      throw new IllegalStateException("feedData after feedEof");
    }
    if (len == 0) {
      return;
    }
    ensureRoom(len);
    System.arraycopy(bytes, off, data, end, len);
    end += len;
    wakeupWaiter();
    maybePauseTransport();
  }

  /**
   * As {@link #feedData(byte[])}, taking ownership of {@code bytes} (the protocol's own array): an
   * empty buffer adopts it without a copy, so a read that takes it all hands it on as it is.
   */
  void feedOwned(byte[] bytes) {
    if (eof) {
      throw new IllegalStateException("feedData after feedEof");
    }
    if (bytes.length == 0) {
      return;
    }
    if (buffered() == 0) {
      data = bytes;
      start = 0;
      end = bytes.length;
      wakeupWaiter();
      maybePauseTransport();
    } else {
      feedData(bytes, 0, bytes.length);
    }
  }

  private void maybePauseTransport() {
    Transport t = transport;
    if (t != null && !paused && buffered() > 2 * limit) {
      t.pauseReading();
      paused = true;
    }
  }

  /** Room for {@code n} more bytes after {@code end}: compacts, or grows by half. */
  private void ensureRoom(int n) {
    if (data.length - end >= n) {
      return;
    }
    int size = buffered();
    if (start > 0 && data.length - size >= n && size < data.length / 2) {
      System.arraycopy(data, start, data, 0, size);
    } else {
      int cap = Math.max(Math.max(size + n, data.length + (data.length >> 1)), 1024);
      byte[] grown = new byte[cap];
      System.arraycopy(data, start, grown, 0, size);
      data = grown;
    }
    start = 0;
    end = size;
  }

  private int buffered() {
    return end - start;
  }

  /**
   * Takes {@code n} bytes from the front of the buffer. A drained buffer is let go (an idle
   * connection keeps no buffer); taking a whole adopted array hands it on without a copy.
   */
  private byte[] take(int n) {
    if (n == 0) {
      return EMPTY;
    }
    byte[] out;
    if (start == 0 && n == end && n == data.length) {
      out = data;
    } else {
      out = Arrays.copyOfRange(data, start, start + n);
    }
    start += n;
    if (start == end) {
      data = EMPTY;
      start = 0;
      end = 0;
    }
    return out;
  }

  private void waitForData(String fn) {
    if (waiter != null) {
      throw new IllegalStateException(
          fn + "() called while another task is already waiting for incoming data");
    }
    if (eof) {
      throw new IllegalStateException("waitForData after EOF");
    }
    Transport t = transport;
    if (paused && t != null) { // waiting for more: a paused transport would never bring it
      paused = false;
      t.resumeReading();
    }
    Future<Void> w = loop.createFuture();
    waiter = w;
    Runnable demand = onWait;
    if (demand != null) {
      demand.run();
    }
    try {
      w.await();
    } finally {
      if (waiter == w) {
        waiter = null;
      }
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable e = exception;
    if (e != null) {
      throw rethrowable(e);
    }
  }

  private static IOException rethrowable(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IOException(e);
  }

  // ---- reads ----------------------------------------------------------------------------------

  /**
   * Reads at most {@code n} bytes, waiting for at least one; {@code n < 0} reads to the end of the
   * stream. Returns an empty array at the end of the stream. An await point.
   */
  public byte[] read(int n) throws IOException {
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    if (n < 0) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      while (true) {
        byte[] block = read(limit);
        if (block.length == 0) {
          return all.toByteArray();
        }
        all.write(block, 0, block.length);
      }
    }
    if (buffered() == 0 && !eof) {
      waitForData("read");
    }
    byte[] out = take(Math.min(n, buffered()));
    maybeResumeTransport();
    return out;
  }

  /** As {@link #read(int) read(-1)}: everything to the end of the stream. */
  public byte[] read() throws IOException {
    return read(-1);
  }

  /**
   * Reads exactly {@code n} bytes (not bounded by the limit). An await point.
   *
   * @throws IncompleteReadError if the stream ends first; it holds what was read
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public byte[] readexactly(int n) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("readexactly size can not be less than zero");
    }
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    while (buffered() < n) {
      if (eof) {
        byte[] incomplete = take(buffered());
        throw new IncompleteReadError(incomplete, n);
      }
      waitForData("readexactly");
    }
    byte[] out = take(n);
    maybeResumeTransport();
    return out;
  }

  /**
   * Reads a line, up to and including {@code \n}; at the end of the stream, what is left (maybe
   * without {@code \n}, maybe empty). An await point.
   *
   * @throws LimitOverrunError if the line is longer than the limit: unlike {@link #readuntil}, the
   *     line is dropped from the buffer (up to its {@code \n} if buffered, else all), as asyncio
   *     does before it raises {@code ValueError}
   */
  public byte[] readline() throws IOException {
    try {
      return readuntil(NEWLINE);
    } catch (IncompleteReadError e) {
      return e.partial();
    } catch (LimitOverrunError e) {
      if (buffered() > e.consumed() && data[start + e.consumed()] == '\n') {
        take(e.consumed() + 1);
      } else {
        take(buffered());
      }
      maybeResumeTransport();
      throw e;
    }
  }

  private static final byte[] NEWLINE = {'\n'};

  /**
   * Reads up to and including the first of {@code separators} to end in the stream (several: the
   * shortest result that ends with any of them, asyncio 3.13). An await point.
   *
   * @throws IncompleteReadError if the stream ends first (the buffer is emptied into it)
   * @throws LimitOverrunError if the data before the separator is longer than the limit; the bytes
   *     stay in the buffer
   * @throws IllegalArgumentException if no separator is given, or an empty one
   */
  public byte[] readuntil(byte[]... separators) throws IOException {
    byte[][] seps = separators.length == 0 ? new byte[][] {NEWLINE} : separators.clone();
    Arrays.sort(seps, Comparator.comparingInt(s -> s.length));
    int minSep = seps[0].length;
    int maxSep = seps[seps.length - 1].length;
    if (minSep == 0) {
      throw new IllegalArgumentException("Separator should be at least one-byte string");
    }
    throwIfFailed();
    int offset = 0;
    int matchStart;
    int matchEnd;
    while (true) {
      int buflen = buffered();
      if (buflen - offset >= minSep) {
        matchStart = -1;
        matchEnd = -1;
        for (byte[] sep : seps) {
          int i = find(sep, offset);
          if (i != -1 && (matchEnd == -1 || i + sep.length < matchEnd)) {
            matchEnd = i + sep.length;
            matchStart = i;
          }
        }
        if (matchEnd != -1) {
          break;
        }
        offset = Math.max(0, buflen + 1 - maxSep);
        if (offset > limit) {
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
      }
      if (eof) {
        throw new IncompleteReadError(take(buffered()), null);
      }
      waitForData("readuntil");
    }
    if (matchStart > limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    }
    byte[] out = take(matchEnd);
    maybeResumeTransport();
    return out;
  }

  /** Where {@code sep} first occurs in the buffer at or after {@code from}, or -1. */
  private int find(byte[] sep, int from) {
    int last = end - sep.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      for (int j = 0; j < sep.length; j++) {
        if (data[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  /**
   * The stream's lines, as asyncio's {@code async for line in reader}: each {@code hasNext()} is an
   * await point that reads a line; the iteration ends at the end of the stream. A read's {@link
   * IOException} comes out of {@code hasNext()} as it is (undeclared, as from any await point).
   */
  public Iterable<byte[]> lines() {
    return () ->
        new Iterator<>() {
          private byte @Nullable [] next;

          @Override
          public boolean hasNext() {
            if (next == null) {
              try {
                next = readline();
              } catch (IOException e) {
                throw StreamReader.<RuntimeException>sneaky(e); // as it is: an await point's error
              }
            }
            return next.length > 0;
          }

          @Override
          public byte[] next() {
            if (!hasNext()) {
              throw new NoSuchElementException("end of stream");
            }
            byte[] line = Objects.requireNonNull(next);
            next = null;
            return line;
          }
        };
  }

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the sneaky-throw idiom
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<StreamReader");
    if (buffered() > 0) {
      sb.append(' ').append(buffered()).append(" bytes");
    }
    if (eof) {
      sb.append(" eof");
    }
    sb.append(" limit=").append(limit);
    if (waiter != null) {
      sb.append(" waiter");
    }
    if (exception != null) {
      sb.append(" exception=").append(exception);
    }
    if (paused) {
      sb.append(" paused");
    }
    return sb.append('>').toString();
  }
}
