package io.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The eventual result of an operation on an {@link EventLoop}: asyncio's {@code Future}, and the
 * base of {@link Task}. Make one with {@link EventLoop#createFuture()}.
 *
 * <p>A task waits for it with {@link #await()}; a callback hears of it with {@link
 * #addDoneCallback}. Callbacks are always queued on the loop, in the order they were added, never
 * run inline.
 *
 * <p>Threads: the methods that change the future ({@code setResult}, {@code setException}, {@code
 * cancel}, {@code addDoneCallback}) are loop-thread only and throw {@link IllegalStateException}
 * elsewhere, naming {@link EventLoop#callSoonThreadsafe}. {@link #isDone()}, {@link
 * #isCancelled()}, {@link #state()} and, once done, {@link #result()} may be called from any
 * thread; {@link #get()} blocks another thread until the future is done.
 *
 * <p>Exceptions: {@link #result()} and {@link #await()} rethrow the exception the future was
 * completed with, unchanged (the same object, even when it is a checked exception, which these
 * methods therefore do not declare). The {@link java.util.concurrent.Future} view ({@link #get()})
 * wraps it in {@link ExecutionException} as that interface requires.
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>An exception that is never retrieved is reported when the future is collected or, at the
 *       latest, when the loop closes, so it is reported even if the future stays reachable.
 *   <li>Mutating a future from another thread is an error, not a silent race.
 * </ul>
 *
 * @param <T> the type of the result
 */
public non-sealed class Future<T extends @Nullable Object>
    implements java.util.concurrent.Future<T>, Awaitable<T> {
  /*
   * Implementation notes.
   *
   * State machine, in `state`:
   *
   *   PENDING --setResult/setException--> FINISHED
   *   PENDING --cancel-------------------> CANCELLED
   *
   * `extra` holds what only one state needs, told apart by its type (one field instead of three,
   * 8 bytes off every future and task: ADR 0019):
   *
   *   PENDING    null; for a task, the String message of a cancel() kept for its next step
   *              (Task's MUST_CANCEL), as asyncio keeps _cancel_message.
   *   CANCELLED  the String message of the cancellation (the "cancel message"), or null; for a
   *              task whose body ended with a CancelledError, that error ("cancelled exc"),
   *              handed to the first awaiter and then null (later ones get a message-less one).
   *   FINISHED   with an exception: its FailureLedger.Entry while nobody retrieved it
   *              ("unretrieved"), then null. With a result: null.
   *
   * Threads. The loop thread (the turn's owner) writes every field while the future is pending,
   * and `state` last, with release semantics: a thread that reads `state` with acquire semantics
   * and sees it done sees `result`, `exception` and `extra` as they were set. After that, other
   * threads (result(), exception(), get() once done) may set `extra` to null, a plain reference
   * write, harmless if it races:
   *   - the unretrieved entry, by the first reader of the exception; its ledger entry is then
   *     removed on the loop thread (FailureLedger.retrieved posts it there). Two racing readers
   *     post the removal twice, which is idempotent.
   *   - the cancelled exc, handed out once by makeCancelledError(); a racing second reader gets
   *     the same error or a new, message-less one, a valid outcome for any awaiter.
   * `callbacks` and `gatherMark` are loop-thread only.
   *
   * `callbacks` is null, one callback, or an ArrayList of them; a callback is a Task (the task
   * waiting in `await`, woken without allocating) or a Consumer added by the user.
   */
  static final int PENDING = 0;
  static final int CANCELLED = 1;
  static final int FINISHED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Future.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final EventLoop loop;

  @SuppressWarnings("unused") // accessed through STATE
  private int state;

  private @Nullable T result;
  private @Nullable Throwable exception;

  /**
   * By state: a cancel message (String), a task's cancelled exc (CancelledError), or an unretrieved
   * exception's ledger entry; see the implementation notes. Task writes the first two.
   */
  @Nullable Object extra;

  private @Nullable Object callbacks;

  /** Set only while {@link GatheringFuture#of} runs, to spot a future given twice. */
  @Nullable Object gatherMark;

  Future(EventLoop loop) {
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /** Returns the loop this future belongs to. */
  public EventLoop getLoop() {
    return loop;
  }

  final int stateAcquire() {
    return (int) STATE.getAcquire(this);
  }

  /**
   * @return whether the future has a result or an exception, or was cancelled. Any thread.
   */
  @Override
  public boolean isDone() {
    return stateAcquire() != PENDING;
  }

  /**
   * @return whether the future was cancelled. Any thread.
   */
  @Override
  public boolean isCancelled() {
    return stateAcquire() == CANCELLED;
  }

  /**
   * The result, asyncio's {@code Future.result()}.
   *
   * @return the result
   * @throws CancelledError if the future was cancelled
   * @throws InvalidStateError if it is not done yet
   * @throws RuntimeException (or any exception) the exception the future was completed with,
   *     unchanged
   */
  @SuppressWarnings("NullAway") // a T: setResult's value (null only for a Future<Void>)
  public T result() {
    int s = stateAcquire();
    if (s == CANCELLED) {
      throw makeCancelledError();
    }
    if (s != FINISHED) {
      throw new InvalidStateError("Result is not set: " + this + " is still pending");
    }
    markRetrieved();
    Throwable e = exception;
    if (e != null) {
      throw Sneaky.rethrow(e);
    }
    return result;
  }

  /**
   * The exception, asyncio's {@code Future.exception()}. Retrieving it means it will not be
   * reported as never retrieved.
   *
   * @return the exception the future was completed with, or {@code null} if it has a result
   * @throws CancelledError if the future was cancelled
   * @throws InvalidStateError if it is not done yet
   */
  public @Nullable Throwable exception() {
    int s = stateAcquire();
    if (s == CANCELLED) {
      throw makeCancelledError();
    }
    if (s != FINISHED) {
      throw new InvalidStateError("Exception is not set: " + this + " is still pending");
    }
    markRetrieved();
    return exception;
  }

  /**
   * Completes the future with a result and queues its callbacks. Loop thread only.
   *
   * @param value the result
   * @throws InvalidStateError if the future is already done
   */
  public void setResult(@Nullable T value) {
    loop.turn.checkThread("Future.setResult");
    if (stateAcquire() != PENDING) {
      throw new InvalidStateError("invalid state: " + this + " is already done");
    }
    result = value;
    finish(FINISHED);
  }

  /**
   * Completes the future with an exception and queues its callbacks. Loop thread only.
   *
   * @param exc the exception
   * @throws InvalidStateError if the future is already done
   */
  public void setException(Throwable exc) {
    Objects.requireNonNull(exc, "exc");
    loop.turn.checkThread("Future.setException");
    if (stateAcquire() != PENDING) {
      throw new InvalidStateError("invalid state: " + this + " is already done");
    }
    exception = exc;
    extra = loop.failures.track(this, exc, Debug.creationSite(loop, this)); // unretrieved
    finish(FINISHED);
  }

  /**
   * Cancels the future: if it is pending, it becomes cancelled and its callbacks are queued. Loop
   * thread only.
   *
   * @return false if the future was already done
   */
  public boolean cancel() {
    return cancel((String) null);
  }

  /**
   * Cancels the future with a message, which the {@link CancelledError} thrown to awaiters carries.
   * Loop thread only.
   *
   * @param msg the message, or {@code null}
   * @return false if the future was already done
   */
  public boolean cancel(@Nullable String msg) {
    loop.turn.checkThread("Future.cancel");
    return cancelOwn(msg);
  }

  /** Cancels this plain future: no cascade (see Cancellation for tasks and gathers). */
  final boolean cancelOwn(@Nullable String msg) {
    markRetrieved(); // as CPython: cancelling a failed future silences its report
    if (stateAcquire() != PENDING) {
      return false;
    }
    extra = msg;
    finish(CANCELLED);
    return true;
  }

  /**
   * The message of the cancellation: of a cancelled future, or, for a pending task, of the cancel()
   * kept for its next step; null if none (also when a task's cancelled exc is kept instead).
   */
  final @Nullable String cancelMessage() {
    return extra instanceof String s ? s : null;
  }

  /** The ledger reported the exception at close: it is no longer unretrieved. Loop thread. */
  final void forgetUnretrieved() {
    if (extra instanceof FailureLedger.Entry) {
      extra = null;
    }
  }

  /**
   * The {@link java.util.concurrent.Future} form of {@link #cancel()}; the flag is ignored, as a
   * cancellation always reaches a task at its current await point. Loop thread only.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return cancel((String) null);
  }

  /** Marks the future done and queues its callbacks. */
  final void finish(int newState) {
    STATE.setRelease(this, newState);
    Object cbs = callbacks;
    if (cbs != null) {
      callbacks = null;
      if (cbs instanceof ArrayList<?> list) {
        for (Object cb : list) {
          queueCallback(cb);
        }
      } else {
        queueCallback(cbs);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void queueCallback(Object cb) {
    if (cb instanceof Task<?> waiter) {
      loop.readyAdd(waiter);
    } else if (cb instanceof InContext<?> ic) {
      loop.readyAdd(
          new Handle.DoneCallback<>(
              (Consumer<? super Future<T>>) ic.callback(), this, ic.context()));
    } else {
      loop.readyAdd(new Handle.DoneCallback<>((Consumer<? super Future<T>>) cb, this, null));
    }
  }

  /** A done callback added with a context to run in (the adder's, when it had values). */
  private record InContext<C>(Consumer<C> callback, Context context) {}

  /**
   * Adds a callback to run when the future is done: queued as by {@link EventLoop#callSoon} then,
   * or at once if it is already done. It runs in a copy of the {@link Context} current now, as in
   * asyncio. Loop thread only.
   *
   * @param callback receives this future
   */
  public void addDoneCallback(Consumer<? super Future<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    loop.turn.checkThread("Future.addDoneCallback");
    Context ctx = Context.snapshot(loop); // it runs in a copy of the adder's context
    addCallback(ctx == null ? callback : new InContext<>(callback, ctx));
  }

  /** Adds a task waiting in {@link #await()}: woken by queuing its step. */
  final void addWaiter(Task<?> task) {
    addCallback(task);
  }

  /** Removes a task added by {@link #addWaiter}: it no longer waits for this future. */
  final void removeWaiter(Task<?> task) {
    Object cbs = callbacks;
    if (cbs == task) {
      callbacks = null;
    } else if (cbs instanceof ArrayList<?> list) {
      list.removeIf(c -> c == task);
    }
  }

  private void addCallback(Object cb) {
    if (stateAcquire() != PENDING) {
      queueCallback(cb);
      return;
    }
    Object cbs = callbacks;
    if (cbs == null) {
      callbacks = cb;
    } else if (cbs instanceof ArrayList<?> list) {
      @SuppressWarnings("unchecked")
      ArrayList<Object> l = (ArrayList<Object>) list;
      l.add(cb);
    } else {
      ArrayList<Object> l = new ArrayList<>(4);
      l.add(cbs);
      l.add(cb);
      callbacks = l;
    }
  }

  /**
   * Removes every registration of a callback that has not run yet. Loop thread only.
   *
   * @param callback the callback given to {@link #addDoneCallback}
   * @return how many were removed
   */
  public int removeDoneCallback(Consumer<? super Future<T>> callback) {
    loop.turn.checkThread("Future.removeDoneCallback");
    Object cbs = callbacks;
    if (cbs == null) {
      return 0;
    }
    if (cbs instanceof ArrayList<?> list) {
      int before = list.size();
      list.removeIf(c -> matches(c, callback));
      int removed = before - list.size();
      if (list.isEmpty()) {
        callbacks = null;
      }
      return removed;
    }
    if (matches(cbs, callback)) {
      callbacks = null;
      return 1;
    }
    return 0;
  }

  private static boolean matches(Object registered, Object callback) {
    return registered.equals(callback)
        || (registered instanceof InContext<?> ic && ic.callback().equals(callback));
  }

  /**
   * Waits for the future inside a task and returns its result: asyncio's {@code await future}. If
   * the future is already done, it returns at once without suspending.
   *
   * <p>Cancellation: if the awaiting task is cancelled, {@link CancelledError} is thrown here and
   * this future is cancelled too (for a task: the cancellation propagates into it).
   *
   * {@snippet :
   * Task<String> t = Asyncio.createTask(() -> "done");
   * String s = t.await();
   * }
   *
   * @return the result
   * @throws CancelledError if this future or the awaiting task is cancelled
   * @throws IllegalStateException outside a task body, for a task awaiting itself, or for a future
   *     of another loop
   */
  public T await() {
    Task<?> current = RunningLoops.currentTaskFor("await()");
    if (current == this) {
      throw new IllegalStateException("Task cannot await on itself: " + this);
    }
    if (current.loop != loop) {
      throw new IllegalStateException(
          "Task " + current + " got Future " + this + " attached to a different loop");
    }
    if (stateAcquire() == PENDING) {
      current.suspend(this);
    }
    return result();
  }

  /**
   * What a task woken by this future throws at its await point: the cancellation or the exception,
   * which counts as retrieved; null for a result.
   */
  final @Nullable Throwable wakeupException() {
    if (stateAcquire() == CANCELLED) {
      return makeCancelledError();
    }
    markRetrieved();
    return exception;
  }

  CancelledError makeCancelledError() {
    Object x = extra;
    if (x instanceof CancelledError e) {
      extra = null; // handed out once
      return e;
    }
    return CancelledError.fromLoop(x instanceof String msg ? msg : null);
  }

  /** Inside a task: waits until done or until the time is up; never cancels this future. */
  private void awaitAtMost(long nanos) throws TimeoutException {
    if (loop.turn.current == this) {
      throw new IllegalStateException("Task cannot await on itself: " + this);
    }
    Waits.wait(java.util.List.of(this), nanos / 1e9, ReturnWhen.ALL_COMPLETED);
    if (stateAcquire() == PENDING) {
      throw new TimeoutException(this + " is not done after " + nanos / 1e9 + " s");
    }
  }

  /**
   * Another thread: blocks until done, or until the time is up (then leaves no callback). A job of
   * this loop's {@link EventLoop#runInExecutor} lets go of the virtual clock while it blocks, and
   * takes it back on the loop thread as the future completes, before the loop can move time on.
   */
  private void blockUntilDone(long nanos, boolean timed)
      throws InterruptedException, TimeoutException {
    CountDownLatch latch = new CountDownLatch(1);
    boolean released = loop.jobs.releaseClock();
    java.util.concurrent.atomic.AtomicBoolean heldAgain =
        new java.util.concurrent.atomic.AtomicBoolean(!released);
    Consumer<Future<T>> release =
        f -> {
          if (heldAgain.compareAndSet(false, true)) {
            loop.jobs.holdClockAgain();
          }
          latch.countDown();
        };
    boolean woken = false;
    loop.threadsafe.blocking(latch); // close() opens it: callbacks stop running then
    try {
      try {
        loop.callSoonThreadsafe(() -> addDoneCallback(release));
      } catch (IllegalStateException closed) {
        latch.countDown(); // the loop is closed: nothing will complete this future any more
      }
      if (timed) {
        woken = latch.await(nanos, TimeUnit.NANOSECONDS);
      } else {
        latch.await();
        woken = true;
      }
    } finally {
      loop.threadsafe.unblocked(latch);
      if (!woken) {
        forget(release);
      }
      if (heldAgain.compareAndSet(false, true)) {
        loop.jobs.holdClockAgain();
      }
    }
    if (!woken) {
      throw new TimeoutException(this + " is not done after " + nanos / 1e9 + " s");
    }
  }

  /** Drops a blocked get()'s callback from the future, so that polling leaves nothing behind. */
  private void forget(Consumer<Future<T>> release) {
    try {
      loop.callSoonThreadsafe(() -> removeDoneCallback(release));
    } catch (IllegalStateException closed) {
      // the loop is closed: nothing runs the callback any more
    }
  }

  final void markRetrieved() {
    if (extra instanceof FailureLedger.Entry u) {
      extra = null;
      loop.failures.retrieved(u);
    }
  }

  /**
   * The {@link java.util.concurrent.Future} view. Inside a task on this future's loop it awaits
   * ({@link #await()}); on another thread it blocks until the future is done.
   *
   * <p>Inside a task, a cancellation (of this future or of the awaiting task) is thrown as the
   * {@link CancelledError} itself, as {@link #await()} throws it, so that the task ends cancelled
   * and not failed.
   *
   * @throws CancellationException if the future was cancelled (its cause is the {@link
   *     CancelledError}), or its loop closed before it was done (close cancels pending tasks)
   * @throws ExecutionException wrapping the exception the future was completed with
   * @throws IllegalStateException on the loop thread outside a task, where blocking would deadlock
   */
  @Override
  public T get() throws InterruptedException, ExecutionException {
    try {
      return get(0, false);
    } catch (TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * As {@link #get()}, waiting at most the given time: on another thread it blocks, inside a task
   * it awaits (other tasks run meanwhile). A timeout of zero or less does not wait. A future that
   * is not done in time is left running, not cancelled, as {@link java.util.concurrent.Future}
   * specifies ({@link Asyncio#waitFor} cancels it instead); and unlike {@link #get()}, a
   * cancellation of the awaiting task does not cancel this future (as asyncio's {@code wait}).
   *
   * @throws TimeoutException if the future is not done in time
   */
  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return get(unit.toNanos(timeout), true);
  }

  @SuppressWarnings("NullAway") // a T: setResult's value (null only for a Future<Void>)
  private T get(long nanos, boolean timed)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (stateAcquire() == PENDING) {
      if (timed && nanos <= 0) {
        throw new TimeoutException(this + " is not done (get with a timeout of " + nanos + " ns)");
      }
      if (loop.turn.isOwnerThread()) {
        if (loop.turn.current == null) {
          throw new IllegalStateException(
              "get() on the loop thread outside a task would block the loop forever: use"
                  + " addDoneCallback, or await() inside a task");
        }
        try {
          if (timed) {
            awaitAtMost(nanos);
          } else {
            await();
          }
        } catch (TimeoutException e) {
          throw e;
        } catch (CancelledError e) {
          throw e; // inside a task a cancellation stays one, or the task would end up failed
        } catch (Throwable t) {
          if (stateAcquire() == PENDING) {
            throw Sneaky.rethrow(t); // a misuse, such as a task calling get() on itself
          }
          // else the future's own outcome: reported below, wrapped as java.util.concurrent wants
        }
      } else {
        blockUntilDone(nanos, timed);
      }
    }
    int s = stateAcquire();
    if (s == CANCELLED) {
      CancellationException ce = new CancellationException(this + " was cancelled");
      ce.initCause(makeCancelledError());
      throw ce;
    }
    if (s == PENDING) { // woken by close(): it can never be done now
      throw new CancellationException(this + " was not done when its event loop closed");
    }
    markRetrieved();
    Throwable e = exception;
    if (e != null) {
      throw new ExecutionException(e);
    }
    return result;
  }

  /**
   * A {@link java.util.concurrent.CompletableFuture} completed with this future's outcome, for code
   * outside the loop (another thread, a {@code CompletableFuture} pipeline). Cancelling it cancels
   * this future, on its loop; completing it by other means first ({@code complete}, {@code
   * orTimeout}) does too. Any thread. An exception copied to it counts as retrieved.
   *
   * @return a new CompletableFuture mirroring this future
   */
  public java.util.concurrent.CompletableFuture<T> toCompletableFuture() {
    return CompletionBridge.toCompletableFuture(this);
  }

  @Override
  @SuppressWarnings("NullAway") // a T: setResult's value (null only for a Future<Void>)
  public T resultNow() {
    int s = stateAcquire();
    if (s != FINISHED || exception != null) {
      throw new IllegalStateException(this + " has no result");
    }
    return result;
  }

  @Override
  public Throwable exceptionNow() {
    int s = stateAcquire();
    Throwable e = exception;
    if (s != FINISHED || e == null) {
      throw new IllegalStateException(this + " did not complete with an exception");
    }
    markRetrieved();
    return e;
  }

  @Override
  public State state() {
    return switch (stateAcquire()) {
      case PENDING -> State.RUNNING;
      case CANCELLED -> State.CANCELLED;
      default -> exception == null ? State.SUCCESS : State.FAILED;
    };
  }

  /** A short name for {@link #toString()}: "Future" or the task's name. */
  String describeKind() {
    return "Future";
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<").append(describeKind());
    int s = stateAcquire();
    if (s == PENDING) {
      sb.append(this instanceof Task<?> t && t.isRunning() ? " running" : " pending");
    } else if (s == CANCELLED) {
      sb.append(" cancelled");
    } else {
      sb.append(" finished");
    }
    describeName(sb);
    if (s == FINISHED) {
      if (exception != null) {
        sb.append(" exception=").append(exception);
      } else {
        sb.append(" result=").append(abbreviate(String.valueOf(result)));
      }
    }
    return sb.append('>').toString();
  }

  void describeName(StringBuilder sb) {}

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
