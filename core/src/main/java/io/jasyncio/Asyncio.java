package io.jasyncio;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's module-level functions: {@link #run}, {@link #createTask}, {@link #sleep}, {@link
 * #gather}. Import them statically and a Python program reads almost line for line:
 *
 * {@snippet :
 * import static io.jasyncio.Asyncio.*;
 *
 * static void exampleCoroutine() {
 *   sleep(1);
 *   System.out.println("Hello from coroutine!");
 * }
 *
 * public static void main(String[] args) {
 *   run(() -> {
 *     Task<Void> task = createTask(Main::exampleCoroutine);
 *     task.await();
 *   });
 * }
 * }
 *
 * <p>A coroutine is any lambda or method reference ({@link Coroutine}, {@link VoidCoroutine}). It
 * runs inside a task, one task at a time per loop, and switches to another task only at an await
 * point: {@link #sleep}, {@link Future#await()}, {@link #gather}.
 *
 * <p>Exceptions pass through await points unchanged, checked ones included: {@link Future#await()},
 * {@link #gather} and {@link #run} rethrow the very exception the coroutine threw, without
 * declaring it.
 */
public final class Asyncio {
  private Asyncio() {}

  /**
   * Runs a coroutine as the main task of a new event loop and returns its result: asyncio's {@code
   * asyncio.run}. (1) A new loop runs {@code main} to its end; (2) every task still pending is
   * cancelled and the loop runs until each has finished its cancellation; (3) the loop is closed;
   * (4) {@code main}'s result is returned or its exception rethrown unchanged.
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @return its result
   * @throws IllegalStateException if called while a loop runs on this thread
   */
  public static <T> @Nullable T run(Coroutine<T> main) {
    return run(main, Engine.defaultEngine());
  }

  /**
   * As {@link #run(Coroutine)}, with debug mode on or off: asyncio's {@code run(main, debug=...)}.
   * See {@link EventLoop#setDebug}.
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @param debug whether the loop runs in debug mode
   * @return its result
   */
  public static <T> @Nullable T run(Coroutine<T> main, boolean debug) {
    return run(
        main,
        () -> {
          EventLoop loop = new EventLoop(Engine.defaultEngine());
          loop.setDebug(debug);
          return loop;
        });
  }

  /**
   * As {@link #run(Coroutine, boolean)} for a coroutine that returns nothing.
   *
   * @param main the main coroutine
   * @param debug whether the loop runs in debug mode
   */
  public static void run(VoidCoroutine main, boolean debug) {
    Objects.requireNonNull(main, "main");
    run(Awaitables.coroutine(main), debug);
  }

  /**
   * As {@link #run(Coroutine)} for a coroutine that returns nothing.
   *
   * @param main the main coroutine
   */
  public static void run(VoidCoroutine main) {
    Objects.requireNonNull(main, "main");
    run(Awaitables.coroutine(main));
  }

  /**
   * As {@link #run(Coroutine, Engine)} for a coroutine that returns nothing.
   *
   * @param main the main coroutine
   * @param engine the engine for the new loop
   */
  public static void run(VoidCoroutine main, Engine engine) {
    Objects.requireNonNull(main, "main");
    run(Awaitables.coroutine(main), engine);
  }

  /**
   * As {@link #run(Coroutine)} on the given engine.
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @param engine the engine for the new loop
   * @return its result
   */
  public static <T> @Nullable T run(Coroutine<T> main, Engine engine) {
    return run(main, () -> new EventLoop(engine));
  }

  /**
   * As {@link #run(Coroutine)} on virtual time: the clock jumps over every wait, so the program
   * runs as fast as it computes, with the same order of events (see {@link EventLoop#EventLoop(
   * Engine, boolean)}).
   *
   * @param <T> the type of the result
   * @param main the main coroutine
   * @return its result
   */
  public static <T> @Nullable T runVirtualTime(Coroutine<T> main) {
    return run(main, () -> new EventLoop(Engine.defaultEngine(), true));
  }

  /**
   * As {@link #runVirtualTime(Coroutine)} for a coroutine that returns nothing.
   *
   * @param main the main coroutine
   */
  public static void runVirtualTime(VoidCoroutine main) {
    Objects.requireNonNull(main, "main");
    runVirtualTime(Awaitables.coroutine(main));
  }

  /**
   * Runs {@code program} with every loop made on this thread by {@link #run} or {@code new
   * EventLoop(...)} on virtual time, and returns the virtual time those loops spent. For testing a
   * program's {@code main} as it is: its sleeps and timeouts take no real time, its order of events
   * is unchanged.
   *
   * {@snippet :
   * double seconds = Asyncio.withVirtualTime(() -> Restaurant.main(new String[0]));
   * assertThat(seconds).isEqualTo(2.0);
   * }
   *
   * @param program the program; loops it makes on other threads keep the real clock
   * @return the sum, over the loops it made and closed, of each loop's final {@link
   *     EventLoop#time()}, in seconds
   */
  public static double withVirtualTime(Runnable program) {
    Objects.requireNonNull(program, "program");
    double[] total = new double[1];
    ScopedValue.where(LoopClock.VIRTUAL_TIME_SCOPE, total).run(program);
    return total[0];
  }

  private static <T> @Nullable T run(Coroutine<T> main, Supplier<EventLoop> loop) {
    Objects.requireNonNull(main, "main");
    try (Runner runner = new Runner(loop)) {
      return runner.run(main);
    }
  }

  /**
   * The loop running on the calling thread: asyncio's {@code get_running_loop}.
   *
   * @return the running loop
   * @throws IllegalStateException if there is none
   */
  public static EventLoop getRunningLoop() {
    EventLoop loop = RunningLoops.current();
    if (loop == null) {
      throw new IllegalStateException(
          "no running event loop: start one with Asyncio.run(...), or use loop.createTask(...)");
    }
    return loop;
  }

  /**
   * Returns the task whose body is running on this thread, or {@code null}: asyncio's {@code
   * current_task}.
   */
  public static @Nullable Task<?> currentTask() {
    EventLoop loop = RunningLoops.current();
    return loop == null ? null : loop.turn.current;
  }

  /** Returns a new event loop on the default engine: asyncio's {@code new_event_loop}. */
  public static EventLoop newEventLoop() {
    return new EventLoop();
  }

  /**
   * Wraps a coroutine in a task on the running loop: asyncio's {@code create_task}. The task starts
   * at the caller's next await point, after the tasks created before it.
   *
   * <p>The loop keeps the task alive until it is done: unlike asyncio, there is no need to keep a
   * reference to a fire-and-forget task.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @return the task
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static <T> Task<T> createTask(Coroutine<T> coro) {
    return getRunningLoop().createTask(coro);
  }

  /**
   * As {@link #createTask(Coroutine)}, naming the task.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name
   * @return the task
   */
  public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
    return getRunningLoop().createTask(coro, Objects.requireNonNull(name, "name"));
  }

  /**
   * As {@link #createTask(Coroutine)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @return the task
   */
  public static Task<Void> createTask(VoidCoroutine coro) {
    return getRunningLoop().createTask(coro);
  }

  /**
   * As {@link #createTask(Coroutine, String)}, choosing whether the task starts eagerly (asyncio
   * 3.14's {@code eager_start}): see {@link EventLoop#createTask(Coroutine, String, boolean)}.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or null
   * @param eagerStart whether the first step runs now, inside this call
   * @return the task
   */
  public static <T> Task<T> createTask(
      Coroutine<T> coro, @Nullable String name, boolean eagerStart) {
    return getRunningLoop().createTask(coro, name, eagerStart);
  }

  /**
   * As {@link #createTask(Coroutine, String, boolean)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name, or null
   * @param eagerStart whether the first step runs now, inside this call
   * @return the task
   */
  public static Task<Void> createTask(
      VoidCoroutine coro, @Nullable String name, boolean eagerStart) {
    return getRunningLoop().createTask(coro, name, eagerStart);
  }

  /**
   * As {@link #createTask(Coroutine, String)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name
   * @return the task
   */
  public static Task<Void> createTask(VoidCoroutine coro, String name) {
    return getRunningLoop().createTask(coro, Objects.requireNonNull(name, "name"));
  }

  /**
   * Suspends the current task for {@code seconds}: asyncio's {@code sleep}. {@code sleep(0)} yields
   * exactly once, letting every other ready task run a step; a negative delay counts as 0.
   *
   * <p>Cancellation: {@link CancelledError} is thrown here, and the timer is cancelled.
   *
   * @param seconds how long; {@link Double#POSITIVE_INFINITY} sleeps until cancelled
   * @throws IllegalArgumentException if {@code seconds} is NaN
   * @throws IllegalStateException outside a task body
   */
  public static void sleep(double seconds) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("sleep(NaN): pass a number of seconds");
    }
    Task<?> task = RunningLoops.currentTaskFor("sleep()");
    if (seconds <= 0) {
      task.suspend(null);
      return;
    }
    sleepNanos(task, LoopClock.toNanos(seconds, "delay"));
  }

  /**
   * As {@link #sleep(double)} for a {@link Duration}.
   *
   * @param delay how long
   */
  public static void sleep(Duration delay) {
    long nanos = LoopClock.toNanos(delay);
    Task<?> task = RunningLoops.currentTaskFor("sleep()");
    if (nanos <= 0) {
      task.suspend(null);
      return;
    }
    sleepNanos(task, nanos);
  }

  private static void sleepNanos(Task<?> task, long nanos) {
    EventLoop loop = task.loop;
    Future<Void> f = new Future<>(loop);
    if (nanos == LoopClock.NEVER) { // until cancelled: no timer, so a virtual clock never jumps
      task.suspend(f);
      f.result();
      return;
    }
    SleepTimer timer =
        loop.timers.add(
            new SleepTimer(
                loop, LoopClock.deadline(loop.clock.nanos(), nanos), loop.timers.nextSeq(), f));
    try {
      task.suspend(f);
      f.result();
    } finally {
      timer.cancel();
    }
  }

  /** The timer of a sleep: completes the sleep's future unless it was cancelled. */
  private static final class SleepTimer extends TimerHandle {
    private final Future<Void> future;

    SleepTimer(EventLoop loop, long when, long seq, Future<Void> future) {
      super(loop, when, seq, null);
      this.future = future;
    }

    @Override
    void invoke() {
      if (!future.isDone()) {
        future.setResult(null);
      }
    }
  }

  /**
   * Runs blocking code on another thread and waits for it, letting the loop's other tasks run
   * meanwhile: asyncio's {@code to_thread}. The code runs on the loop's default executor (a new
   * virtual thread per call unless {@link EventLoop#setDefaultExecutor} set another); its result is
   * returned, its exception rethrown unchanged.
   *
   * <p>The code runs in a copy of the task's {@link Context}, so it sees the task's {@link
   * ContextVar} values (as asyncio's {@code to_thread} does).
   *
   * <p>Cancellation: {@link CancelledError} is thrown here at once; the code itself runs on to its
   * end, and its outcome is dropped. {@link #run} waits for such code before it closes the loop. On
   * virtual time the clock does not move while the code runs.
   *
   * {@snippet :
   * String body = toThread(() -> Files.readString(path)); // other tasks run meanwhile
   * }
   *
   * @param <T> the type of the result
   * @param fn the blocking code
   * @return its result
   * @throws IllegalStateException outside a task body
   */
  public static <T> @Nullable T toThread(java.util.concurrent.Callable<T> fn) {
    Task<?> task = RunningLoops.currentTaskFor("toThread()");
    Context ctx = Context.current().copy();
    return task.loop.runInExecutor(null, () -> ctx.run(fn)).await();
  }

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
   * As {@link #gather(Awaitable...)} with a typed list: {@code List<Task<String>>} gives {@code
   * List<String>}.
   *
   * @param <T> the type of the results
   * @param awaitables tasks, futures or coroutines
   * @return their results, in order
   */
  @SuppressWarnings("unchecked")
  public static <T> List<T> gather(List<? extends Awaitable<? extends T>> awaitables) {
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
    return Waits.wait(fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
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
    return Waits.wait(fs, Double.POSITIVE_INFINITY, returnWhen);
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
   * @param fs the futures (tasks or futures; wrap a coroutine with {@link #createTask} first); the
   *     same future twice counts once
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param returnWhen when to return
   * @return the done and the pending futures, each in the order given
   * @throws IllegalArgumentException if {@code fs} is empty or the timeout is NaN
   * @throws CancelledError if the waiting task is cancelled; the futures are not
   */
  public static <F extends Future<?>> DoneAndPending<F> wait(
      Collection<F> fs, double timeout, ReturnWhen returnWhen) {
    return Waits.wait(fs, timeout, returnWhen);
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
  public static <T> @Nullable T waitFor(Awaitable<T> aw, double timeout) throws TimeoutException {
    return Waits.waitFor(aw, timeout);
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
    EventLoop loop = getRunningLoop();
    return new Timeout(loop, delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay);
  }

  /**
   * As {@link #timeout(double)} for a {@link Duration}.
   *
   * @param delay how long
   * @return the timeout, not yet running
   */
  public static Timeout timeout(Duration delay) {
    return timeout(LoopClock.toNanos(delay) / 1e9);
  }

  /**
   * A deadline at loop time {@code when} ({@link EventLoop#time()}): asyncio's {@code timeout_at}.
   *
   * @param when the deadline; {@link Double#POSITIVE_INFINITY} for none
   * @return the timeout, not yet running
   */
  public static Timeout timeoutAt(double when) {
    checkSeconds(when, "timeoutAt");
    return new Timeout(getRunningLoop(), when);
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
  public static <T> AsCompleted<T> asCompleted(Collection<? extends Awaitable<? extends T>> aws) {
    return Waits.asCompleted(aws, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #asCompleted(Collection)} with a timeout, counted from this call.
   *
   * @param <T> the type of the results
   * @param aws tasks, futures or coroutines
   * @param timeout seconds; {@link Double#POSITIVE_INFINITY} for none
   * @return the iteration; see {@link AsCompleted}
   */
  public static <T> AsCompleted<T> asCompleted(
      Collection<? extends Awaitable<? extends T>> aws, double timeout) {
    return Waits.asCompleted(aws, timeout);
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
  public static <T> Future<T> shield(Awaitable<T> aw) {
    return Waits.shield(aw);
  }

  // ---- introspection --------------------------------------------------------------------------

  /**
   * The call graph of the current task: which tasks await it, and where each is in its code
   * (asyncio's {@code capture_call_graph()}, 3.14).
   *
   * @return the graph, or {@code null} outside a task
   */
  public static @Nullable FutureCallGraph captureCallGraph() {
    Task<?> t = currentTask();
    return t == null ? null : Stacks.capture(t, 1);
  }

  /**
   * The call graph of a future or task: it, its call stack if it is a task, and the tasks and
   * futures awaiting it, each with its own call stack, up to the task nobody awaits. Loop thread
   * only.
   *
   * {@snippet :
   * Asyncio.printCallGraph(stuckTask);
   * // * Task(name='fetch', id=0x1b6d3586)
   * // + Call stack:
   * // |   at io.jasyncio.Asyncio.sleep(Asyncio.java:312)
   * // |   at app.Client.fetch(Client.java:42)
   * // + Awaited by:
   * //    * Task(name='Task-1', id=0x4554617c)
   * //       + Call stack:
   * //       |   at io.jasyncio.Future.await(Future.java:377)
   * //       |   at app.Main.main(Main.java:12)
   * }
   *
   * @param future the future or task
   * @return the graph
   */
  public static FutureCallGraph captureCallGraph(Future<?> future) {
    Objects.requireNonNull(future, "future");
    future.loop.turn.checkThread("captureCallGraph");
    return Stacks.capture(future, 1);
  }

  /**
   * Prints {@link #captureCallGraph()} to {@code System.out}: asyncio's {@code print_call_graph()}.
   */
  public static void printCallGraph() {
    FutureCallGraph g = captureCallGraph();
    if (g != null) {
      g.print(System.out);
    }
  }

  /**
   * Prints {@link #captureCallGraph(Future)} to {@code System.out}.
   *
   * @param future the future or task
   */
  public static void printCallGraph(Future<?> future) {
    captureCallGraph(future).print(System.out);
  }
}
