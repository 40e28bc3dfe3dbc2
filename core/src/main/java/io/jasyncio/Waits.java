package io.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's waiting functions, as CPython's {@code tasks.py} and {@code timeouts.py} have them:
 * {@code gather}, {@code wait}, {@code waitFor}, {@code timeout}, {@code asCompleted}, {@code
 * shield}. Users reach them through {@link Asyncio}, which inherits them, so that one {@code import
 * static io.jasyncio.Asyncio.*} brings every function; this class only keeps them apart from the
 * loop-and-task functions that {@link Asyncio} declares itself.
 */
abstract class Waits {
  Waits() {}

  /**
   * Runs awaitables concurrently and waits for all of them: asyncio's {@code gather}. Coroutines
   * are wrapped in tasks, in argument order. Results come back in argument order, not completion
   * order.
   *
   * <p>The first exception (or cancellation) of a child is thrown here at once; the other children
   * keep running. Cancelling the awaiting task cancels every child. {@code gather()} of nothing
   * returns an empty list at once.
   *
   * @param awaitables tasks, futures or coroutines
   * @return their results, in argument order
   */
  public static List<Object> gather(Awaitable<?>... awaitables) {
    Objects.requireNonNull(awaitables, "gather(awaitables...): the array is null; pass awaitables");
    return gather(Arrays.asList(awaitables), false);
  }

  /**
   * As {@link #gather(Awaitable...)} for coroutines written in place: {@code gather(() -> f(), ()
   * -> g())}. Each becomes a task, in argument order. (A lambda is not an {@link Awaitable} by
   * itself, so this overload is what lets it be passed.)
   *
   * @param first the first coroutine
   * @param rest the others
   * @return their results, in argument order
   */
  public static List<Object> gather(Coroutine<?> first, Coroutine<?>... rest) {
    return gather(prepend(first, rest), false);
  }

  /**
   * As {@link #gather(Coroutine, Coroutine...)} for coroutines that return nothing: the results are
   * nulls.
   *
   * @param first the first coroutine
   * @param rest the others
   * @return their results (nulls), in argument order
   */
  public static List<Object> gather(VoidCoroutine first, VoidCoroutine... rest) {
    return gather(prepend(first, rest), false);
  }

  private static List<Awaitable<?>> prepend(Awaitable<?> first, Awaitable<?>[] rest) {
    Objects.requireNonNull(first, "gather(): the first coroutine is null");
    Objects.requireNonNull(rest, "gather(first, rest...): the array is null");
    List<Awaitable<?>> all = new java.util.ArrayList<>(rest.length + 1);
    all.add(first);
    all.addAll(Arrays.asList(rest));
    return all;
  }

  /**
   * Starts a gather and returns its future at once, without awaiting it: what asyncio's {@code
   * gather(...)} returns before it is awaited. Hold it, await it, cancel it (which cancels every
   * child not done; it returns false once they all are), shield it or give it callbacks. Its result
   * is the list of results in argument order; with {@code returnExceptions}, exceptions stand in
   * their children's places. A gather whose cancellation reached a child ends with that child's
   * {@link CancelledError} as its exception (not as cancelled), as in CPython. Of nothing, it is
   * done at once with an empty list. Loop thread only (a task or a callback).
   *
   * @param awaitables tasks, futures or coroutines
   * @param returnExceptions whether exceptions are returned as results
   * @return the gathering future
   */
  public static Future<List<Object>> gatherFuture(
      List<? extends Awaitable<?>> awaitables, boolean returnExceptions) {
    Objects.requireNonNull(awaitables, "awaitables");
    EventLoop loop = Asyncio.getRunningLoop();
    if (awaitables.isEmpty()) {
      Future<List<Object>> done = loop.createFuture();
      done.setResult(List.of());
      return done;
    }
    return GatheringFuture.of(loop, awaitables, returnExceptions);
  }

  /**
   * As {@link #gatherFuture(List, boolean)} without returning exceptions.
   *
   * @param awaitables tasks, futures or coroutines
   * @return the gathering future
   */
  public static Future<List<Object>> gatherFuture(Awaitable<?>... awaitables) {
    Objects.requireNonNull(awaitables, "gatherFuture(awaitables...): the array is null");
    return gatherFuture(Arrays.asList(awaitables), false);
  }

  /**
   * As {@link #gather(Awaitable...)} with a typed list: {@code List<Task<String>>} gives {@code
   * List<String>}.
   *
   * @param <T> the type of the results
   * @param awaitables tasks, futures or coroutines
   * @return their results, in order
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> List<T> gather(
      List<? extends Awaitable<? extends T>> awaitables) {
    return (List<T>) gather(awaitables, false);
  }

  /**
   * As {@link #gather(Awaitable...)}, with asyncio's {@code return_exceptions}: when true, a
   * child's exception (or a {@link CancelledError} for a cancelled child) stands in the result list
   * in place of its result, and nothing is thrown for it.
   *
   * @param awaitables tasks, futures or coroutines
   * @param returnExceptions whether exceptions are returned as results
   * @return the results (or exceptions), in order
   */
  public static List<Object> gather(
      List<? extends Awaitable<?>> awaitables, boolean returnExceptions) {
    Objects.requireNonNull(awaitables, "awaitables");
    Task<?> task = RunningLoops.currentTaskFor("gather()");
    if (awaitables.isEmpty()) {
      return List.of();
    }
    return Objects.requireNonNull(
        GatheringFuture.of(task.loop, awaitables, returnExceptions).await());
  }

  // ---- waiting with limits: wait, waitFor, timeout, asCompleted, shield ---------------------

  /** asyncio's {@code FIRST_COMPLETED}, for {@link #wait(Collection, ReturnWhen)}. */
  public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;

  /** asyncio's {@code FIRST_EXCEPTION}, for {@link #wait(Collection, ReturnWhen)}. */
  public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;

  /** asyncio's {@code ALL_COMPLETED}, for {@link #wait(Collection, ReturnWhen)}. */
  public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

  /**
   * Waits until every future is done: {@link #wait(Collection, double, ReturnWhen) wait(fs, +inf,
   * ALL_COMPLETED)}.
   *
   * @param <F> the type of the futures
   * @param fs the futures
   * @return the done and the pending futures
   */
  public static <F extends Future<?>> DoneAndPending<F> wait(Collection<F> fs) {
    return waitImpl(fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
  }

  /**
   * As {@link #wait(Collection, double, ReturnWhen)} with no timeout.
   *
   * @param <F> the type of the futures
   * @param fs the futures
   * @param returnWhen when to return
   * @return the done and the pending futures
   */
  public static <F extends Future<?>> DoneAndPending<F> wait(
      Collection<F> fs, ReturnWhen returnWhen) {
    return waitImpl(fs, Double.POSITIVE_INFINITY, returnWhen);
  }

  /**
   * Waits until some or all of the futures are done, or the timeout passes: asyncio's {@code
   * asyncio.wait}. It never cancels anything, never throws the futures' exceptions, and returns the
   * futures split into done and pending. Call it as {@code Asyncio.wait(...)}: unqualified, {@code
   * wait} means {@link Object#wait()} in every Java class.
   *
   * <p>The futures' done callbacks decide when to return, so even futures already done are seen one
   * loop iteration later, as in asyncio. With {@link ReturnWhen#FIRST_EXCEPTION}, the exception of
   * the future that ends the wait counts as retrieved.
   *
   * {@snippet :
   * DoneAndPending<Task<String>> r = Asyncio.wait(tasks, 5.0, FIRST_COMPLETED);
   * for (Task<String> t : r.done()) { ... }
   * }
   *
   * @param <F> the type of the futures
   * @param fs the futures (tasks or futures; wrap a coroutine with {@link
   *     Asyncio#createTask(Coroutine)} first); the same future twice counts once
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param returnWhen when to return
   * @return the done and the pending futures, each in the order given
   * @throws IllegalArgumentException if {@code fs} is empty or the timeout is NaN
   * @throws CancelledError if the waiting task is cancelled; the futures are not
   */
  public static <F extends Future<?>> DoneAndPending<F> wait(
      Collection<F> fs, double timeout, ReturnWhen returnWhen) {
    return waitImpl(fs, timeout, returnWhen);
  }

  /**
   * Waits for an awaitable with a time limit: asyncio's {@code wait_for} (3.12 and later). A
   * coroutine runs in the current task, as {@code await coro()} does; a task or future is awaited.
   * When the time is up, it is cancelled, and {@code waitFor} waits until it has finished
   * cancelling, then throws {@link TimeoutException}.
   *
   * <p>Built on {@link #timeout}, so cancellations are never swallowed: if the waiting task is
   * cancelled by someone else, even as the awaitable completes, the {@link CancelledError} comes
   * out (CPython gh-86296); if the awaitable catches the cancellation and returns a result, that
   * result is returned.
   *
   * @param <T> the type of the result
   * @param aw a task, future or coroutine
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none; 0 or less: the awaitable
   *     gets no time, unless it is done already
   * @return its result
   * @throws TimeoutException if the time was up first (the {@link CancelledError} is its cause)
   */
  public static <T extends @Nullable Object> T waitFor(Awaitable<T> aw, double timeout)
      throws TimeoutException {
    return waitForImpl(aw, timeout);
  }

  /**
   * As {@link #waitFor(Awaitable, double)} for a coroutine written in place: {@code waitFor(() ->
   * fetch(url), 5)}. It runs in the current task, as {@code await asyncio.wait_for(fetch(url), 5)}
   * does.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @return its result
   * @throws TimeoutException if the time was up first
   */
  public static <T extends @Nullable Object> T waitFor(Coroutine<T> coro, double timeout)
      throws TimeoutException {
    return waitForImpl(coro, timeout);
  }

  /**
   * As {@link #waitFor(Coroutine, double)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @throws TimeoutException if the time was up first
   */
  public static void waitFor(VoidCoroutine coro, double timeout) throws TimeoutException {
    waitForImpl(coro, timeout);
  }

  /**
   * As {@link #waitFor(Awaitable, double)} with the time limit as a {@link Duration}.
   *
   * @param <T> the type of the result
   * @param aw a task, future or coroutine
   * @param timeout how long; negative or zero: the awaitable gets no time, unless it is done
   * @return its result
   * @throws TimeoutException if the time was up first
   */
  public static <T extends @Nullable Object> T waitFor(Awaitable<T> aw, Duration timeout)
      throws TimeoutException {
    return waitForImpl(aw, seconds(timeout));
  }

  /**
   * As {@link #waitFor(Coroutine, double)} with the time limit as a {@link Duration}.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param timeout how long
   * @return its result
   * @throws TimeoutException if the time was up first
   */
  public static <T extends @Nullable Object> T waitFor(Coroutine<T> coro, Duration timeout)
      throws TimeoutException {
    return waitForImpl(coro, seconds(timeout));
  }

  /**
   * As {@link #waitFor(VoidCoroutine, double)} with the time limit as a {@link Duration}.
   *
   * @param coro the coroutine
   * @param timeout how long
   * @throws TimeoutException if the time was up first
   */
  public static void waitFor(VoidCoroutine coro, Duration timeout) throws TimeoutException {
    waitForImpl(coro, seconds(timeout));
  }

  /**
   * As {@link #wait(Collection, double, ReturnWhen)} with the timeout as a {@link Duration}.
   *
   * @param <F> the type of the futures
   * @param fs the futures
   * @param timeout how long
   * @param returnWhen when to return
   * @return the done and the pending futures
   */
  public static <F extends Future<?>> DoneAndPending<F> wait(
      Collection<F> fs, Duration timeout, ReturnWhen returnWhen) {
    return waitImpl(fs, seconds(timeout), returnWhen);
  }

  private static double seconds(Duration d) {
    return LoopClock.toNanos(Objects.requireNonNull(d, "timeout")) / 1e9;
  }

  /**
   * A deadline {@code delay} seconds from now, for a block run with {@link Timeout#run}: asyncio's
   * {@code asyncio.timeout}.
   *
   * {@snippet :
   * String page = timeout(10).run(() -> fetch(url)); // TimeoutException after 10 s
   * }
   *
   * @param delay seconds; {@link Double#POSITIVE_INFINITY} for no deadline (asyncio's {@code None})
   * @return the timeout, not yet running
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static Timeout timeout(double delay) {
    checkSeconds(delay, "timeout");
    EventLoop loop = Asyncio.getRunningLoop();
    return new Timeout(loop, delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay);
  }

  /**
   * As {@link #timeout(double)} for a {@link Duration}.
   *
   * @param delay how long
   * @return the timeout, not yet running
   */
  public static Timeout timeout(Duration delay) {
    return timeout(seconds(delay));
  }

  /**
   * A deadline at loop time {@code when} ({@link EventLoop#time()}): asyncio's {@code timeout_at}.
   *
   * @param when the deadline; {@link Double#POSITIVE_INFINITY} for none
   * @return the timeout, not yet running
   */
  public static Timeout timeoutAt(double when) {
    checkSeconds(when, "timeoutAt");
    return new Timeout(Asyncio.getRunningLoop(), when);
  }

  private static void checkSeconds(double s, String op) {
    if (Double.isNaN(s)) {
      throw new IllegalArgumentException(
          op + "(NaN): pass seconds, or Double.POSITIVE_INFINITY for no deadline");
    }
  }

  /**
   * The awaitables in the order they complete: asyncio's {@code as_completed}. Coroutines are
   * wrapped in tasks at once, in the order given.
   *
   * @param <T> the type of the results
   * @param aws tasks, futures or coroutines
   * @return the iteration; see {@link AsCompleted}
   */
  public static <T extends @Nullable Object> AsCompleted<T> asCompleted(
      Collection<? extends Awaitable<? extends T>> aws) {
    return asCompletedImpl(aws, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #asCompleted(Collection)} with a timeout, counted from this call.
   *
   * @param <T> the type of the results
   * @param aws tasks, futures or coroutines
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @return the iteration; see {@link AsCompleted}
   */
  public static <T extends @Nullable Object> AsCompleted<T> asCompleted(
      Collection<? extends Awaitable<? extends T>> aws, double timeout) {
    return asCompletedImpl(aws, timeout);
  }

  /**
   * Protects an awaitable from the cancellation of its awaiter: asyncio's {@code shield}. Await the
   * returned future: if the awaiting task is cancelled, the returned future is cancelled, but the
   * inner work runs on. A coroutine is wrapped in a task.
   *
   * {@snippet :
   * Task<Void> save = createTask(() -> saveToDisk());
   * shield(save).await(); // cancelling this task does not interrupt the save
   * }
   *
   * <p>If the inner work is cancelled itself, the returned future is cancelled too. If the outer
   * future was cancelled and the inner work fails in a later loop iteration, its exception is
   * reported as never retrieved (keep a reference and await it to handle it); if it failed in the
   * same iteration as the outer was cancelled, its exception counts as retrieved, as in asyncio.
   * Unlike asyncio, the inner task can never be garbage-collected mid-flight.
   *
   * @param <T> the type of the result
   * @param aw a task, future or coroutine
   * @return a future that follows the inner one; the inner one itself if it is done already
   */
  public static <T extends @Nullable Object> Future<T> shield(Awaitable<T> aw) {
    return shieldImpl(aw);
  }

  // ---- implementations ------------------------------------------------------------------------

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

  static <F extends Future<?>> DoneAndPending<F> waitImpl(
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

  static <T extends @Nullable Object> AsCompleted<T> asCompletedImpl(
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
  static <T extends @Nullable Object> Future<T> shieldImpl(Awaitable<T> aw) {
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

  @SuppressWarnings("NullAway") // a VoidCoroutine's T is Void, always null
  static <T extends @Nullable Object> T waitForImpl(Awaitable<T> aw, double timeout)
      throws TimeoutException {
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
        TimeoutException te =
            new TimeoutException(
                "waitFor: timed out after " + LoopClock.describeSpan(timeout, loop.clock));
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
