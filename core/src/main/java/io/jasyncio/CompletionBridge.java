package io.jasyncio;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Between a loop's futures and {@link CompletableFuture}s, both ways: {@link
 * Asyncio#runCoroutineThreadsafe}, {@link Asyncio#wrapFuture} and {@link
 * Future#toCompletableFuture()}. Cancellation flows both ways; outcomes cross threads only through
 * {@link EventLoop#callSoonThreadsafe}, so a loop future is only ever touched on its loop.
 */
final class CompletionBridge {
  private CompletionBridge() {}

  /**
   * A CompletableFuture that mirrors a loop future (a task, or any future), and cancels it when it
   * is completed by someone else first: cancelled, completed, or timed out ({@code orTimeout}), as
   * kotlinx.coroutines' {@code future {}} does.
   *
   * <p>State: {@code source} is null until the loop made the task (runCoroutineThreadsafe); once
   * set it never changes. Whoever completes this first wins (CompletableFuture's own CAS); the loop
   * copies the source's outcome with {@link #mirror}, which is a no-op once completed.
   */
  static final class Mirror<T extends @Nullable Object> extends CompletableFuture<T> {
    private final EventLoop loop;
    private volatile @Nullable Future<T> source;

    Mirror(EventLoop loop, @Nullable Future<T> source) {
      this.loop = loop;
      this.source = source;
      loop.mirrors.add(this);
      if (loop.isClosed()) {
        closedOut(); // close() may have settled the others already
      }
    }

    /** The loop closed: its callbacks never run again, so this settles now. Any thread. */
    void closedOut() {
      Future<T> f = source;
      if (f != null && f.isDone()) {
        mirror(f); // a closed loop runs nothing more: reading its done future races with nobody
      } else {
        super.cancel(false);
      }
      loop.mirrors.remove(this);
    }

    /** Sets the source, on the loop thread, and cancels it if this was completed meanwhile. */
    void attach(Future<T> f) {
      source = f;
      f.addDoneCallback(this::mirror);
      if (isDone()) {
        f.cancel("its CompletableFuture was completed first");
      }
    }

    /** Copies a done source's outcome. Loop thread (or a closed loop's). */
    void mirror(Future<T> f) {
      if (f.isCancelled()) {
        super.cancel(false);
      } else {
        Throwable e = f.exception(); // retrieved: the CompletableFuture's reader gets it
        if (e != null) {
          completeExceptionally(e);
        } else {
          complete(f.result());
        }
      }
      loop.mirrors.remove(this);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      stopSource();
      return cancelled || isCancelled();
    }

    @Override
    public boolean complete(@Nullable T value) {
      boolean first = super.complete(value);
      if (first) {
        stopSource();
      }
      return first;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      boolean first = super.completeExceptionally(ex);
      if (first) {
        stopSource();
      }
      return first;
    }

    /** Cancels a source still pending, on its loop. Any thread. */
    private void stopSource() {
      Future<T> f = source;
      if (f == null || f.isDone()) {
        return; // not made yet (attach will cancel it), or it completed this itself
      }
      Runnable cancel = () -> f.cancel("its CompletableFuture was completed first");
      if (loop.turn.isOwnerThread()) {
        cancel.run();
        return;
      }
      try {
        loop.callSoonThreadsafe(cancel);
      } catch (IllegalStateException | RejectedExecutionException closed) {
        // closed: close() cancelled the source already; interrupted while the loop's queue was
        // full: the thread asked to stop, and the source runs on to its own end
      }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>(); // dependent stages are plain: they own no task
    }

    @Override
    public String toString() {
      return super.toString() + " mirroring " + source;
    }
  }

  static <T extends @Nullable Object> CompletableFuture<T> runThreadsafe(
      Coroutine<T> coro, EventLoop loop) {
    Mirror<T> cf = new Mirror<>(loop, null);
    loop.callSoonThreadsafe(
        () -> {
          if (cf.isDone()) {
            return; // cancelled before the loop got to it: the body never runs
          }
          Task<T> t;
          try {
            t = loop.createTask(coro);
          } catch (RuntimeException | Error e) {
            cf.completeExceptionally(e);
            return;
          }
          cf.attach(t);
        });
    return cf;
  }

  static <T extends @Nullable Object> CompletableFuture<T> toCompletableFuture(Future<T> f) {
    Mirror<T> cf = new Mirror<>(f.loop, f);
    if (f.loop.turn.isOwnerThread()) {
      f.addDoneCallback(cf::mirror);
      return cf;
    }
    try {
      f.loop.callSoonThreadsafe(() -> f.addDoneCallback(cf::mirror));
    } catch (IllegalStateException closed) {
      cf.closedOut();
    }
    return cf;
  }

  /**
   * A future of {@code loop} completed by {@code stage}, which holds a virtual clock softly (see
   * {@link LoopClock#holdSoftly}) until the stage completes or the future is cancelled; a mirror of
   * one of this loop's own futures is that future itself. Cancelling the future cancels the stage
   * (through {@link CompletionStage#toCompletableFuture()}, when the stage supports it). Loop
   * thread.
   */
  static <T extends @Nullable Object> Future<T> wrap(CompletionStage<T> stage, EventLoop loop) {
    if (stage instanceof Mirror<T> m && m.loop == loop && m.source != null) {
      return Objects.requireNonNull(m.source); // a future of this loop: awaited directly, no hold
    }
    Future<T> f = new Future<>(loop);
    if (stage instanceof CompletableFuture<T> cf && isDone(cf)) {
      if (cf.isCompletedExceptionally()) {
        settle(f, failureOf(cf), null);
      } else {
        settle(f, null, cf.getNow(null));
      }
      return f;
    }
    loop.clock.holdSoftly();
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable release =
        () -> {
          if (held.compareAndSet(true, false)) {
            loop.clock.releaseSoftly();
          }
        };
    stage.whenComplete(
        (r, e) -> {
          try {
            loop.callSoonThreadsafe(
                () -> {
                  release.run();
                  if (!f.isDone()) {
                    settle(f, e, r);
                  }
                });
          } catch (IllegalStateException | RejectedExecutionException closedOrInterrupted) {
            release.run(); // closed: nobody waits any more; interrupted: the loop jumps on
          }
        });
    f.addDoneCallback(
        x -> {
          release.run();
          if (x.isCancelled()) {
            try {
              stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notSupported) {
              // a stage that cannot be cancelled runs on; its outcome is dropped
            }
          }
        });
    return f;
  }

  /** Whether {@code cf} is done; false for a minimal stage, which cannot say (it throws). */
  private static boolean isDone(CompletableFuture<?> cf) {
    try {
      return cf.isDone();
    } catch (UnsupportedOperationException minimalStage) {
      return false;
    }
  }

  private static <T extends @Nullable Object> void settle(
      Future<T> f, @Nullable Throwable e, @Nullable T r) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause == null) {
      f.setResult(r);
    } else if (cause instanceof CancellationException ce) {
      f.cancel(ce.getMessage());
    } else {
      f.setException(cause);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> done) {
    try {
      done.join();
      throw new AssertionError("completed exceptionally, yet join() returned");
    } catch (CancellationException | CompletionException e) {
      return e;
    }
  }

  /** Settles every mirror of {@code loop} still pending: the loop has closed. */
  static void settleAtClose(EventLoop loop) {
    for (Mirror<?> m : loop.mirrors.toArray(new Mirror<?>[0])) {
      m.closedOut();
    }
  }
}
