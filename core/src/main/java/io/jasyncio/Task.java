package io.jasyncio;

import io.jasyncio.internal.Strand;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A coroutine running on an {@link EventLoop}: asyncio's {@code Task}. Create one with {@link
 * Asyncio#createTask}; it starts at the creator's next await point, after the tasks created before
 * it (an eager task runs its first step inside {@code createTask} instead: {@link
 * EventLoop#createTask(Coroutine, String, boolean)}). It runs in a copy of its creator's {@link
 * Context}.
 *
 * <p>A task is a {@link Future}: {@link #await()} waits for it and returns its result or rethrows
 * its exception unchanged; {@link #result()}, {@link #exception()}, {@link #isDone()} and {@link
 * #isCancelled()} tell its outcome once it is done.
 *
 * <p>{@link #cancel(String)} throws a {@link CancelledError} into the task at its current await
 * point (or before its body starts, in which case the body never runs). The task's {@code finally}
 * blocks run, and its awaiters see the cancellation. The task may catch the error and go on; then
 * it is not cancelled.
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>The loop keeps every pending task strongly reachable: a task nobody references is never
 *       collected mid-flight (asyncio keeps only weak references, gh-91887).
 *   <li>An exception nobody retrieved is reported exactly once, at the latest when the loop closes,
 *       whether or not the task was collected.
 * </ul>
 *
 * @param <T> the type of the result
 */
public final class Task<T extends @Nullable Object> extends Future<T> {
  /*
   * Implementation notes.
   *
   * Lifecycle (loop thread only; `bodyOrStrand` holds the strand, the engine's hold on the body,
   * from the first step):
   *
   *   CREATED --step--> RUNNING --suspend--> SUSPENDED --wake/step--> RUNNING --...
   *   (an eager task takes its first step inside the constructor, nested in its creator's step;
   *   eagerStart() makes the creator current again afterwards)
   *      |                 |
   *      |                 +--body returns or throws--> FINISHED / CANCELLED (Future states)
   *      +--step with a cancellation, before the body ran--> CANCELLED
   *
   * Invariant (CPython's, tasks.py): while the task is pending it is in exactly one of three
   * states, told apart by `waiter` (asyncio's _fut_waiter), whether the task is in the loop's ready
   * queue (the task is its own entry there: its step, asyncio's Handle of Task.__step), and whether
   * the task is the loop's current task (loop.turn.current):
   *
   *   1. waiting:  waiter != null, !waiter.isDone(); not queued; this task is the waiter's callback
   *                (Future.addWaiter), so the waiter's completion queues it. The waiter is a
   *                Future, or the SleepTimer of a sleep, which queues the task when it fires.
   *   2. queued:   waiter == null (a new task, or one that yielded) or waiter.isDone(); the task is
   *                queued exactly once; wake() reads the outcome off the waiter when its step runs.
   *   3. running:  waiter == null; not queued; this task is loop.turn.current (step() is on the
   *                stack, from the loop, or from the creator's createTask for an eager start).
   *
   * A cancel() in state 1 cancels the waiter (moving the task to 2); in states 2 and 3, where no
   * waiter can carry it, it sets MUST_CANCEL, thrown at the next step: as CPython's _must_cancel.
   * A sleep's timer carries it as asyncio's sleep future would: the timer is cancelled, the task
   * queued, and the CancelledError kept in `waiter` in the timer's place until the step (so that,
   * as with a cancelled future, uncancel() cannot withdraw it and a later cancel's message does not
   * replace it).
   *
   * The body talks to the loop through the loop's BodyRunner, in both directions (loop -> body: an
   * exception to throw at the await point; body -> loop: what it waits for, and its outcome),
   * because only one side runs at a time. What is handed across in one direction is read
   * at once on the other side, before anything else runs, so one runner per loop serves every task
   * (an eager task's step nests inside its creator's, and hands over in the same last-in, first-out
   * way).
   *
   * Memory (issue #14, ADR 0019): a suspended task is this object, its strand and its waiter; the
   * fields are kept to 60 bytes (72 with the header) by holding in the loop's BodyRunner whatever
   * crosses a switch and is read at once, by keeping the body and the strand in one field (never
   * both alive), the given name and the context in one field (most tasks have neither),
   * MUST_CANCEL in the sign bit of the cancel count, a cancelled sleep's error in `waiter`, and
   * the cancel message, the cancelled exc and the unretrieved entry in Future.extra (never two of
   * them needed at once).
   */
  private static final AtomicLong COUNTER = new AtomicLong();

  /** How many await points a task being unwound at close may reach before it is abandoned. */
  static final int UNWIND_ATTEMPTS = 100;

  /** In {@link #cancelState}: a cancel() arrived while no waiter could carry it. */
  private static final int MUST_CANCEL = 1 << 31;

  /**
   * CREATED: the body, a {@link Coroutine} or a {@link VoidCoroutine}, called directly (no adapter
   * frame on every suspended stack). From the first step on: the {@link Strand} running it (the
   * body is handed to the loop's BodyRunner then, and this task keeps nothing of it). Null once the
   * task is done. One field for both because a task never holds both.
   */
  private @Nullable Object bodyOrStrand;

  final long number;

  /**
   * What this task waits for, a Future or a SleepTimer (asyncio's {@code _fut_waiter}); or, once a
   * cancel() ended its sleep early, the CancelledError to throw at the sleep, until the step.
   */
  private @Nullable Object waiter;

  /**
   * The count of cancel() requests not undone by uncancel() (asyncio's _num_cancels_requested), in
   * the low 31 bits; MUST_CANCEL (the sign bit): a cancel() arrived while no waiter could carry it,
   * thrown at the next step (asyncio's _must_cancel).
   */
  private int cancelState;

  /**
   * The name given to the task (a String), its context (a {@link Context}: its ContextVar values, a
   * copy of its creator's made at creation), both (a {@link NameAndContext}), or null. One field,
   * since most tasks have neither: the default name is made from the number when asked for, and a
   * task that never touches a ContextVar has no context.
   */
  private @Nullable Object nameOrContext;

  private record NameAndContext(String name, Context context) {}

  /** Links of the loop's list of pending tasks, which keeps them reachable. */
  @Nullable Task<?> prevLive;

  @Nullable Task<?> nextLive;

  Task(
      EventLoop loop,
      Awaitable<T> body,
      @Nullable String name,
      boolean eagerStart,
      @Nullable Context context) {
    super(loop);
    this.bodyOrStrand = body;
    this.number = COUNTER.incrementAndGet();
    this.nameOrContext = pack(name, context != null ? context : Context.snapshot(loop));
    Debug d = loop.debug;
    if (d != null) {
      d.created(this);
    }
    loop.tasks.add(this);
    Flight.created(this, eagerStart && loop.isRunning());
    if (eagerStart && loop.isRunning()) {
      eagerStart();
    } else {
      loop.readyAdd(this);
    }
  }

  /**
   * Runs the first step now, inside the creator, as asyncio's eager tasks do: the task is the
   * current task during that step, and the creator is again afterwards. A body that finishes
   * without awaiting is done before createTask returns and is never queued.
   */
  private void eagerStart() {
    Task<?> creator = loop.turn.current;
    Thread creatorThread = loop.turn.owner();
    if (creator != null) {
      loop.tasks.eagerCreators().push(creator);
    }
    try {
      step(null);
    } finally {
      if (creator != null) {
        loop.tasks.eagerCreators().pop();
      }
      loop.turn.restore(creator, creatorThread);
    }
  }

  /**
   * Returns the task's name: the one given, or {@code Task-N} with N counted across the process.
   */
  public String getName() {
    String n = givenName();
    return n != null ? n : "Task-" + number;
  }

  private @Nullable String givenName() {
    Object m = nameOrContext;
    return m instanceof String n ? n : m instanceof NameAndContext nc ? nc.name() : null;
  }

  /** The task's context, or null while it has none (Context). */
  @Nullable Context context() {
    Object m = nameOrContext;
    return m instanceof Context c ? c : m instanceof NameAndContext nc ? nc.context() : null;
  }

  /** Replaces the task's context (Context.run). */
  void setContext(@Nullable Context c) {
    nameOrContext = pack(givenName(), c);
  }

  private static @Nullable Object pack(@Nullable String name, @Nullable Context c) {
    return name == null ? c : c == null ? name : new NameAndContext(name, c);
  }

  /** The task's number, unique in the process: the N of its default name {@code Task-N}. */
  long number() {
    return number;
  }

  /**
   * Renames the task. Loop thread only.
   *
   * @param name the new name
   */
  public void setName(String name) {
    Objects.requireNonNull(name, "name");
    loop.turn.checkThread("Task.setName");
    nameOrContext = pack(name, context());
  }

  /** Returns whether the task's body is executing right now (it is the loop's current task). */
  public boolean isRunning() {
    return loop.turn.current == this;
  }

  /**
   * Requests that the task be cancelled: asyncio's {@code Task.cancel()}. Loop thread only.
   *
   * <p>If the task waits for a future, that future is cancelled, which wakes the task with a {@link
   * CancelledError} (a task it awaits is cancelled in turn). Otherwise the error is thrown at the
   * task's next step. Each call counts in {@link #cancelling()}.
   *
   * @param msg a message for the {@link CancelledError}, or {@code null}
   * @return false if the task is already done
   */
  @Override
  public boolean cancel(@Nullable String msg) {
    loop.turn.checkThread("Task.cancel");
    return Cancellation.cancel(this, msg);
  }

  /**
   * The cancellation reaches this pending task (Cancellation): it counts, and goes on to the future
   * the task waits for, returned; with none, the task keeps it for its next step.
   */
  @Nullable Future<?> cancelEnter(@Nullable String msg) {
    cancelState++; // the count, in the low bits: MUST_CANCEL is untouched
    Object w = waiter;
    if (w instanceof Future<?> f) {
      return f;
    }
    if (w instanceof SleepTimer sleep && !sleep.isDone()) {
      cancelSleep(sleep, msg);
    } else {
      cancelState |= MUST_CANCEL;
      extra = msg; // the cancel message, kept for the next step
    }
    return null;
  }

  /** Ends a sleep early with a cancellation: the task is queued, to throw it at the sleep. */
  private void cancelSleep(SleepTimer sleep, @Nullable String msg) {
    waiter = CancelledError.fromLoop(msg); // in the timer's place: wake() takes it
    sleep.cancelSleep();
  }

  /** The waiter's cancel returned {@code carried}; if it did not take it, the task keeps it. */
  void cancelExit(boolean carried, @Nullable String msg) {
    if (!carried) {
      cancelState |= MUST_CANCEL;
      extra = msg; // the cancel message, kept for the next step
    }
  }

  /**
   * The cancellation came back to this task through what it waits for (an await cycle): it is woken
   * now with it, and no longer waits for that future.
   */
  void cancelCycle(@Nullable String msg) {
    cancelState |= MUST_CANCEL;
    extra = msg; // the cancel message, kept for the next step
    if (waiter instanceof Future<?> w) { // a task on a cycle waits for a future, never a sleep
      w.removeWaiter(this);
      waiter = null;
      loop.readyAdd(this);
    }
  }

  /**
   * Returns how many cancellation requests are pending: {@link #cancel} calls not yet undone by
   * {@link #uncancel()}; asyncio's {@code Task.cancelling()}.
   */
  public int cancelling() {
    return cancelState & ~MUST_CANCEL;
  }

  /**
   * Undoes one cancellation request, for code that caught a {@link CancelledError} it caused itself
   * (a timeout, say): asyncio's {@code Task.uncancel()}. Loop thread only.
   *
   * <p>As in CPython 3.13 and later (not 3.11/3.12): when the count reaches zero, a cancellation
   * still waiting to be thrown into the task is withdrawn too, so undoing the only request really
   * undoes it.
   *
   * @return the number of requests still pending
   */
  public int uncancel() {
    loop.turn.checkThread("Task.uncancel");
    int n = cancelling();
    if (n > 0) {
      n--;
      cancelState = n == 0 ? 0 : (cancelState & MUST_CANCEL) | n; // at 0, MUST_CANCEL goes too
    }
    return n;
  }

  /** Whether the body has started (and, if pending, is suspended). Loop thread only. */
  boolean hasStarted() {
    return bodyOrStrand instanceof Strand;
  }

  /** The future this task waits for now, or null (also while it sleeps). Loop thread only. */
  @Nullable Future<?> waitingFor() {
    return waiter instanceof Future<?> f ? f : null;
  }

  /**
   * What this task waits for while it is suspended and not yet woken: a pending future or sleep,
   * described; else null. Loop thread only.
   */
  @Nullable String awaiting() {
    Object w = waiter;
    if (w instanceof Future<?> f) {
      return f.isDone() ? null : f.toString();
    }
    return w instanceof SleepTimer sleep && !sleep.isDone() ? sleep.toString() : null;
  }

  /**
   * The frames of the task's body where it is suspended, most recent first, as {@link
   * Thread#getStackTrace()} orders them (asyncio's {@code get_stack}, which orders them oldest
   * first): the await point and the calls that led to it, without the engine's frames. For the
   * running task, its frames now. Empty for a task that has not started or is done, and for one
   * that is inside {@code createTask} starting an eager task (it is at no await point). Loop thread
   * only.
   *
   * @return the frames
   */
  public List<StackTraceElement> getStack() {
    loop.turn.checkThread("Task.getStack");
    if (isDone()) {
      return List.of();
    }
    if (isRunning()) {
      return Stacks.bodyFrames(Thread.currentThread().getStackTrace());
    }
    if (loop.tasks.eagerCreators().contains(this)) {
      return List.of(); // its frames are under the eager task's, on either engine
    }
    return bodyOrStrand instanceof Strand s ? Stacks.bodyFrames(s.stackTrace()) : List.of();
  }

  /** Prints {@link #getStack()} to {@code System.err}: asyncio's {@code print_stack}. */
  public void printStack() {
    printStack(System.err);
  }

  /**
   * Prints {@link #getStack()}, under a line naming the task.
   *
   * @param out where to print
   */
  public void printStack(java.io.PrintStream out) {
    List<StackTraceElement> frames = getStack();
    StringBuilder sb = new StringBuilder();
    if (frames.isEmpty()) {
      sb.append("No stack for ").append(this).append('\n');
    } else {
      sb.append("Stack for ").append(this).append(" (most recent call first):\n");
      for (StackTraceElement e : frames) {
        sb.append("\tat ").append(e).append('\n');
      }
    }
    out.print(sb);
    out.flush();
  }

  // ---- the body's side ----------------------------------------------------------------------

  /**
   * Suspends the running task until the loop resumes it: the one suspension primitive under every
   * await point. Body side only.
   *
   * @param on the future to wait for (its completion resumes the task), a sleep's timer (its firing
   *     does), or null to yield once
   * @throws CancelledError (or the exception the loop resumes with) at the await point
   */
  void suspend(@Nullable Object on) {
    Strand s = (Strand) Objects.requireNonNull(bodyOrStrand); // running: it has started
    Debug d = loop.debug;
    if (d != null) {
      d.checkMonitors(this);
      d.checkSynchronizers(this);
    }
    BodyRunner runner = loop.bodies;
    runner.suspendOn = on;
    try {
      s.suspend();
    } catch (RuntimeException pinned) { // the engine could not suspend here
      runner.suspendOn = null;
      throw pinned;
    }
    Throwable t = runner.resumeWith;
    if (t != null) {
      runner.resumeWith = null;
      if (t instanceof CancelledError ce) {
        Stacks.atAwaitPoint(ce); // its trace shows this await point (only when cancelled)
      }
      throw Sneaky.rethrow(t);
    }
  }

  // ---- the loop's side ----------------------------------------------------------------------

  /**
   * The task's step, run when the loop dequeues the task (Turn.run): a wake-up from the waiter, or
   * a plain step.
   */
  void wake() {
    Object w = waiter;
    Throwable exc = null;
    if (w instanceof Future<?> f) {
      exc = f.wakeupException();
    } else if (w instanceof Throwable cancelled) {
      exc = cancelled; // a sleep cancel() ended early: its error, kept for this step
    } // else a sleep that is over (a SleepTimer), or a plain step (null)
    step(exc);
  }

  /** Resumes the body until its next await point, throwing {@code exc} there if non-null. */
  private void step(@Nullable Throwable exc) {
    if (isDone()) {
      throw new InvalidStateError("step(): already done: " + this);
    }
    if (cancelState < 0) { // MUST_CANCEL
      if (!(exc instanceof CancelledError)) {
        exc = makeCancelledError();
      }
      cancelState &= ~MUST_CANCEL;
    }
    waiter = null;
    BodyRunner runner = loop.bodies;
    Strand s;
    if (bodyOrStrand instanceof Strand started) {
      s = started;
    } else {
      if (exc != null) { // cancelled before it started: the body never runs
        complete(null, exc);
        return;
      }
      Awaitable<?> body = (Awaitable<?>) Objects.requireNonNull(bodyOrStrand);
      s = loop.strands.apply(runner);
      bodyOrStrand = s;
      runner.starting = body; // taken by the runner as the body starts, inside resume()
    }
    runner.resumeWith = exc;
    Object slow = Flight.stepBegin();
    loop.turn.enter(this, s);
    try {
      s.resume();
    } finally {
      loop.turn.leave(s);
    }
    if (slow != null) {
      Flight.stepEnd(slow, this, s);
    }
    if (s.isDone()) {
      Throwable e = runner.error;
      runner.error = null;
      complete(runner.takeResult(), e);
      if (e instanceof VirtualMachineError fatal) {
        exception(); // it comes out of run() instead: not reported as never retrieved
        throw fatal; // as asyncio does with SystemExit and KeyboardInterrupt
      }
      return;
    }
    Object on = runner.suspendOn;
    runner.suspendOn = null;
    if (on == null) {
      loop.readyAdd(this);
    } else if (on instanceof Future<?> f) {
      f.addWaiter(this);
      waiter = f;
      if (cancelState < 0 && f.cancel(cancelMessage())) {
        cancelState &= ~MUST_CANCEL;
      }
    } else {
      SleepTimer sleep = (SleepTimer) on;
      waiter = sleep;
      if (cancelState < 0) { // MUST_CANCEL, taken as a fresh sleep future would take it
        cancelState &= ~MUST_CANCEL;
        cancelSleep(sleep, cancelMessage());
      }
    }
  }

  /** The task is done: with the body's result, its error, or cancelled before it started. */
  private void complete(@Nullable Object result, @Nullable Throwable error) {
    bodyOrStrand = null;
    loop.tasks.remove(this);
    if (error == null) {
      @SuppressWarnings("unchecked") // the body's return value: a T
      T r = (T) result;
      if (cancelState < 0) {
        cancelState &= ~MUST_CANCEL;
        finish(CANCELLED);
      } else {
        extra = null; // the message of a cancel() that uncancel() withdrew, if any
        super.setResult(r);
      }
    } else if (error instanceof CancelledError ce) {
      // As CPython: the first awaiter gets this very error; later ones get a new, message-less one.
      extra = ce; // the cancelled exc, and no message
      finish(CANCELLED);
    } else {
      super.setException(error);
    }
    Flight.done(this, error);
  }

  /**
   * Unwinds a task that is still pending when its loop closes: its body is resumed with a {@link
   * CancelledError} at its await point, and at each await point it reaches after that, so its
   * {@code finally} blocks run. A body that goes on awaiting after {@link #UNWIND_ATTEMPTS} of them
   * (it swallows the cancellation in a loop) is abandoned, suspended, and reported.
   */
  void unwind() {
    if (isDone()) {
      return;
    }
    BodyRunner runner = loop.bodies;
    Strand s = bodyOrStrand instanceof Strand started ? started : null;
    if (s != null) {
      for (int i = 0; i < UNWIND_ATTEMPTS && !s.isDone(); i++) {
        runner.resumeWith = CancelledError.fromLoop("the event loop is closing");
        loop.turn.enter(this, s);
        try {
          s.resume();
        } finally {
          loop.turn.leave(s);
        }
        runner.suspendOn = null; // it awaited again: nobody will wait for that on its behalf
      }
      if (!s.isDone()) {
        loop.callExceptionHandler(
            new ExceptionContext(
                "Task would not stop while the loop closed: it caught the CancelledError thrown"
                    + " at "
                    + UNWIND_ATTEMPTS
                    + " await points in a row and awaited again; it is abandoned, still pending."
                    + " Rethrow CancelledError (catch (Exception e) does not catch it)",
                null,
                getName(),
                this,
                null,
                Debug.creationSite(loop, this)));
        return;
      }
    }
    if (s == null) {
      complete(null, new CancelledError("the event loop is closing"));
    } else {
      Throwable e = runner.error;
      runner.error = null;
      complete(runner.takeResult(), e);
    }
  }

  /**
   * Not for tasks: a task's result is its body's return value.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setResult(@Nullable T value) {
    throw new UnsupportedOperationException("Task does not support setResult(): return a value");
  }

  /**
   * Not for tasks: a task's exception is what its body throws.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setException(Throwable exc) {
    throw new UnsupportedOperationException("Task does not support setException(): throw it");
  }

  @Override
  String describeKind() {
    return "Task";
  }

  @Override
  void describeName(StringBuilder sb) {
    sb.append(" name='").append(getName()).append('\'');
  }

  /** The task's step as the loop's reports name it: {@code <step of <Task ...>>}. */
  String stepName() {
    return "<step of " + this + ">";
  }

  /**
   * Runs the bodies of one loop's tasks: the body of every strand the loop makes, and the channel
   * through which a body hands things to the loop as it gives the turn back. One per loop, so that
   * a task needs no object of its own for either (ADR 0019). Each field is written by one side just
   * before it hands over the turn and read (and cleared) by the other just after it gets the turn
   * back, before anything else runs; the hand-off orders the two (on the virtual-threads engine, a
   * volatile write and read).
   *
   * <p>Its {@link #run()} is the bottom frame of every task's body: no other jasyncio frame lies
   * between the strand's entry and the user's code (Stacks and Debug cut stacks there).
   */
  static final class BodyRunner implements Runnable {
    /** Loop -> body, at the first resume: the body to run (Task.bodyOrStrand is the strand now). */
    @Nullable Awaitable<?> starting;

    /** Loop -> body, at a resumption: the exception to throw at the await point, or null. */
    @Nullable Throwable resumeWith;

    /** Body -> loop, at a suspension: the future or sleep timer to wait for, or null to yield. */
    @Nullable Object suspendOn;

    /** Body -> loop, at the body's end: what it returned, or what it threw. */
    @Nullable Object result;

    @Nullable Throwable error;

    @Nullable Object takeResult() {
      Object r = result;
      result = null;
      return r;
    }

    @Override
    public void run() {
      Awaitable<?> b = Objects.requireNonNull(starting);
      starting = null;
      try {
        if (b instanceof VoidCoroutine v) {
          v.run();
        } else {
          result = ((Coroutine<?>) b).call();
        }
      } catch (Throwable t) {
        error = t;
      }
    }
  }
}
