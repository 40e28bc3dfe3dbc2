package io.jasyncio;

import io.jasyncio.internal.LoopAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The wait in a loop's select step, and the loop's I/O readiness: asyncio's selector. The loop
 * thread waits here when nothing is ready, until work arrives from another thread, a registered
 * channel is ready, or the earliest timer is due. {@link #wakeup()} is the one wake primitive.
 *
 * <p>Without a registered channel the loop parks its thread (the cheapest wait); the first
 * registration ({@link EventLoop#addReader}, {@link EventLoop#addWriter}) opens a {@link Selector},
 * which from then on is the wait.
 */
final class Poller {
  /*
   * Implementation notes.
   *
   * Waking: the owner sets `waiting` before it checks for work a last time (the threadsafe queue,
   * a virtual clock's holds) and clears it after the wait; a thread that hands work over writes
   * first, then reads `waiting`, and wakes the owner only if it is set (Dekker on two volatiles: one
   * of the two sees the other). So a busy loop costs wakers nothing, and a wake-up given just
   * before the wait is kept (park's permit, the selector's pending wakeup()).
   *
   * Registrations: a channel has one SelectionKey for the loop's life; its attachment is an
   * Interest holding the reader and the writer handle. Removing both sets the interest to 0 and
   * keeps the key (a cancelled key cannot be registered again before the next select). A key
   * whose channel is closed is cancelled by the JDK.
   *
   * Ready keys only queue their handles (onReady, inside Selector.select): no task is ever
   * resumed inside select, which holds the selector's monitor (resuming a continuation under a
   * monitor entered since its last yield crashes JDK 25).
   *
   * Budget: while the loop is busy it still polls (without waiting) once BUDGET handles have run
   * since the last poll, so a loop that is never idle cannot starve its channels.
   */

  /** Handles that may run between two polls while channels are registered. */
  static final int BUDGET = 256;

  private final EventLoop loop;
  private final ReadyQueue ready;

  /** How many times the loop waited: a loop that spins would count thousands a second. */
  final AtomicLong polls = new AtomicLong();

  /** Opened on the first registration; written by the owner, read by wakers. */
  private volatile @Nullable Selector selector;

  /** The owner is in, or about to enter, a wait: a waker must wake it. */
  private volatile boolean waiting;

  /** Whether {@code selector} is open: the owner's plain copy, read once per busy iteration. */
  private boolean open;

  /** ReadyQueue.ran() at the last poll. */
  private long ranAtLastPoll;

  private final Consumer<SelectionKey> onReady = this::onReady;

  /**
   * The check for locks held across awaits, made at the first idle point (the engine is known
   * then); its class is loaded now, while the process surely has file descriptors to load it with.
   */
  private LockWatch locks = LockWatch.UNDECIDED;

  Poller(EventLoop loop, ReadyQueue ready) {
    this.loop = loop;
    this.ready = ready;
  }

  /** The owner is about to look for work a last time before it waits. Owner thread only. */
  void beginWait() {
    waiting = true;
  }

  /**
   * Waits until {@link #wakeup()} is called, a registered channel is ready, or {@code timeoutNanos}
   * pass; then queues the handles of the ready channels. A wake-up that came before the call makes
   * it return at once; it may also return early for no reason. Ends the wait {@link #beginWait}
   * began. Owner thread only.
   *
   * @param timeoutNanos how long at most; below 0, no limit; 0, only a look at the channels
   */
  void poll(long timeoutNanos) {
    try {
      if (timeoutNanos != 0 && idle(timeoutNanos)) {
        timeoutNanos = 0; // the lock check's report queued work: run it first
      }
      Selector s = selector;
      if (s == null) {
        if (timeoutNanos != 0) {
          polls.incrementAndGet();
          if (timeoutNanos < 0) {
            LockSupport.park(loop);
          } else {
            LockSupport.parkNanos(loop, timeoutNanos);
          }
        }
        return;
      }
      ranAtLastPoll = ready.ran();
      if (timeoutNanos == 0) {
        s.selectNow(onReady);
        return;
      }
      polls.incrementAndGet();
      if (timeoutNanos < 0) {
        s.select(onReady);
      } else { // never early: round up to whole milliseconds, as asyncio does
        s.select(onReady, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the event loop's selector failed", e);
    } finally {
      waiting = false;
    }
  }

  /** The channels registered with the selector. Any thread (the JDK's key set is concurrent). */
  int channels() {
    Selector s = selector;
    try {
      return s == null ? 0 : s.keys().size();
    } catch (java.nio.channels.ClosedSelectorException closed) {
      return 0;
    }
  }

  /** Whether the selector is open (a channel was registered). */
  boolean hasSelector() {
    return selector != null;
  }

  /**
   * The loop has nothing to run: it waits {@code waitNanos} (below 0, without limit) or, at 0, is
   * about to move its virtual clock. Returns whether work was queued meanwhile (by the exception
   * handler a report called): then the loop must not wait, nor move its clock. Owner thread only.
   */
  boolean idle(long waitNanos) {
    LockWatch w = locks;
    if (w == LockWatch.UNDECIDED) {
      w = locks = LockWatch.forLoop(loop);
    }
    w.atIdle(waitNanos);
    return !ready.isEmpty();
  }

  /** For tests: the lock check scans at every idle point. */
  void watchLocksAtEveryIdle() {
    LockWatch w = LockWatch.forLoop(loop);
    w.scanAtEveryIdle();
    locks = w;
  }

  /** Whether a busy loop should look at its channels now (see BUDGET). Owner thread only. */
  boolean pollDue() {
    return open && ready.ran() - ranAtLastPoll >= BUDGET;
  }

  /**
   * On virtual time, before the clock jumps: waits up to {@code quietMillis} of real time for a
   * registered channel to become ready (Trio's autojump threshold). Returns whether one did (its
   * handles are queued): then the clock must not jump. Without channels, returns false at once.
   * Owner thread only.
   */
  boolean ioArrives(long quietMillis) {
    Selector s = selector;
    if (s == null || s.keys().isEmpty()) {
      return false;
    }
    try {
      int before = ready.size();
      ranAtLastPoll = ready.ran();
      s.selectNow(onReady);
      if (ready.size() == before && quietMillis > 0 && anyInterest(s)) {
        s.select(onReady, quietMillis);
      }
      return ready.size() > before;
    } catch (IOException e) {
      throw new UncheckedIOException("the event loop's selector failed", e);
    }
  }

  private static boolean anyInterest(Selector s) {
    for (SelectionKey key : s.keys()) {
      if (key.isValid() && key.interestOps() != 0) {
        return true;
      }
    }
    return false;
  }

  /** Makes the current or next wait return, if the owner waits. Any thread. */
  void wakeup() {
    if (!waiting) {
      return;
    }
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    } else {
      Thread t = loop.thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  // ---- registrations ----------------------------------------------------------------------------

  /** The attachment of a channel's key: its reader and writer. */
  static final class Interest {
    @Nullable Handle reader;
    @Nullable Handle writer;

    /** What owns the channel (a transport): reported and closed if still open at loop close. */
    LoopAccess.@Nullable Owner owner;

    @Nullable SelectionKey key;
  }

  private void onReady(SelectionKey key) {
    Interest in = (Interest) key.attachment();
    int ops = key.readyOps();
    Handle r = in.reader;
    Handle w = in.writer;
    if (r != null && (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
      ready.add(r);
    }
    if (w != null && (ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
      ready.add(w);
    }
  }

  /** Registers (or replaces) the reader or writer of {@code ch}. Owner thread only. */
  void add(SelectableChannel ch, boolean reader, Handle h) {
    int op = opFor(ch, reader);
    Interest in = interest(ch);
    Handle old = reader ? in.reader : in.writer;
    if (old != null) {
      old.cancel();
    }
    if (reader) {
      in.reader = h;
    } else {
      in.writer = h;
    }
    SelectionKey key = in.key;
    if (key != null && key.isValid()) {
      key.interestOps(key.interestOps() | op);
    }
  }

  /** Removes the reader or writer of {@code ch}; returns whether there was one. Owner only. */
  boolean remove(SelectableChannel ch, boolean reader) {
    Interest in = existing(ch);
    if (in == null) {
      return false;
    }
    Handle old = reader ? in.reader : in.writer;
    if (old == null) {
      return false;
    }
    old.cancel();
    if (reader) {
      in.reader = null;
    } else {
      in.writer = null;
    }
    SelectionKey key = in.key;
    if (key != null && key.isValid()) {
      int ops = key.interestOps() & ~(reader ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT : 0);
      if (!reader) {
        ops &= ~(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
      }
      key.interestOps(ops);
    }
    return true;
  }

  /** Marks {@code owner} as the owner of {@code ch} (see Interest.owner). Owner thread only. */
  void own(SelectableChannel ch, LoopAccess.@Nullable Owner owner) {
    Interest in = interest(ch);
    in.owner = owner;
  }

  /** The registration of {@code ch}, or null if it has none. */
  private @Nullable Interest existing(SelectableChannel ch) {
    Selector s = selector;
    SelectionKey key = s == null ? null : ch.keyFor(s);
    return key != null && key.isValid() ? (Interest) key.attachment() : null;
  }

  /** The registration of {@code ch}, made (and the selector opened) if it has none. */
  private Interest interest(SelectableChannel ch) {
    Interest in = existing(ch);
    if (in != null) {
      return in;
    }
    Selector s = selector;
    if (s == null) {
      try {
        s = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the event loop's selector", e);
      }
      selector = s;
      open = true;
    }
    if (ch.isBlocking()) {
      throw new IllegalArgumentException(
          ch + " is in blocking mode: call configureBlocking(false) before registering it");
    }
    try {
      Interest made = new Interest();
      made.key = ch.register(s, 0, made);
      return made;
    } catch (ClosedChannelException e) {
      throw new IllegalArgumentException(ch + " is closed", e);
    } catch (java.nio.channels.CancelledKeyException e) {
      throw new IllegalArgumentException(
          ch + " was registered and its key cancelled; register it again after one iteration", e);
    }
  }

  private static int opFor(SelectableChannel ch, boolean reader) {
    int valid = ch.validOps();
    int op;
    if (reader) {
      op = (valid & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
    } else if (ch instanceof SocketChannel sc && sc.isConnectionPending()) {
      op = SelectionKey.OP_CONNECT;
    } else {
      op = SelectionKey.OP_WRITE;
    }
    if ((valid & op) == 0) {
      throw new IllegalArgumentException(
          ch
              + " cannot be "
              + (reader ? "read" : "written")
              + ": it is not a "
              + (reader ? "readable" : "writable")
              + " channel");
    }
    return op;
  }

  /**
   * The loop is closing: reports each channel whose owner is still open (an unclosed transport) and
   * closes it, then closes the selector. Owner thread only.
   */
  void close() {
    Selector s = selector;
    if (s == null) {
      return;
    }
    List<LoopAccess.Owner> owners = new ArrayList<>();
    for (SelectionKey key : s.keys()) {
      Interest in = (Interest) key.attachment();
      if (key.isValid() && key.channel().isOpen() && in.owner != null) {
        owners.add(in.owner);
      }
    }
    for (LoopAccess.Owner owner : owners) {
      String left = owner.leftOpen().get();
      if (left != null) {
        loop.callExceptionHandler(
            new ExceptionContext(
                left
                    + " at event loop close: close it (or its writer) before the loop closes; it"
                    + " is closed now",
                null,
                null,
                null,
                null));
      }
      try {
        owner.close().run();
      } catch (RuntimeException e) {
        // the report above is what matters; the channel is closed below regardless
      }
    }
    try {
      for (SelectionKey key : s.keys()) {
        Interest in = (Interest) key.attachment();
        if (in.owner != null) {
          key.channel().close();
        }
      }
      s.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the event loop's selector", e);
    }
    selector = null;
    open = false;
  }
}
