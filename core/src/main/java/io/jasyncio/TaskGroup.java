package io.jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A group of child tasks that the block which made them waits for: asyncio's {@code TaskGroup}.
 *
 * {@snippet :
 * TaskGroup tg = new TaskGroup();
 * tg.run(() -> {
 *   Task<String> a = tg.createTask(() -> fetch("a"));
 *   Task<String> b = tg.createTask(() -> fetch("b"));
 * });
 * // both are done here
 * }
 *
 * <p>{@link #run} runs the block in the current task, then waits until every child is done. When a
 * child fails (with anything but a {@link CancelledError}), every other child and the block itself
 * are cancelled; once all have ended, {@code run} throws an {@link ExceptionGroup} with every
 * failure, the block's own included. A cancelled child is not a failure.
 *
 * <p>Cancellation (asyncio 3.13 semantics): the group cancels the task running it only once, and
 * withdraws that request ({@link Task#uncancel()}) before it exits, so a cancellation from outside
 * (a {@link Timeout}, an enclosing group, a {@code cancel()} call) always comes out as a {@link
 * CancelledError}: never swallowed, also with nested groups (CPython gh-116720). If the running
 * task is cancelled from outside, the children are cancelled, waited for, and the {@link
 * CancelledError} goes on out, unless children failed: then the {@link ExceptionGroup} wins and the
 * task stays cancelled, so its next await throws again.
 *
 * <p>{@link #cancel()} ends the group early without an error: the children and the block are
 * cancelled, and {@code run} returns normally (CPython 3.15).
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>A block ({@code tg.run(...)}), not {@code async with}: Java's try-with-resources cannot see
 *       the exception the block throws, which the group must act on (ADR 0008).
 *   <li>{@link ExceptionGroup} attaches the failures as suppressed too. A {@link
 *       VirtualMachineError} (out of memory, stack overflow) is thrown as it is, as asyncio does
 *       for {@code SystemExit} and {@code KeyboardInterrupt}.
 *   <li>The children are kept in creation order, so they are cancelled in that order.
 *   <li>A child whose eager first step aborts the group before the group holds it (the child calls
 *       {@link #cancel()}, or a child it creates fails eagerly) is cancelled as the group takes it;
 *       CPython 3.13.0 leaves it running (gh-128550; gh-155418 for {@code cancel()}).
 * </ul>
 *
 * <p>Loop thread only. A group runs once.
 */
public final class TaskGroup {
  /*
   * Implementation notes. Loop thread only.
   *
   * States: NEW --run--> ENTERED (block runs) --block ends--> EXITING (waiting for children)
   *   --> EXITED. `aborting` is set once the children were cancelled (a child failed, the block
   *   failed or was cancelled, or cancel()); no child can be added after that.
   *
   * Invariant: `tasks` holds exactly the children whose `onTaskDone` callback has not run yet (a
   * child that finished eagerly never joins it: onTaskDone runs at once); each of them has
   * `parent` as its group parent in the loop (EventLoop.setGroupParent). `parentCancelRequested`
   * is true iff this group called parent.cancel() and has not yet called the matching
   * parent.uncancel() (always done before run() returns). `cancelOnEnter`: cancel() was called
   * before run().
   */
  private @Nullable EventLoop loop;
  private @Nullable Task<?> parent;
  private boolean entered;
  private boolean exiting;
  private boolean exited;
  private boolean aborting;
  private boolean cancelOnEnter;
  private boolean parentCancelRequested;
  private final LinkedHashSet<Task<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private @Nullable Throwable baseError;
  private @Nullable Future<Boolean> onCompleted;

  @SuppressWarnings("UnnecessaryLambda") // one instance, so removeDoneCallback finds it
  private final Consumer<Future<?>> onTaskDone = f -> onTaskDone((Task<?>) f);

  /** A group, to run with {@link #run}. */
  public TaskGroup() {}

  /**
   * Runs the block in the current task, then waits for every child of the group.
   *
   * @param <T> the type of the block's result
   * @param body the block; it adds children with {@link #createTask}
   * @return the block's result
   * @throws ExceptionGroup if children or the block failed
   * @throws CancelledError if the running task was cancelled from outside (and nothing failed)
   * @throws IllegalStateException outside a task, or if this group ran already
   */
  @SuppressWarnings("NullAway") // null only if the group's own cancellation cut the body short
  public <T extends @Nullable Object> T run(Coroutine<T> body) {
    Objects.requireNonNull(body, "body");
    enter();
    T result = null;
    Throwable error = null;
    try {
      result = body.call();
    } catch (Throwable t) {
      error = t;
    }
    exit(error);
    return result;
  }

  /**
   * As {@link #run(Coroutine)} for a block that returns nothing.
   *
   * @param body the block
   */
  public void run(VoidCoroutine body) {
    Objects.requireNonNull(body, "body");
    run(Awaitables.coroutine(body));
  }

  private void enter() {
    if (entered) {
      throw new IllegalStateException(this + " has already been entered: make a new TaskGroup");
    }
    Task<?> p = RunningLoops.currentTaskFor("TaskGroup.run()");
    loop = p.loop;
    parent = p;
    entered = true;
    if (cancelOnEnter) {
      cancel();
    }
  }

  private void exit(@Nullable Throwable exc) {
    EventLoop l = Objects.requireNonNull(loop);
    Task<?> p = Objects.requireNonNull(parent);
    exiting = true;
    if (exc instanceof VirtualMachineError && baseError == null) {
      baseError = exc;
    }
    Throwable propagateCancellation = exc instanceof CancelledError ? exc : null;
    if (exc != null && !aborting) {
      abort(); // the block failed, or the running task is being cancelled
    }
    CancelledError pendingCancellation = null; // the last one caught while waiting
    while (!tasks.isEmpty()) {
      Future<Boolean> done = onCompleted;
      if (done == null) {
        done = new Future<>(l);
        onCompleted = done;
      }
      try {
        done.await();
      } catch (CancelledError ce) {
        pendingCancellation = ce;
        if (!aborting) { // the running task is cancelled while the children still run
          propagateCancellation = ce;
          abort();
        }
      }
      onCompleted = null;
    }
    exited = true;
    if (baseError != null) {
      throw Sneaky.rethrow(baseError);
    }
    if (parentCancelRequested) {
      parentCancelRequested = false;
      if (p.uncancel() == 0) {
        propagateCancellation = null; // the only cancellation was ours
      } else if (propagateCancellation == null) {
        // another one is pending (from outside, while cancel() had us aborting): not ours to drop
        // (CPython gh-155433)
        propagateCancellation = pendingCancellation;
      }
    }
    if (propagateCancellation != null && errors.isEmpty()) {
      throw Sneaky.rethrow(propagateCancellation);
    }
    if (exc != null && !(exc instanceof CancelledError)) {
      errors.add(exc);
    }
    if (!errors.isEmpty()) {
      if (p.cancelling() > 0) {
        // cancelled from outside too: keep the count stable, and the task cancelled
        p.uncancel();
        p.cancel();
      }
      ExceptionGroup eg = new ExceptionGroup("unhandled errors in a TaskGroup", errors);
      Throwable replaced =
          propagateCancellation != null ? propagateCancellation : pendingCancellation;
      if (replaced != null) {
        eg.initCause(replaced); // as CPython's __context__: the cancellation the group replaced
      }
      errors.clear();
      throw eg;
    }
  }

  /**
   * Creates a child task in the group: as {@link Asyncio#createTask}.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @return the task
   * @throws IllegalStateException before {@link #run}, once the group is finished, or while it is
   *     shutting down after a failure or {@link #cancel()}
   */
  public <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro) {
    return createTask(coro, null);
  }

  /**
   * As {@link #createTask(Coroutine)}, naming the task.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or null
   * @return the task
   */
  public <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro, @Nullable String name) {
    Objects.requireNonNull(coro, "coro");
    checkCanCreate();
    return adopt(Objects.requireNonNull(loop).createTask(coro, name));
  }

  /**
   * As {@link #createTask(Coroutine)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @return the task
   */
  public Task<Void> createTask(VoidCoroutine coro) {
    return createTask(coro, null);
  }

  /**
   * As {@link #createTask(Coroutine, String)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name, or null
   * @return the task
   */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name) {
    Objects.requireNonNull(coro, "coro");
    checkCanCreate();
    return adopt(Objects.requireNonNull(loop).createTask(coro, name));
  }

  /**
   * As {@link #createTask(Coroutine, String)}, running the child in {@code context} itself:
   * asyncio's {@code tg.create_task(coro, context=ctx)} (see {@link EventLoop#createTask(Coroutine,
   * String, Context)}).
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @param context the context the child runs in
   * @return the child task
   */
  public <T extends @Nullable Object> Task<T> createTask(
      Coroutine<T> coro, @Nullable String name, Context context) {
    Objects.requireNonNull(coro, "coro");
    Objects.requireNonNull(context, "context");
    checkCanCreate();
    return adopt(Objects.requireNonNull(loop).createTask(coro, name, context));
  }

  /** As {@link #createTask(Coroutine, String, Context)} for a coroutine that returns nothing. */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name, Context context) {
    Objects.requireNonNull(coro, "coro");
    Objects.requireNonNull(context, "context");
    checkCanCreate();
    return adopt(Objects.requireNonNull(loop).createTask(coro, name, context));
  }

  private void checkCanCreate() {
    if (!entered) {
      throw new IllegalStateException(this + " has not been entered: call createTask in run(...)");
    }
    Objects.requireNonNull(loop).turn.checkThread("TaskGroup.createTask");
    if ((exiting && tasks.isEmpty()) || exited) {
      throw new IllegalStateException(this + " is finished");
    }
    if (aborting) {
      throw new IllegalStateException(this + " is shutting down");
    }
  }

  private <T extends @Nullable Object> Task<T> adopt(Task<T> task) {
    if (task.isDone()) { // finished eagerly: reported at once, as CPython 3.13.0 does
      onTaskDone(task);
    } else {
      tasks.add(task);
      task.addDoneCallback(onTaskDone);
      task.loop.tasks.setGroupParent(task, parent); // for captureCallGraph: the group awaits it
      if (aborting) {
        // The group was aborted during the child's eager first step (it called cancel(), or a
        // child it made failed eagerly), before the group held it: abort() missed it. CPython
        // gh-155418 / gh-128550; CPython 3.13.0 leaves such a child running.
        task.cancel();
      }
    }
    return task;
  }

  /**
   * Ends the group early, without an error: every child is cancelled, the block is cancelled at its
   * current await point (or, if the block has ended, the wait for the children is), and {@link
   * #run} returns normally once all have ended (CPython 3.15). Called before {@link #run}, the
   * group is cancelled as soon as it starts; called after, it does nothing. Idempotent. Failures of
   * children still come out as an {@link ExceptionGroup}, and a cancellation of the running task
   * from outside still comes out as a {@link CancelledError}. Loop thread only.
   */
  public void cancel() {
    if (!entered) {
      cancelOnEnter = true;
      return;
    }
    Objects.requireNonNull(loop).turn.checkThread("TaskGroup.cancel");
    if ((exiting && tasks.isEmpty()) || exited) {
      return;
    }
    if (!aborting) {
      abort();
      Task<?> p = Objects.requireNonNull(parent);
      if (!parentCancelRequested) {
        // also while exit() waits: its await ends with our CancelledError, and uncancel() then
        // tells ours from one that came from outside
        parentCancelRequested = true;
        p.cancel();
      }
    }
  }

  private void abort() {
    aborting = true;
    for (Task<?> t : new ArrayList<>(tasks)) {
      if (!t.isDone()) {
        t.cancel();
      }
    }
  }

  private void onTaskDone(Task<?> task) {
    tasks.remove(task);
    task.loop.tasks.setGroupParent(task, null);
    Future<Boolean> done = onCompleted;
    if (done != null && tasks.isEmpty() && !done.isDone()) {
      done.setResult(true);
    }
    if (task.isCancelled()) {
      return;
    }
    Throwable exc = task.exception();
    if (exc == null) {
      return;
    }
    errors.add(exc);
    if (exc instanceof VirtualMachineError && baseError == null) {
      baseError = exc;
    }
    Task<?> p = Objects.requireNonNull(parent);
    if (p.isDone()) {
      Objects.requireNonNull(loop)
          .callExceptionHandler(
              new ExceptionContext(
                  "Task "
                      + task
                      + " has errored out but its parent task "
                      + p
                      + " is already completed",
                  exc,
                  task.getName(),
                  task,
                  null));
      return;
    }
    if (!aborting && !parentCancelRequested) {
      // interrupt the block; the request is withdrawn in exit()
      abort();
      parentCancelRequested = true;
      p.cancel();
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<TaskGroup");
    if (!tasks.isEmpty()) {
      sb.append(" tasks=").append(tasks.size());
    }
    if (!errors.isEmpty()) {
      sb.append(" errors=").append(errors.size());
    }
    if (aborting) {
      sb.append(" cancelling");
    } else if (entered) {
      sb.append(" entered");
    }
    return sb.append('>').toString();
  }
}
