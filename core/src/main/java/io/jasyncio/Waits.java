package io.jasyncio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The implementations behind {@link Asyncio#wait}, {@link Asyncio#waitFor} and {@link
 * Asyncio#shield}.
 */
final class Waits {
  private Waits() {}

  static double checkTimeout(double timeout, String op) {
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException(
          op + "(timeout = NaN): pass seconds, or Double.POSITIVE_INFINITY for none");
    }
    return timeout;
  }

  /** The distinct futures, in the order given; every one on {@code loop}. */
  static <F extends Future<?>> SequencedSet<F> distinct(
      Collection<F> fs, EventLoop loop, String op) {
    LinkedHashSet<F> set = new LinkedHashSet<>();
    int i = 0;
    for (F f : fs) {
      if (f == null) {
        throw new NullPointerException(op + "(): future #" + i + " is null");
      }
      if (f.loop != loop) {
        throw new IllegalStateException(
            op + "(): future #" + i + ", " + f + ", belongs to another event loop");
      }
      set.add(f);
      i++;
    }
    return set;
  }

  static <F extends Future<?>> DoneAndPending<F> wait(
      Collection<F> fs, double timeout, ReturnWhen returnWhen) {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(returnWhen, "returnWhen");
    checkTimeout(timeout, "wait");
    Task<?> task = RunningLoops.currentTaskFor("wait()");
    EventLoop loop = task.loop;
    SequencedSet<F> set = distinct(fs, loop, "wait");
    if (set.isEmpty()) {
      throw new IllegalArgumentException("wait(): the set of futures is empty: pass at least one");
    }
    Future<Void> waiter = new Future<>(loop);
    TimerHandle[] timeoutHandle = new TimerHandle[1];
    if (timeout != Double.POSITIVE_INFINITY) {
      timeoutHandle[0] = loop.callLater(timeout, () -> release(waiter));
    }
    int[] counter = {set.size()};
    Consumer<Future<?>> onCompletion =
        f -> {
          counter[0]--;
          if (counter[0] <= 0
              || returnWhen == ReturnWhen.FIRST_COMPLETED
              || (returnWhen == ReturnWhen.FIRST_EXCEPTION
                  && !f.isCancelled()
                  && f.exception() != null)) {
            if (timeoutHandle[0] != null) {
              timeoutHandle[0].cancel();
            }
            release(waiter);
          }
        };
    for (F f : set) {
      f.addDoneCallback(onCompletion);
    }
    try {
      waiter.await();
    } finally {
      if (timeoutHandle[0] != null) {
        timeoutHandle[0].cancel();
      }
      for (F f : set) {
        f.removeDoneCallback(onCompletion);
      }
    }
    LinkedHashSet<F> done = new LinkedHashSet<>();
    LinkedHashSet<F> pending = new LinkedHashSet<>();
    for (F f : set) {
      (f.isDone() ? done : pending).add(f);
    }
    return new DoneAndPending<>(done, pending);
  }

  private static void release(Future<Void> waiter) {
    if (!waiter.isDone()) {
      waiter.setResult(null);
    }
  }

  static <T> AsCompleted<T> asCompleted(
      Collection<? extends Awaitable<? extends T>> aws, double timeout) {
    Objects.requireNonNull(aws, "aws");
    checkTimeout(timeout, "asCompleted");
    EventLoop loop = Asyncio.getRunningLoop();
    List<Future<?>> futures = new ArrayList<>(aws.size());
    java.util.IdentityHashMap<Awaitable<?>, Future<?>> seen = new java.util.IdentityHashMap<>();
    int i = 0;
    for (Awaitable<? extends T> aw : aws) {
      if (aw == null) {
        throw new NullPointerException("asCompleted(): awaitable #" + i + " is null");
      }
      if (aw instanceof Future<?> f && f.loop != loop) {
        throw new IllegalStateException(
            "asCompleted(): awaitable #" + i + ", " + f + ", belongs to another event loop");
      }
      i++;
    }
    for (Awaitable<? extends T> aw : aws) {
      Future<?> f = seen.get(aw);
      if (f == null) {
        f = Awaitables.ensureFuture(loop, aw);
        seen.put(aw, f);
        futures.add(f);
      }
    }
    return new AsCompleted<>(loop, new LinkedHashSet<>(futures), timeout);
  }

  @SuppressWarnings("unchecked")
  static <T> Future<T> shield(Awaitable<T> aw) {
    Objects.requireNonNull(aw, "awaitable");
    EventLoop loop = aw instanceof Future<?> fut ? fut.loop : Asyncio.getRunningLoop();
    Future<T> inner = Awaitables.ensureFuture(loop, aw);
    if (inner.isDone()) {
      return inner;
    }
    Future<T> outer = new Future<>(loop);
    Consumer<Future<T>> innerDone =
        in -> {
          if (outer.isCancelled()) {
            // The outer was cancelled in this very iteration, before its own done callback could
            // detach this one: as asyncio, the inner's exception counts as retrieved.
            if (!in.isCancelled()) {
              in.exception();
            }
            return;
          }
          if (in.isCancelled()) {
            outer.cancel();
          } else {
            Throwable e = in.exception();
            if (e != null) {
              outer.setException(e);
            } else {
              outer.setResult(in.result());
            }
          }
        };
    inner.addDoneCallback(innerDone);
    outer.addDoneCallback(
        o -> {
          if (!inner.isDone()) {
            inner.removeDoneCallback(innerDone);
          }
        });
    return outer;
  }

  static <T> @Nullable T waitFor(Awaitable<T> aw, double timeout) throws TimeoutException {
    Objects.requireNonNull(aw, "awaitable");
    checkTimeout(timeout, "waitFor");
    Task<?> task = RunningLoops.currentTaskFor("waitFor()");
    EventLoop loop = task.loop;
    if (timeout <= 0) {
      Future<T> fut = Awaitables.ensureFuture(loop, aw);
      if (fut.isDone()) {
        return fut.result();
      }
      cancelAndWait(fut);
      try {
        return fut.result();
      } catch (CancelledError e) {
        TimeoutException te = new TimeoutException("waitFor: timeout " + timeout + " s");
        te.initCause(e);
        throw te;
      }
    }
    double when = timeout == Double.POSITIVE_INFINITY ? timeout : loop.time() + timeout;
    Timeout t = new Timeout(loop, when);
    return switch (aw) {
      case Future<T> f -> t.run(f::await);
      case Coroutine<T> c -> t.run(c); // as `await coro()`: in this task, no new one
      case VoidCoroutine v -> {
        t.run(v);
        yield null;
      }
    };
  }

  /** Cancels {@code fut} and waits until it is done, without cancelling it again on the way. */
  private static void cancelAndWait(Future<?> fut) {
    Future<Void> waiter = new Future<>(fut.loop);
    Consumer<Future<?>> cb = f -> release(waiter);
    fut.addDoneCallback(cb);
    try {
      fut.cancel();
      waiter.await();
    } finally {
      fut.removeDoneCallback(cb);
    }
  }
}
