package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SequencedSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The futures of {@link Asyncio#asCompleted}, in the order they complete: asyncio's {@code
 * as_completed}, as its {@code async for} form of 3.13 (each step gives the original future, or the
 * task made for a coroutine, done).
 *
 * {@snippet :
 * for (Future<String> f : asCompleted(tasks)) {
 *   System.out.println(f.result()); // first done, first printed
 * }
 * }
 *
 * <p>{@link #next()} waits, in the current task, until the next future is done; {@link #hasNext()}
 * never waits. Each future is given once, even if it was passed twice.
 *
 * <p>With a timeout, once the time is up {@link #next()} first gives the futures that were done by
 * then, then throws {@link TimeoutException} once for each future still pending (each throw counts
 * as a step, as in asyncio), after which the iteration is over; the pending futures are not
 * cancelled. In a for-each loop the {@link TimeoutException} comes out of {@link Iterator#next()}
 * undeclared; to catch it by type, call {@link #next()} directly, or put the loop in a {@link
 * Timeout} instead.
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>A {@link #next()} interrupted by the cancellation of the iterating task uses up no step: if
 *       the task catches the {@link CancelledError} and iterates on, it still gets every future.
 *       asyncio counts the interrupted {@code __anext__} as a step, so that one done future is
 *       never given.
 * </ul>
 *
 * <p>Loop thread only: iterate inside a task of the loop the futures belong to.
 *
 * @param <T> the type of the results
 */
public final class AsCompleted<T extends @Nullable Object> implements Iterable<Future<T>> {
  /*
   * Implementation notes. Loop thread only. `todo` holds the futures not done yet (emptied at the
   * timeout); `done` the done ones not given out yet, in completion order (the order in which their
   * done callbacks ran). `remaining` counts the steps left: futures not given yet and, after the
   * timeout, the TimeoutExceptions still to throw (one per future pending at the timeout).
   * `signal`, when non-null, is the future the iterating task waits on.
   */
  private final EventLoop loop;
  private final SequencedSet<Future<?>> todo;
  private final ArrayDeque<Future<?>> done = new ArrayDeque<>();
  private final Consumer<Future<?>> onCompletion = this::onCompletion;
  private int remaining;
  private boolean timedOut;
  private @Nullable TimerHandle timeoutHandle;
  private @Nullable Future<Void> signal;

  /** The awaitables handed out by {@link #awaitables()}, filled in completion order; or null. */
  private java.util.@Nullable List<Future<T>> slots;

  private int filled;
  private boolean iterated;

  AsCompleted(EventLoop loop, SequencedSet<Future<?>> todo, double timeout) {
    this.loop = loop;
    this.todo = todo;
    this.remaining = todo.size();
    for (Future<?> f : todo) {
      f.addDoneCallback(onCompletion);
    }
    if (timeout != Double.POSITIVE_INFINITY && !todo.isEmpty()) {
      timeoutHandle = loop.callLater(timeout, this::onTimeout);
    }
  }

  private void onCompletion(Future<?> f) {
    if (todo.isEmpty()) {
      return; // timed out
    }
    todo.remove(f);
    done.add(f);
    if (todo.isEmpty() && timeoutHandle != null) {
      timeoutHandle.cancel();
    }
    wake();
  }

  private void onTimeout() {
    for (Future<?> f : todo) {
      f.removeDoneCallback(onCompletion);
    }
    todo.clear();
    timedOut = true;
    wake();
  }

  private void wake() {
    Future<Void> s = signal;
    if (s != null) {
      signal = null;
      s.setResult(null);
    }
    if (slots != null) {
      fillSlots();
    }
  }

  /**
   * The awaitables at once, before anything completes: asyncio 3.13's plain {@code for aw in
   * as_completed(aws): result = await aw}. The k-th of them completes as the k-th of the futures
   * does, with its outcome: its result, its exception, or a cancellation; after the timeout, those
   * left fail with {@link TimeoutException}. Use it instead of {@link #next()}, not with it. Loop
   * thread only.
   *
   * {@snippet :
   * for (Future<String> next : asCompleted(tasks, 5).awaitables()) {
   *   System.out.println(next.await()); // first done, first printed
   * }
   * }
   *
   * @return as many futures as there are futures to wait for, in completion order
   * @throws IllegalStateException if {@link #next()} was used already
   */
  @SuppressWarnings("unchecked")
  public java.util.List<Future<T>> awaitables() {
    loop.turn.checkThread("AsCompleted.awaitables");
    java.util.List<Future<T>> s = slots;
    if (s == null) {
      if (iterated) {
        throw new IllegalStateException(
            "asCompleted: next() was used already; use either next() or awaitables()");
      }
      java.util.List<Future<T>> made = new java.util.ArrayList<>(remaining);
      for (int i = 0; i < remaining; i++) {
        made.add(new Future<>(loop));
      }
      s = java.util.Collections.unmodifiableList(made);
      slots = s;
      fillSlots();
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private void fillSlots() {
    java.util.List<Future<T>> s = java.util.Objects.requireNonNull(slots);
    while (!done.isEmpty() || timedOut) {
      while (filled < s.size() && s.get(filled).isDone()) {
        filled++; // cancelled by its awaiter's cancellation: it takes no outcome, as in asyncio
      }
      if (filled == s.size()) {
        return;
      }
      Future<T> slot = s.get(filled++);
      remaining--;
      Future<?> f = done.poll();
      if (f == null) { // timed out: the slots left fail
        slot.setException(
            new TimeoutException("asCompleted: timed out with " + (remaining + 1) + " not done"));
      } else if (f.isCancelled()) {
        slot.cancel();
      } else if (f.exception() != null) {
        slot.setException(java.util.Objects.requireNonNull(f.exception()));
      } else {
        slot.setResult((T) f.result());
      }
    }
  }

  /** Returns whether a step remains: a future to give, or a timeout to throw; never waits. */
  public boolean hasNext() {
    return remaining > 0;
  }

  /**
   * Waits until the next future is done and returns it.
   *
   * @return the next future to complete, done
   * @throws TimeoutException if the timeout passed first: once for each future still pending then
   * @throws NoSuchElementException if every future was given already (or timed out)
   * @throws CancelledError if the iterating task is cancelled; the futures are not
   */
  @SuppressWarnings("unchecked")
  public Future<T> next() throws TimeoutException {
    if (slots != null) {
      throw new IllegalStateException(
          "asCompleted: awaitables() was used already; use either next() or awaitables()");
    }
    iterated = true;
    if (remaining <= 0) {
      throw new NoSuchElementException("asCompleted: every future was given already");
    }
    Task<?> task = RunningLoops.currentTaskFor("AsCompleted.next()");
    if (task.loop != loop) {
      throw new IllegalStateException("AsCompleted belongs to another event loop");
    }
    while (done.isEmpty()) {
      if (timedOut) {
        // asyncio queues one timeout marker per future pending at the timeout; this is one of
        // them (then remaining counts exactly the markers not given yet)
        TimeoutException te =
            new TimeoutException("asCompleted: timed out with " + remaining + " not done");
        remaining--;
        throw te;
      }
      Future<Void> s = new Future<>(loop);
      signal = s;
      try {
        s.await();
      } finally {
        if (signal == s) {
          signal = null;
        }
      }
    }
    remaining--;
    return (Future<T>) done.poll();
  }

  /**
   * A one-pass iterator over the same futures: its {@code next()} is {@link #next()}, throwing
   * {@link TimeoutException} undeclared.
   */
  @Override
  public Iterator<Future<T>> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return AsCompleted.this.hasNext();
      }

      @Override
      public Future<T> next() {
        try {
          return AsCompleted.this.next();
        } catch (TimeoutException e) {
          throw Sneaky.rethrow(e);
        }
      }
    };
  }
}
