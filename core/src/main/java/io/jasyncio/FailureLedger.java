package io.jasyncio;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a loop's errors go: its {@link ExceptionHandler}, and the ledger of failed futures whose
 * exception nobody retrieved yet, each reported exactly once: when the future is collected, or at
 * the latest when the loop closes. Owner thread only, but for {@link #retrieved}.
 */
final class FailureLedger {
  /*
   * Implementation notes. An entry refers to its future weakly (so a collected future can be
   * reported, from the reference queue) and keeps what the report needs. Invariant: a future's
   * unretrieved entry (Future.extra, when the future failed) is its entry while the entry is in
   * `entries`, null otherwise.
   */
  private static final System.Logger LOG = System.getLogger("io.jasyncio");

  private final EventLoop loop;
  private final LinkedHashSet<Entry> entries = new LinkedHashSet<>();
  private final ReferenceQueue<Future<?>> collected = new ReferenceQueue<>();
  private @Nullable ExceptionHandler handler;

  FailureLedger(EventLoop loop) {
    this.loop = loop;
  }

  /** A failed future whose exception nobody retrieved yet. */
  static final class Entry extends WeakReference<Future<?>> {
    final Throwable exception;
    final @Nullable String taskName;
    final List<StackTraceElement> createdAt;

    Entry(
        Future<?> f, Throwable e, ReferenceQueue<Future<?>> q, List<StackTraceElement> createdAt) {
      super(f, q);
      this.exception = e;
      this.taskName = f instanceof Task<?> t ? t.getName() : null;
      this.createdAt = createdAt;
    }
  }

  @Nullable ExceptionHandler handler() {
    return handler;
  }

  void setHandler(@Nullable ExceptionHandler h) {
    handler = h;
  }

  /** Reports to the handler, or to {@link #log} if there is none or it fails. */
  void report(ExceptionContext context) {
    ExceptionHandler h = handler;
    if (h == null) {
      log(context);
      return;
    }
    try {
      h.handle(loop, context);
    } catch (Throwable e) {
      log(
          new ExceptionContext(
              "Unhandled error in exception handler while handling: " + context.describe(),
              e,
              null,
              null,
              null));
    }
  }

  /** The default handler: System.Logger {@code io.jasyncio}, level ERROR. */
  static void log(ExceptionContext context) {
    Throwable e = context.exception();
    if (e == null) {
      LOG.log(System.Logger.Level.ERROR, context.describe());
    } else {
      LOG.log(System.Logger.Level.ERROR, context.describe(), e);
    }
  }

  Entry track(Future<?> f, Throwable e, List<StackTraceElement> createdAt) {
    Entry u = new Entry(f, e, collected, createdAt);
    entries.add(u);
    return u;
  }

  /** A future's exception was retrieved: its entry leaves the ledger. Any thread. */
  void retrieved(Entry u) {
    Turn turn = loop.turn;
    if (turn.isOwnerThread() || turn.owner() == null) {
      entries.remove(u);
    } else if (!loop.isClosed()) {
      loop.callSoonThreadsafe(() -> entries.remove(u));
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Reports the exceptions of collected futures that nobody retrieved. */
  void reportCollected() {
    Reference<? extends Future<?>> r;
    while ((r = collected.poll()) != null) {
      if (entries.remove(r)) {
        reportEntry((Entry) r);
      }
    }
  }

  /** At close: reports every exception nobody retrieved, collected or not. */
  void reportAll() {
    reportCollected();
    List<Entry> rest = new ArrayList<>(entries);
    entries.clear();
    for (Entry u : rest) {
      Future<?> f = u.get();
      if (f != null) {
        f.forgetUnretrieved();
      }
      reportEntry(u);
    }
  }

  private void reportEntry(Entry u) {
    Future<?> f = u.get();
    String what = u.taskName != null ? "Task" : "Future";
    report(
        new ExceptionContext(
            what + " exception was never retrieved",
            u.exception,
            u.taskName,
            f,
            null,
            u.createdAt));
  }
}
