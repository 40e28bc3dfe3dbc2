package io.jasyncio;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
public final class Asyncio extends Waits {
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
  public static <T extends @Nullable Object> T run(Coroutine<T> main) {
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
  public static <T extends @Nullable Object> T run(Coroutine<T> main, boolean debug) {
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
  public static <T extends @Nullable Object> T run(Coroutine<T> main, Engine engine) {
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
  public static <T extends @Nullable Object> T runVirtualTime(Coroutine<T> main) {
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

  private static <T extends @Nullable Object> T run(Coroutine<T> main, Supplier<EventLoop> loop) {
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
  public static <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro) {
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
  public static <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro, String name) {
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
  public static <T extends @Nullable Object> Task<T> createTask(
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
   * As {@link #createTask(Coroutine, String)}, running the task in {@code context} itself rather
   * than in a copy of the current context: asyncio's {@code create_task(coro, context=ctx)}.
   *
   * {@snippet :
   * Context ctx = Context.copyContext();
   * createTask(() -> REQUEST_ID.set("42"), null, ctx).await();
   * ctx.get(REQUEST_ID); // "42": the task ran in ctx
   * }
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or null
   * @param context the context the task runs in
   * @return the task
   */
  public static <T extends @Nullable Object> Task<T> createTask(
      Coroutine<T> coro, @Nullable String name, Context context) {
    return getRunningLoop().createTask(coro, name, context);
  }

  /**
   * As {@link #createTask(Coroutine, String, Context)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name, or null
   * @param context the context the task runs in
   * @return the task
   */
  public static Task<Void> createTask(VoidCoroutine coro, @Nullable String name, Context context) {
    return getRunningLoop().createTask(coro, name, context);
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
    // Straight to Task.suspend, with no helper frame in between: every frame here is in the
    // suspended task's stack chunk (ADR 0019). sleep(Duration) is the same three lines.
    Object on = seconds <= 0 ? null : sleepOn(task, LoopClock.toNanos(seconds, "delay"));
    try {
      task.suspend(on); // the timer wakes the task; a cancellation is thrown here
    } finally {
      if (on instanceof SleepTimer timer) {
        timer.cancel(); // a no-op once it fired
      }
    }
  }

  /**
   * As {@link #sleep(double)} for a {@link Duration}.
   *
   * @param delay how long
   */
  public static void sleep(Duration delay) {
    long nanos = LoopClock.toNanos(delay);
    Task<?> task = RunningLoops.currentTaskFor("sleep()");
    Object on = nanos <= 0 ? null : sleepOn(task, nanos);
    try {
      task.suspend(on);
    } finally {
      if (on instanceof SleepTimer timer) {
        timer.cancel();
      }
    }
  }

  /**
   * What a sleep of {@code nanos > 0} waits on: its timer, armed; or, for a sleep until cancelled,
   * a future nobody completes (no timer, so a virtual clock never jumps): only its cancellation
   * wakes the task, and suspend throws that.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // the future is awaited by the caller's suspend
  private static Object sleepOn(Task<?> task, long nanos) {
    EventLoop loop = task.loop;
    if (nanos == LoopClock.NEVER) {
      return new Future<Void>(loop);
    }
    return loop.timers.add(
        new SleepTimer(loop, LoopClock.deadline(loop.clock.nanos(), nanos), task));
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
   * <p>Cancellation (a {@link #waitFor} timeout, a task group's failure, {@code task.cancel()}):
   * {@link CancelledError} is thrown here at once, and the thread running the code is interrupted,
   * as {@code Future.cancel(true)} interrupts in java.util.concurrent, so that blocking calls that
   * honour interrupts ({@code Thread.sleep}, {@code HttpClient.send}, {@code BlockingQueue.take},
   * interruptible channels) end early. This differs from asyncio, whose threads cannot be
   * interrupted. Code that ignores the interrupt runs on to its end, and its outcome is dropped;
   * {@link #run} waits for it before it closes the loop. On virtual time the clock does not move
   * while the code runs.
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
  public static <T extends @Nullable Object> T toThread(java.util.concurrent.Callable<T> fn) {
    Task<?> task = RunningLoops.currentTaskFor("toThread()");
    Context ctx = Context.current().copy();
    return task.loop.runInExecutor(null, () -> ctx.run(fn)).await();
  }

  // ---- other threads and CompletableFutures ---------------------------------------------------

  /**
   * Runs a coroutine as a task of {@code loop} from any thread, and returns a {@link
   * CompletableFuture} of its outcome: asyncio's {@code run_coroutine_threadsafe}. The task is made
   * on the loop's thread, at its next turn (a loop not yet running makes it when it runs).
   *
   * <p>Cancellation flows both ways: cancelling the returned future cancels the task (a task not
   * yet made is never made), and a cancelled task cancels the future. Completing the future by
   * other means first ({@code complete}, {@code orTimeout}) also cancels the task, as
   * kotlinx.coroutines' {@code future {}} does. The task's exception completes the future
   * exceptionally and counts as retrieved.
   *
   * {@snippet :
   * CompletableFuture<String> cf = runCoroutineThreadsafe(() -> fetch(url), loop);
   * String body = cf.get(5, TimeUnit.SECONDS); // on a thread that is not the loop's
   * }
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param loop the loop to run it on
   * @return a future of the task's outcome
   * @throws IllegalStateException if the loop is closed
   */
  public static <T extends @Nullable Object> CompletableFuture<T> runCoroutineThreadsafe(
      Coroutine<T> coro, EventLoop loop) {
    Objects.requireNonNull(coro, "coro");
    Objects.requireNonNull(loop, "loop");
    return CompletionBridge.runThreadsafe(coro, loop);
  }

  /**
   * As {@link #runCoroutineThreadsafe(Coroutine, EventLoop)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param loop the loop to run it on
   * @return a future completed with null when the task ends
   */
  public static CompletableFuture<Void> runCoroutineThreadsafe(VoidCoroutine coro, EventLoop loop) {
    Objects.requireNonNull(coro, "coro");
    return runCoroutineThreadsafe(Awaitables.coroutine(coro), loop);
  }

  /**
   * A future of the running loop completed by {@code stage}: asyncio's {@code wrap_future}, for any
   * {@link CompletionStage} ({@code CompletableFuture}, {@code HttpClient.sendAsync}, ...). The
   * stage's exception is unwrapped from {@link java.util.concurrent.CompletionException}; a
   * cancelled stage cancels the future, and cancelling the future cancels the stage (through {@code
   * toCompletableFuture().cancel(true)}, where the stage supports it).
   *
   * <p>On virtual time the clock does not move while the stage is pending, as for {@link
   * #toThread}: the work it stands for runs in real time on other threads. That hold is soft: a
   * stage completed by a task of this loop after a sleep would wait for the clock it holds, so once
   * only stages keep a due timer waiting for {@code -Djasyncio.stageHoldMillis} (1000) of real
   * time, the clock jumps anyway, with a warning. A {@code CompletableFuture} from {@link
   * Future#toCompletableFuture()} of this loop is that future itself, and holds nothing.
   *
   * @param <T> the type of the result
   * @param stage the stage
   * @return a future of the running loop
   * @throws IllegalStateException if no loop runs on this thread
   */
  public static <T extends @Nullable Object> Future<T> wrapFuture(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return CompletionBridge.wrap(stage, getRunningLoop());
  }

  /**
   * Waits inside a task for a {@link CompletionStage} and returns its result: asyncio's {@code
   * await wrap_future(f)}. Other tasks run meanwhile. If the awaiting task is cancelled, the stage
   * is cancelled too (see {@link #wrapFuture}); its exception is rethrown unchanged, unwrapped from
   * {@link java.util.concurrent.CompletionException}.
   *
   * {@snippet :
   * HttpResponse<String> r = await(client.sendAsync(request, BodyHandlers.ofString()));
   * }
   *
   * @param <T> the type of the result
   * @param stage the stage
   * @return its result
   * @throws CancelledError if the stage or the awaiting task is cancelled
   * @throws IllegalStateException outside a task body
   */
  public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    Task<?> task = RunningLoops.currentTaskFor("await(CompletionStage)");
    return CompletionBridge.wrap(stage, task.loop).await();
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
