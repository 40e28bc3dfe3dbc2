package io.jasyncio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The future behind {@link Asyncio#gather}: done when every child is done, or at the first failure
 * unless exceptions are returned. Cancelling it cancels every child.
 */
final class GatheringFuture extends Future<List<Object>> {
  private final Future<?>[] children;
  private final boolean returnExceptions;
  private final int distinct;
  private int finished;
  private boolean cancelRequested;

  private GatheringFuture(
      EventLoop loop, Future<?>[] children, int distinct, boolean returnExceptions) {
    super(loop);
    this.children = children;
    this.distinct = distinct;
    this.returnExceptions = returnExceptions;
  }

  /**
   * Wraps every awaitable in a future (a coroutine in a new task, in argument order) and gathers
   * them. The same future (or coroutine) given twice is one child, whose result appears twice.
   * Futures of another loop are refused before any task is created.
   */
  static GatheringFuture of(EventLoop loop, List<? extends Awaitable<?>> aws, boolean returnExc) {
    int n = aws.size();
    for (int i = 0; i < n; i++) {
      Awaitable<?> aw = aws.get(i);
      if (aw == null) {
        throw new NullPointerException("gather(): awaitable #" + i + " is null");
      }
      if (aw instanceof Future<?> f && f.loop != loop) {
        throw new IllegalStateException(
            "gather(): awaitable #" + i + ", " + f + ", belongs to another event loop");
      }
    }
    Future<?>[] children = new Future<?>[n];
    int distinct = 0; // children[] holds each distinct child at least once: no second list of them
    // Duplicates: a future is marked while this runs (no hashing of a million tasks); coroutines,
    // which become new tasks, go through a map.
    Object mark = new Object();
    IdentityHashMap<Awaitable<?>, Future<?>> coroutines = null;
    // As CPython 3.12+: each new child is looked at as soon as it is made (an eager task may be
    // done already): a done one counts once the gathering future exists, the others call back.
    GatheringFuture[] outerRef = new GatheringFuture[1];
    Consumer<Future<?>> onChildDone = f -> outerRef[0].childDone(f);
    List<Future<?>> doneAlready = null;
    for (int i = 0; i < n; i++) {
      Awaitable<?> aw = aws.get(i);
      Future<?> f;
      boolean added = false;
      if (aw instanceof Future<?> fut) {
        f = fut;
        if (f.gatherMark != mark) {
          f.gatherMark = mark;
          distinct++;
          added = true;
        }
      } else {
        if (coroutines == null) {
          coroutines = new IdentityHashMap<>();
        }
        f = coroutines.get(aw);
        if (f == null) {
          f = Awaitables.ensureFuture(loop, aw);
          coroutines.put(aw, f);
          distinct++;
          added = true;
        }
      }
      if (added) {
        if (f.isDone()) {
          if (doneAlready == null) {
            doneAlready = new ArrayList<>();
          }
          doneAlready.add(f);
        } else {
          f.addDoneCallback(onChildDone);
        }
      }
      children[i] = f;
    }
    GatheringFuture outer = new GatheringFuture(loop, children, distinct, returnExc);
    outerRef[0] = outer;
    for (Future<?> f : children) {
      f.gatherMark = null; // a duplicate is cleared twice
    }
    if (doneAlready != null) { // so a gather of done children is done before anyone awaits it
      for (Future<?> f : doneAlready) {
        outer.childDone(f);
      }
    }
    return outer;
  }

  /** Whether {@code f} is one of the gathered futures. */
  boolean hasChild(Future<?> f) {
    for (Future<?> c : children) {
      if (c == f) {
        return true;
      }
    }
    return false;
  }

  private void childDone(Future<?> child) {
    finished++;
    if (isDone()) {
      if (!child.isCancelled()) {
        child.exception(); // the awaiter already got the first outcome: mark this one retrieved
      }
      return;
    }
    if (!returnExceptions) {
      if (child.isCancelled()) {
        completeExceptionally(child.makeCancelledError());
        return;
      }
      Throwable e = child.exception();
      if (e != null) {
        completeExceptionally(e);
        return;
      }
    }
    if (finished == distinct) {
      List<Object> results = new ArrayList<>(children.length);
      for (Future<?> f : children) {
        Object r;
        if (f.isCancelled()) {
          String msg = f.cancelMessage();
          r = new CancelledError(msg == null ? "" : msg);
        } else {
          Throwable e = f.exception();
          r = e != null ? e : f.result();
        }
        results.add(r);
      }
      if (cancelRequested) {
        // CPython takes this error from the last child in argument order (its loop variable
        // shadows the callback's argument), not from the child that finished last.
        completeExceptionally(children[children.length - 1].makeCancelledError());
      } else {
        super.setResult(java.util.Collections.unmodifiableList(results)); // may hold nulls
      }
    }
  }

  private void completeExceptionally(Throwable e) {
    super.setException(e);
  }

  @Override
  public boolean cancel(@Nullable String msg) {
    loop.turn.checkThread("Future.cancel");
    return Cancellation.cancel(this, msg); // each child in order, as CPython; no recursion
  }

  /** The gathered futures, in argument order, duplicates included. */
  Future<?>[] children() {
    return children;
  }

  /** A cancel() reached at least one child: the gather ends cancelled, whatever they return. */
  void markCancelRequested() {
    cancelRequested = true;
  }

  @Override
  String describeKind() {
    return "GatheringFuture of " + Arrays.stream(children).distinct().count();
  }
}
