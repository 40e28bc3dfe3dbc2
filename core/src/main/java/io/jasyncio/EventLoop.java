package io.jasyncio;

import io.jasyncio.internal.Strand;
import io.jasyncio.internal.Strands;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An event loop: asyncio's {@code BaseEventLoop}. It runs callbacks and task steps one at a time on
 * one thread, the thread that called {@link #runForever()} or {@link #runUntilComplete}.
 *
 * <p>Most programs never touch a loop directly: {@link Asyncio#run} makes one, runs the main
 * coroutine on it and closes it.
 *
 * <p>Each iteration, as in asyncio: (1) callbacks handed over by {@link #callSoonThreadsafe} are
 * taken in, waiting for them until the earliest timer is due if nothing is ready; (2) due timers
 * move to the ready queue, earliest first, ties in scheduling order; (3) the callbacks that are
 * ready at that moment run, in order; those they schedule run in the next iteration.
 *
 * <p>Threads: {@link #callSoonThreadsafe}, {@link #time()}, {@link #isRunning()} and {@link
 * #isClosed()} may be called from any thread. Every other method is for the loop's own thread (the
 * thread running it, or any thread while it is not running) and throws {@link
 * IllegalStateException} elsewhere.
 *
 * <p>Errors in callbacks never stop the loop: they go to the {@link ExceptionHandler}.
 *
 * <p>Context: a callback runs in a copy of the {@link Context} current when it was scheduled
 * ({@link #callSoon}, {@link #callLater}, {@link #callAt}, {@link #callSoonThreadsafe}), as
 * asyncio's default {@code context=None} does; a task, in its own.
 *
 * <h2>Differences from asyncio</h2>
 *
 * <ul>
 *   <li>Pending tasks are strongly reachable from the loop until they are done.
 *   <li>{@link #close()} unwinds the tasks still pending (their {@code finally} blocks run) and
 *       reports them, and reports every exception that was never retrieved.
 *   <li>Loop-thread-only methods check their thread always, not only in debug mode.
 * </ul>
 */
public final class EventLoop implements AutoCloseable {
  /*
   * Implementation notes.
   *
   * Loop states: NEW --runForever--> RUNNING --stop/complete--> NEW ... --close--> CLOSED.
   * `thread` is the thread running the loop (null when not running); `owner` is the thread allowed
   * to touch the loop right now: `thread`, or the running task's own thread on the
   * virtual-threads engine. Both are volatile so foreign threads read them for the thread check.
   *
   * Every other field is confined to the owner. `ready` and `scheduled` are asyncio's `_ready` and
   * `_scheduled`; cancelled timers stay in the heap (counted in `timerCancelledCount`) and are
   * dropped when they reach its head, or all at once when they are over half of a large heap.
   */
  private static final long ORIGIN = System.nanoTime();
  private static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
  private static final System.Logger LOG = System.getLogger("io.jasyncio");

  /** The default executor's threads: a virtual thread per job, numbered. */
  private static final java.util.concurrent.ThreadFactory EXECUTOR_THREADS =
      Thread.ofVirtual().name("jasyncio-executor-", 0).factory();

  /** The loops running now, for {@link #running()}: few, so a scan beats a ThreadLocal. */
  private static volatile EventLoop[] runningLoops = new EventLoop[0];

  private final Engine engine;
  private final Function<Runnable, Strand> strands;

  /** Bound by {@link Asyncio#withVirtualTime}: loops made inside run on virtual time. */
  static final ScopedValue<double[]> VIRTUAL_TIME_SCOPE = ScopedValue.newInstance();

  /** Where this loop adds its final virtual time at close, if made in withVirtualTime. */
  private final double @Nullable [] virtualTimeTotal;

  /** Whether the clock is virtual; then `virtualNanos` is the time, moved only by runOnce. */
  private final boolean virtualTime;

  /** Written by the owner only; volatile because {@link #time()} may be read from any thread. */
  private volatile long virtualNanos;

  /** How each iteration's ready batch is ordered; `orderer` is its state, null for FIFO. */
  private Schedule schedule = Schedule.fifo();

  private Schedule.@Nullable Orderer orderer;

  private final ArrayDeque<Handle> ready = new ArrayDeque<>();
  private final PriorityQueue<TimerHandle> scheduled = new PriorityQueue<>();
  private int timerCancelledCount;
  private long timerSeq;
  private final ConcurrentLinkedQueue<Handle> threadsafe = new ConcurrentLinkedQueue<>();

  private volatile @Nullable Thread thread;
  private volatile @Nullable Thread owner;
  private boolean stopping;
  private volatile boolean closed;

  /** True while {@link #close()} unwinds pending tasks: await points throw instead of waiting. */
  boolean closing;

  /** True while a callback (not a task step) runs; `callbackContext` is its context. */
  boolean inCallback;

  @Nullable Context callbackContext;

  /** The task whose body is running, asyncio's current task. */
  @Nullable Task<?> current;

  /** Head and tail of the list of pending tasks; it keeps them strongly reachable. */
  private @Nullable Task<?> liveHead;

  private @Nullable Task<?> liveTail;
  private int liveCount;

  private final LinkedHashSet<Unretrieved> unretrieved = new LinkedHashSet<>();
  private final ReferenceQueue<Future<?>> collected = new ReferenceQueue<>();

  private @Nullable ExceptionHandler exceptionHandler;

  /**
   * The children of task groups, each with the task running its group: who awaits them, for
   * captureCallGraph. Kept here, not in Task, so that tasks outside groups carry no field for it.
   */
  private java.util.@Nullable IdentityHashMap<Task<?>, Task<?>> groupParents;

  private @Nullable ArrayDeque<Task<?>> eagerCreators;

  /** Debug mode's state; null while debug mode is off. */
  private @Nullable Debug debug;

  private long slowCallbackNanos = 100_000_000L;

  /** Whether createTask starts tasks eagerly (asyncio's eager task factory). */
  private boolean eagerTasks;

  /** The executor of {@link #runInExecutor} with none given; null: a virtual thread per call. */
  private @Nullable Executor defaultExecutor;

  /**
   * Jobs handed to executors by {@link #runInExecutor} that hold the virtual clock: out and not
   * blocked on a future of this loop. While any does, a virtual clock does not jump: time never
   * passes work that is still running. Any thread (a job blocking in Future.get lets go of it).
   */
  private final java.util.concurrent.atomic.AtomicInteger foreignJobs =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The loop whose job the current thread runs, for {@link #releaseClock()}. */
  private static final ThreadLocal<EventLoop> JOB_OF = new ThreadLocal<>();

  /** How many runInExecutor jobs run on the default executor. Owner only. */
  private int defaultExecutorJobs;

  /** Completed when the default executor's last job comes back; see shutdownDefaultExecutor. */
  private @Nullable Future<Void> defaultExecutorDrained;

  /**
   * A loop on the {@linkplain Engine#defaultEngine() default engine}, on real time (on virtual time
   * inside {@link Asyncio#withVirtualTime}).
   */
  public EventLoop() {
    this(Engine.defaultEngine());
  }

  /**
   * A loop on the given engine, on real time (on virtual time inside {@link
   * Asyncio#withVirtualTime}).
   *
   * @param engine how task bodies run
   * @throws IllegalStateException if the engine is not available in this JVM
   */
  public EventLoop(Engine engine) {
    this(engine, VIRTUAL_TIME_SCOPE.isBound());
  }

  /**
   * A loop on the given engine, on real or virtual time.
   *
   * <p>On virtual time, {@link #time()} starts at 0 and moves only when the loop has nothing to do
   * but wait for a timer: then it jumps straight to that timer's deadline (Trio's autojump clock).
   * Every ordering is the same as on real time; a program that sleeps for an hour runs in
   * microseconds. Work handed to other threads with {@link #runInExecutor} (or {@link
   * Asyncio#toThread}) holds the clock until it comes back, so time never jumps past work that is
   * still running, except while that work blocks in {@link Future#get()} on a future of this loop
   * (the loop may need to move time to complete it). Such work therefore takes no virtual time: a
   * timeout around it does not expire while it runs. Other callbacks from other threads ({@link
   * #callSoonThreadsafe}) do not hold the clock.
   *
   * @param engine how task bodies run
   * @param virtualTime whether the clock is virtual
   * @throws IllegalStateException if the engine is not available in this JVM
   */
  public EventLoop(Engine engine, boolean virtualTime) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.checkAvailable();
    this.strands = Strands.factory(engine == Engine.CONTINUATIONS);
    this.virtualTime = virtualTime;
    this.virtualTimeTotal =
        virtualTime && VIRTUAL_TIME_SCOPE.isBound() ? VIRTUAL_TIME_SCOPE.get() : null;
    if (Debug.enabledByDefault()) {
      this.debug = new Debug(this);
    }
  }

  /**
   * @return the engine that runs this loop's tasks
   */
  public Engine engine() {
    return engine;
  }

  // ---- time and scheduling ------------------------------------------------------------------

  /**
   * The loop's clock: monotonic seconds. Any thread.
   *
   * @return the current time, in seconds
   */
  public double time() {
    return nanoTime() / 1e9;
  }

  long nanoTime() {
    return virtualTime ? virtualNanos : System.nanoTime() - ORIGIN;
  }

  /**
   * @return whether this loop runs on virtual time (see {@link #EventLoop(Engine, boolean)})
   */
  public boolean isVirtualTime() {
    return virtualTime;
  }

  /**
   * Schedules a callback to run in the next iteration, after those already scheduled. Loop thread
   * only: from another thread use {@link #callSoonThreadsafe}.
   *
   * @param callback what to run
   * @return a handle that can cancel it
   */
  public Handle callSoon(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkThread("callSoon");
    checkClosed();
    Handle h = new Handle(this, callback);
    h.context = Context.snapshot(this);
    ready.add(h);
    return h;
  }

  /**
   * Schedules a callback to run after {@code delay} seconds: asyncio's {@code call_later}. A
   * negative delay counts as 0. Loop thread only.
   *
   * @param delay seconds from now
   * @param callback what to run
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if the delay is NaN
   */
  public TimerHandle callLater(double delay, Runnable callback) {
    return callAtNanos(nanoTime() + toNanos(delay, "delay"), callback);
  }

  /**
   * As {@link #callLater(double, Runnable)} with a {@link Duration}.
   *
   * @param delay how long from now
   * @param callback what to run
   * @return a handle that can cancel it
   */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    return callAtNanos(saturatedAdd(nanoTime(), saturatedNanos(delay)), callback);
  }

  /**
   * Schedules a callback at a time of the loop's clock ({@link #time()}): asyncio's {@code
   * call_at}. Loop thread only.
   *
   * @param when the time, in seconds
   * @param callback what to run
   * @return a handle that can cancel it
   */
  public TimerHandle callAt(double when, Runnable callback) {
    return callAtNanos(toNanos(when, "when"), callback);
  }

  private TimerHandle callAtNanos(long when, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkThread("callLater/callAt");
    checkClosed();
    TimerHandle h = new TimerHandle(this, when, timerSeq++, callback);
    h.context = Context.snapshot(this);
    return schedule(h);
  }

  /** Schedules a timer made by the core (sleep). */
  <H extends TimerHandle> H schedule(H timer) {
    timer.scheduled = true;
    scheduled.add(timer);
    return timer;
  }

  long nextTimerSeq() {
    return timerSeq++;
  }

  static long toNanos(double seconds, String what) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(what + " is NaN: pass a number of seconds");
    }
    double n = seconds * 1e9;
    if (n >= Long.MAX_VALUE / 2.0) {
      return Long.MAX_VALUE / 2;
    }
    if (n <= -Long.MAX_VALUE / 2.0) {
      return -Long.MAX_VALUE / 2;
    }
    return Math.round(n);
  }

  static long saturatedNanos(Duration d) {
    Objects.requireNonNull(d, "delay");
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? -Long.MAX_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b > 0 ? Long.MAX_VALUE / 2 : -Long.MAX_VALUE / 2;
    }
    return Math.min(r, Long.MAX_VALUE / 2);
  }

  /**
   * Schedules a callback from any thread, and wakes the loop if it is waiting for a timer: the one
   * entry point into a loop from other threads.
   *
   * @param callback what to run on the loop thread
   * @return a handle; cancel it on the loop thread only
   * @throws IllegalStateException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkClosed();
    Handle h = new Handle(this, callback);
    h.context = Context.snapshot(isOwnerThread() ? this : null);
    threadsafe.add(h);
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
    return h;
  }

  /**
   * Runs blocking code on another thread and returns a future for its result: asyncio's {@code
   * run_in_executor}. The future completes on this loop when {@code fn} returns or throws. Loop
   * thread only.
   *
   * <p>Cancelling the future does not stop {@code fn}: it runs to its end on its thread, and its
   * outcome is dropped. On virtual time the clock does not move while {@code fn} runs, cancelled or
   * not, so no timer fires "during" work that is really still going on.
   *
   * @param <T> the type of the result
   * @param executor where to run {@code fn}; {@code null} for the loop's default executor (a new
   *     virtual thread per call, unless {@link #setDefaultExecutor} set another)
   * @param fn the blocking code
   * @return a future for the result
   * @throws RejectedExecutionException if the executor refuses the job
   */
  public <T> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    checkThread("runInExecutor");
    checkClosed();
    Future<T> f = new Future<>(this);
    boolean onDefault = executor == null;
    Executor ex = onDefault ? defaultExecutor : executor;
    Runnable job =
        () -> {
          T r = null;
          Throwable err = null;
          EventLoop outer = JOB_OF.get();
          JOB_OF.set(this);
          try {
            r = fn.call();
          } catch (Throwable t) {
            err = t;
          } finally {
            JOB_OF.set(outer);
          }
          T result = r;
          Throwable error = err;
          try {
            callSoonThreadsafe(() -> foreignJobDone(f, onDefault, result, error));
          } catch (IllegalStateException closedMeanwhile) {
            // the loop is gone: nobody can receive the outcome
          }
        };
    foreignJobs.incrementAndGet();
    if (onDefault) {
      defaultExecutorJobs++;
    }
    try {
      if (ex == null) {
        EXECUTOR_THREADS.newThread(job).start();
      } else {
        ex.execute(job);
      }
    } catch (RuntimeException | Error e) {
      foreignJobs.decrementAndGet();
      if (onDefault) {
        defaultExecutorJobs--;
      }
      throw e;
    }
    return f;
  }

  private <T> void foreignJobDone(
      Future<T> f, boolean onDefault, @Nullable T result, @Nullable Throwable error) {
    foreignJobs.decrementAndGet();
    if (onDefault && --defaultExecutorJobs == 0) {
      Future<Void> d = defaultExecutorDrained;
      if (d != null) {
        defaultExecutorDrained = null;
        d.setResult(null);
      }
    }
    if (f.isDone()) {
      return; // cancelled meanwhile
    }
    if (error != null) {
      f.setException(error);
    } else {
      f.setResult(result);
    }
  }

  /**
   * Called by a thread about to block on a future of this loop: if it runs a job of this loop, it
   * stops holding the virtual clock while it waits (the loop may need to move time to complete that
   * future). Any thread.
   *
   * @return whether the hold was released; then {@link #holdClockAgain()} must follow
   */
  boolean releaseClock() {
    if (JOB_OF.get() != this) {
      return false;
    }
    foreignJobs.decrementAndGet();
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t); // a loop parked for the job reconsiders: it may jump now
    }
    return true;
  }

  /** Takes back the hold given up by {@link #releaseClock()}. Any thread. */
  void holdClockAgain() {
    foreignJobs.incrementAndGet();
  }

  /**
   * Sets the executor {@link #runInExecutor} and {@link Asyncio#toThread} use when none is given:
   * asyncio's {@code set_default_executor}. Loop thread only.
   *
   * @param executor the executor, or {@code null} for a new virtual thread per call (the default)
   */
  public void setDefaultExecutor(@Nullable Executor executor) {
    checkThread("setDefaultExecutor");
    defaultExecutor = executor;
  }

  /**
   * Waits until every job started on the default executor has come back: asyncio's {@code
   * shutdown_default_executor}, which {@link Asyncio#run} calls before closing the loop. Runs the
   * loop while it waits. Loop thread only, not while the loop runs.
   */
  public void shutdownDefaultExecutor() {
    checkThread("shutdownDefaultExecutor");
    if (defaultExecutorJobs > 0) {
      Future<Void> drained = new Future<>(this);
      defaultExecutorDrained = drained;
      runUntilComplete(drained);
    }
  }

  /**
   * Queues a handle made by the core; dropped while the loop closes (the tasks are being
   * destroyed), refused once it is closed. Owner only.
   */
  void readyAdd(Handle h) {
    if (closing) {
      return;
    }
    checkClosed();
    ready.add(h);
  }

  void timerCancelled(TimerHandle h) {
    if (h.scheduled) {
      timerCancelledCount++;
    }
  }

  // ---- futures and tasks ----------------------------------------------------------------------

  /**
   * @param <T> the type of the result
   * @return a new pending future on this loop
   */
  public <T> Future<T> createFuture() {
    checkThread("createFuture");
    Future<T> f = new Future<>(this);
    Debug d = debug;
    if (d != null) {
      d.created(f);
    }
    return f;
  }

  // ---- debug mode -----------------------------------------------------------------------------

  /**
   * Turns debug mode on or off: asyncio's {@code set_debug}. Also on for every new loop with {@code
   * -Djasyncio.debug=true} or the environment variable {@code JASYNCIO_DEBUG=1}, and with {@link
   * Asyncio#run(Coroutine, boolean)}. In debug mode, reported to the {@link ExceptionHandler}:
   *
   * <ul>
   *   <li>every callback or task step that runs longer than {@link #getSlowCallbackDuration()} (100
   *       ms by default), with the task's name and where the step ended;
   *   <li>where each task and future was created, added to the reports of exceptions never
   *       retrieved and of tasks still pending when the loop closes;
   *   <li>a task that awaits while holding a Java monitor ({@code synchronized}), once per task
   *       (this needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or {@code =io.jasyncio}
   *       on the module path; without it, that is reported once instead).
   * </ul>
   *
   * <p>Costs: a stack trace per task and future created, a clock read per callback, a stack walk
   * (about 35 µs) per await. Loop thread only.
   *
   * @param enabled whether debug mode is on
   */
  public void setDebug(boolean enabled) {
    checkThread("setDebug");
    if (enabled && debug == null) {
      debug = new Debug(this);
    } else if (!enabled) {
      debug = null;
    }
  }

  /**
   * @return whether debug mode is on (asyncio's {@code get_debug})
   */
  public boolean isDebug() {
    return debug != null;
  }

  /**
   * @param seconds how long a callback or task step may run before debug mode reports it (asyncio's
   *     {@code slow_callback_duration})
   * @throws IllegalArgumentException if negative or NaN
   */
  public void setSlowCallbackDuration(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException(
          "setSlowCallbackDuration(" + seconds + "): pass a duration in seconds, >= 0");
    }
    slowCallbackNanos = toNanos(seconds, "slow callback duration");
  }

  /**
   * @return the threshold of {@link #setSlowCallbackDuration}, in seconds
   */
  public double getSlowCallbackDuration() {
    return slowCallbackNanos / 1e9;
  }

  void setGroupParent(Task<?> child, @Nullable Task<?> parent) {
    if (parent != null) {
      if (groupParents == null) {
        groupParents = new java.util.IdentityHashMap<>();
      }
      groupParents.put(child, parent);
    } else if (groupParents != null) {
      groupParents.remove(child);
    }
  }

  @Nullable Task<?> groupParentOf(Task<?> child) {
    return groupParents == null ? null : groupParents.get(child);
  }

  /** The tasks inside createTask starting an eager task now, innermost first. Owner only. */
  ArrayDeque<Task<?>> eagerCreators() {
    ArrayDeque<Task<?>> d = eagerCreators;
    if (d == null) {
      d = new ArrayDeque<>(4);
      eagerCreators = d;
    }
    return d;
  }

  /** Debug mode's state, or null. */
  @Nullable Debug debugState() {
    return debug;
  }

  List<StackTraceElement> creationSite(Future<?> f) {
    Debug d = debug;
    return d == null ? List.of() : d.creationSite(f);
  }

  /**
   * Wraps a coroutine in a task scheduled on this loop: asyncio's {@code loop.create_task}. The
   * task starts in a later iteration, after the callbacks already scheduled (or at once, if the
   * loop starts tasks eagerly: {@link #setEagerTasks}). Loop thread only.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @return the task
   */
  public <T> Task<T> createTask(Coroutine<T> coro) {
    return createTask(coro, null);
  }

  /**
   * As {@link #createTask(Coroutine)}, naming the task.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @return the task
   */
  public <T> Task<T> createTask(Coroutine<T> coro, @Nullable String name) {
    return createTask(coro, name, eagerTasks);
  }

  /**
   * As {@link #createTask(Coroutine, String)}, choosing whether the task starts eagerly: asyncio
   * 3.14's {@code create_task(coro, eager_start=...)}.
   *
   * <p>An eager task runs its first step at once, inside this call, while the loop is running: it
   * is {@link Asyncio#currentTask()} during that step, and the caller is current again afterwards.
   * If the body finishes without awaiting, the task is done when this returns and was never
   * scheduled; otherwise it goes on like any task. When the loop is not running, the task is
   * scheduled as usual.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @param eagerStart whether to run the first step now
   * @return the task
   */
  public <T> Task<T> createTask(Coroutine<T> coro, @Nullable String name, boolean eagerStart) {
    Objects.requireNonNull(coro, "coro");
    checkThread("createTask");
    checkClosed();
    return new Task<>(this, coro, name, eagerStart);
  }

  /**
   * As {@link #createTask(Coroutine, String, boolean)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @param eagerStart whether to run the first step now
   * @return the task
   */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name, boolean eagerStart) {
    Objects.requireNonNull(coro, "coro");
    checkThread("createTask");
    checkClosed();
    return new Task<>(this, coro, name, eagerStart);
  }

  /**
   * Makes {@link #createTask} start tasks eagerly (see {@link #createTask(Coroutine, String,
   * boolean)}): asyncio's {@code loop.set_task_factory(asyncio.eager_task_factory)}. Loop thread
   * only.
   *
   * @param eager true for eager tasks, false for asyncio's default
   */
  public void setEagerTasks(boolean eager) {
    checkThread("setEagerTasks");
    eagerTasks = eager;
  }

  /**
   * @return whether {@link #createTask} starts tasks eagerly
   */
  public boolean isEagerTasks() {
    return eagerTasks;
  }

  /**
   * As {@link #createTask(Coroutine)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @return the task, whose result is {@code null}
   */
  public Task<Void> createTask(VoidCoroutine coro) {
    return createTask(coro, null);
  }

  /**
   * As {@link #createTask(Coroutine, String)} for a coroutine that returns nothing.
   *
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @return the task, whose result is {@code null}
   */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name) {
    return createTask(coro, name, eagerTasks);
  }

  static Coroutine<Void> voidToCoroutine(VoidCoroutine coro) {
    return () -> {
      coro.run();
      return null;
    };
  }

  /** asyncio's {@code ensure_future}: a future as it is, a coroutine wrapped in a new task. */
  @SuppressWarnings("unchecked")
  <T> Future<T> ensureFuture(Awaitable<T> aw) {
    Objects.requireNonNull(aw, "awaitable");
    return switch (aw) {
      case Future<T> f -> f;
      case Coroutine<T> c -> createTask(c);
      case VoidCoroutine v -> (Future<T>) createTask(v);
    };
  }

  /**
   * The tasks of this loop that are not done yet, in creation order: asyncio's {@code all_tasks}.
   * Loop thread only.
   *
   * @return a snapshot of the pending tasks
   */
  public List<Task<?>> allTasks() {
    checkThread("allTasks");
    return allTasksUnchecked();
  }

  void register(Task<?> t) {
    Task<?> tail = liveTail;
    t.prevLive = tail;
    if (tail == null) {
      liveHead = t;
    } else {
      tail.nextLive = t;
    }
    liveTail = t;
    liveCount++;
  }

  void unregister(Task<?> t) {
    Task<?> p = t.prevLive;
    Task<?> n = t.nextLive;
    if (p == null) {
      liveHead = n;
    } else {
      p.nextLive = n;
    }
    if (n == null) {
      liveTail = p;
    } else {
      n.prevLive = p;
    }
    t.prevLive = null;
    t.nextLive = null;
    liveCount--;
  }

  Strand newStrand(Runnable body) {
    return strands.apply(body);
  }

  /** A task's body gets the turn: it becomes the current task, and on its own thread the owner. */
  void enter(Task<?> task, Strand strand) {
    current = task;
    Thread t = strand.thread();
    if (t != null) {
      owner = t;
    }
  }

  /** The thread allowed to touch the loop now. */
  @Nullable Thread ownerThread() {
    return owner;
  }

  /** After an eager step: the creator (a task, or none in a callback) is current again. */
  void restoreCurrent(@Nullable Task<?> task, @Nullable Thread ownerThread) {
    current = task;
    if (owner != ownerThread) {
      owner = ownerThread;
    }
  }

  /**
   * The body gave the turn back. On the continuations engine the owner never changed: no volatile
   * write on the switch path.
   */
  void leave(Strand strand) {
    current = null;
    if (strand.thread() != null) {
      owner = Thread.currentThread(); // the resumer: the loop, or the creator of an eager task
    }
  }

  // ---- running --------------------------------------------------------------------------------

  /**
   * Runs the loop until {@link #stop()} is called: asyncio's {@code run_forever}. The calling
   * thread becomes the loop thread.
   *
   * @throws IllegalStateException if the loop is closed or already running, or another loop runs on
   *     this thread
   */
  public void runForever() {
    checkClosed();
    Thread me = Thread.currentThread();
    if (engine == Engine.VIRTUAL_THREADS && !me.isVirtual()) {
      runForeverOnVirtualThread();
      return;
    }
    if (thread != null) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (running() != null) {
      throw new IllegalStateException(
          "Cannot run the event loop while another loop is running on this thread");
    }
    thread = me;
    owner = me;
    addRunning(this);
    try {
      while (true) {
        runOnce();
        if (stopping) {
          break;
        }
      }
    } finally {
      stopping = false;
      removeRunning(this);
      owner = null;
      thread = null;
    }
  }

  /**
   * On the virtual-threads engine the loop itself runs on a virtual thread, so that handing the
   * turn to a task and back is a switch between virtual threads, not a wake-up of a platform thread
   * through the operating system (about 100 times slower). The caller waits for it.
   */
  private void runForeverOnVirtualThread() {
    Throwable[] failure = new Throwable[1];
    Thread vt =
        Thread.ofVirtual()
            .name("jasyncio-loop")
            .start(
                () -> {
                  try {
                    runForever();
                  } catch (Throwable t) {
                    failure[0] = t;
                  }
                });
    boolean interrupted = false;
    while (true) {
      try {
        vt.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] != null) {
      throw Sneaky.rethrow(failure[0]);
    }
  }

  /**
   * Runs the loop until the awaitable is done, and returns its result or rethrows its exception
   * unchanged: asyncio's {@code run_until_complete}. A coroutine is wrapped in a task first.
   *
   * @param <T> the type of the result
   * @param awaitable a future, task or coroutine
   * @return its result
   * @throws IllegalStateException if the loop stopped before the future was done
   */
  public <T> @Nullable T runUntilComplete(Awaitable<T> awaitable) {
    checkClosed();
    if (thread != null) {
      throw new IllegalStateException("This event loop is already running");
    }
    Future<T> f = ensureFuture(awaitable);
    java.util.function.Consumer<Future<T>> stopper =
        fut -> {
          if (!fut.isCancelled()) {
            fut.exception(); // retrieved: the caller gets it from result() below
          }
          stop();
        };
    f.addDoneCallback(stopper);
    try {
      runForever();
    } finally {
      f.removeDoneCallback(stopper);
    }
    if (!f.isDone()) {
      throw new IllegalStateException("Event loop stopped before Future completed: " + f);
    }
    return f.result();
  }

  /**
   * Stops the loop after the callbacks of the current iteration: asyncio's {@code stop}. Called
   * before {@link #runForever()}, the loop runs one iteration and stops. Loop thread only.
   */
  public void stop() {
    checkThread("stop");
    stopping = true;
  }

  /**
   * @return whether the loop is running. Any thread.
   */
  public boolean isRunning() {
    return thread != null;
  }

  /**
   * @return whether the loop is closed. Any thread.
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the loop: asyncio's {@code close}. Scheduled callbacks are dropped. Tasks still pending
   * are unwound (a {@link CancelledError} is thrown at their await point, so their {@code finally}
   * blocks run) and reported as destroyed while pending; then every exception never retrieved is
   * reported. Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    checkThread("close");
    if (thread != null) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (closed) {
      return;
    }
    closing = true;
    try {
      ready.clear();
      scheduled.clear();
      threadsafe.clear();
      List<Task<?>> pending = allTasksUnchecked();
      if (!pending.isEmpty()) {
        // The tasks' finally blocks run as in a running loop: currentTask(), getRunningLoop() and
        // their ContextVars work there, and nothing they set lands in the closing thread's context.
        Thread prevOwner = owner;
        owner = Thread.currentThread();
        addRunning(this);
        try {
          for (Task<?> t : pending) {
            callExceptionHandler(
                new ExceptionContext(
                    "Task was destroyed but it is pending!",
                    null,
                    t.getName(),
                    t,
                    null,
                    creationSite(t)));
            t.unwind();
          }
        } finally {
          removeRunning(this);
          owner = prevOwner;
        }
      }
      reportUnretrieved(true);
    } finally {
      closed = true;
      closing = false;
      double[] total = virtualTimeTotal;
      if (total != null) {
        total[0] += virtualNanos / 1e9;
      }
    }
  }

  private List<Task<?>> allTasksUnchecked() {
    List<Task<?>> out = new ArrayList<>(liveCount);
    for (Task<?> t = liveHead; t != null; t = t.nextLive) {
      out.add(t);
    }
    return out;
  }

  /** One iteration, asyncio's {@code _run_once}. */
  private void runOnce() {
    PriorityQueue<TimerHandle> heap = scheduled;
    int n = heap.size();
    if (n > MIN_SCHEDULED_TIMER_HANDLES && timerCancelledCount * 2 > n) {
      heap.removeIf(
          h -> {
            if (h.cancelled) {
              h.scheduled = false;
              return true;
            }
            return false;
          });
      timerCancelledCount = 0;
    } else {
      TimerHandle head;
      while ((head = heap.peek()) != null && head.cancelled) {
        timerCancelledCount--;
        heap.poll();
        head.scheduled = false;
      }
    }

    // "select": take in callbacks from other threads, waiting for them if nothing is due
    Handle h = threadsafe.poll();
    if (h == null && ready.isEmpty() && !stopping) {
      TimerHandle head = heap.peek();
      if (head == null) {
        LockSupport.park(this);
      } else if (virtualTime && foreignJobs.get() > 0) {
        LockSupport.park(this); // work on other threads holds the clock until it comes back
      } else if (virtualTime) {
        virtualNanos = Math.max(virtualNanos, head.whenNanos); // nothing else to do: jump
      } else {
        long wait = head.whenNanos - nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
        }
      }
      h = threadsafe.poll();
    }
    while (h != null) {
      ready.add(h);
      h = threadsafe.poll();
    }

    if (!heap.isEmpty()) { // the clock is read only when a timer may be due
      long now = nanoTime();
      TimerHandle t;
      while ((t = heap.peek()) != null && t.whenNanos <= now) {
        heap.poll();
        t.scheduled = false;
        ready.add(t);
      }
    }

    if (!unretrieved.isEmpty()) {
      reportUnretrieved(false);
    }

    int ntodo = ready.size();
    Schedule.Orderer o = orderer;
    if (o == null || ntodo < 2) {
      for (int i = ntodo; i > 0; i--) {
        runHandle(ready.poll());
      }
    } else {
      runExplored(o, ntodo);
    }
  }

  /**
   * Runs this iteration's {@code ntodo} ready handles with the task steps among them in the
   * schedule's order, put back into the steps' own slots: plain callbacks keep their places.
   * Exploration only, kept off the plain path of runOnce.
   */
  private void runExplored(Schedule.Orderer o, int ntodo) {
    Handle[] batch = new Handle[ntodo];
    int steps = 0;
    for (int i = 0; i < ntodo; i++) {
      Handle next = ready.poll();
      batch[i] = next;
      if (next instanceof Task<?>.Step) {
        steps++;
      }
    }
    if (steps >= 2) {
      Handle[] st = new Handle[steps];
      for (int i = 0, j = 0; i < ntodo; i++) {
        if (batch[i] instanceof Task<?>.Step) {
          st[j++] = batch[i];
        }
      }
      o.order(st);
      for (int i = 0, j = 0; i < ntodo; i++) {
        if (batch[i] instanceof Task<?>.Step) {
          batch[i] = st[j++];
        }
      }
    }
    for (Handle handle : batch) {
      runHandle(handle);
      if (steps >= 2 && handle instanceof Task<?>.Step) {
        o.ran(handle);
      }
    }
  }

  private void runHandle(Handle handle) {
    Debug d = debug;
    if (d != null) {
      d.runTimed(handle, slowCallbackNanos);
    } else {
      runHandleChecked(handle);
    }
  }

  void runHandleChecked(Handle handle) {
    if (handle.cancelled) {
      return;
    }
    boolean callback = !(handle instanceof Task<?>.Step);
    if (callback) { // a callback runs in its own context (a task step, in its task's)
      inCallback = true;
      callbackContext = handle.context;
    }
    try {
      handle.invoke();
    } catch (Throwable e) {
      callExceptionHandler(
          new ExceptionContext("Exception in callback " + handle, e, null, null, handle));
    } finally {
      if (callback) {
        inCallback = false;
        callbackContext = null;
      }
    }
  }

  /**
   * Explores schedules: as {@link #setSchedule setSchedule(Schedule.random(seed))}.
   *
   * @param seed the seed
   */
  public void exploreSchedules(long seed) {
    setSchedule(Schedule.random(seed));
  }

  /**
   * Sets the order in which the task steps that are ready in the same iteration run (plain
   * callbacks always keep their order): asyncio's first-in, first-out order ({@link
   * Schedule#fifo()}, the default), or a seeded exploration order. The same seeded schedule, set on
   * a fresh loop running the same program, gives the same order again, so a failure found this way
   * replays exactly. For tests: it finds ordering bugs that FIFO order hides. Loop thread only.
   *
   * @param schedule the schedule; its state (priorities, generator) starts afresh
   */
  public void setSchedule(Schedule schedule) {
    checkThread("setSchedule");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.orderer = schedule.newOrderer();
  }

  /**
   * @return the schedule set by {@link #setSchedule}, {@link Schedule#fifo()} by default
   */
  public Schedule getSchedule() {
    return schedule;
  }

  // ---- threads --------------------------------------------------------------------------------

  /** The loop the calling thread may use right now, or null. */
  static @Nullable EventLoop running() {
    Thread me = Thread.currentThread();
    for (EventLoop l : runningLoops) {
      if (l.owner == me) {
        return l;
      }
    }
    return null;
  }

  private static synchronized void addRunning(EventLoop l) {
    EventLoop[] a = Arrays.copyOf(runningLoops, runningLoops.length + 1);
    a[a.length - 1] = l;
    runningLoops = a;
  }

  private static synchronized void removeRunning(EventLoop l) {
    EventLoop[] a = runningLoops;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == l) {
        EventLoop[] b = new EventLoop[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        runningLoops = b;
        return;
      }
    }
  }

  /** The running task of the calling thread's loop, for an await point named {@code op}. */
  static Task<?> currentTaskFor(String op) {
    EventLoop loop = running();
    if (loop == null) {
      throw new IllegalStateException(
          "no running event loop: "
              + op
              + " is an await point and works only inside a task; start one with"
              + " Asyncio.run(...)");
    }
    Task<?> t = loop.current;
    if (t == null) {
      throw new IllegalStateException(
          op
              + " called outside a task (in a callback?): await points work only inside a task"
              + " body; wrap the code in createTask(...)");
    }
    return t;
  }

  boolean isOwnerThread() {
    return owner == Thread.currentThread();
  }

  /** Throws unless the calling thread may touch the loop now. */
  void checkThread(String method) {
    Thread o = owner;
    if (o != null && o != Thread.currentThread()) {
      throw new IllegalStateException(
          method
              + "() called from thread '"
              + Thread.currentThread().getName()
              + "', but the loop runs on '"
              + o.getName()
              + "': from other threads use loop.callSoonThreadsafe(...)");
    }
  }

  private void checkClosed() {
    if (closed) {
      throw new IllegalStateException("Event loop is closed");
    }
  }

  // ---- errors ---------------------------------------------------------------------------------

  /**
   * Sets the handler of errors nothing else will see.
   *
   * @param handler the handler, or {@code null} for the default
   */
  public void setExceptionHandler(@Nullable ExceptionHandler handler) {
    checkThread("setExceptionHandler");
    this.exceptionHandler = handler;
  }

  /**
   * @return the handler set, or {@code null} for the default
   */
  public @Nullable ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Reports an error to the handler, or to {@link #defaultExceptionHandler} if none is set or the
   * handler itself fails.
   *
   * @param context what happened
   */
  public void callExceptionHandler(ExceptionContext context) {
    ExceptionHandler h = exceptionHandler;
    if (h == null) {
      defaultExceptionHandler(context);
      return;
    }
    try {
      h.handle(this, context);
    } catch (Throwable e) {
      defaultExceptionHandler(
          new ExceptionContext(
              "Unhandled error in exception handler while handling: " + context.describe(),
              e,
              null,
              null,
              null));
    }
  }

  /**
   * Logs the error through {@link System.Logger} {@code io.jasyncio} at level ERROR.
   *
   * @param context what happened
   */
  public void defaultExceptionHandler(ExceptionContext context) {
    Throwable e = context.exception();
    if (e == null) {
      LOG.log(System.Logger.Level.ERROR, context.describe());
    } else {
      LOG.log(System.Logger.Level.ERROR, context.describe(), e);
    }
  }

  /**
   * A failed future whose exception nobody retrieved yet. It refers to the future weakly, so that
   * it can be reported when the future is collected, and keeps what the report needs.
   */
  static final class Unretrieved extends WeakReference<Future<?>> {
    final Throwable exception;
    final @Nullable String taskName;
    final List<StackTraceElement> createdAt;

    Unretrieved(
        Future<?> f, Throwable e, ReferenceQueue<Future<?>> q, List<StackTraceElement> createdAt) {
      super(f, q);
      this.exception = e;
      this.taskName = f instanceof Task<?> t ? t.getName() : null;
      this.createdAt = createdAt;
    }
  }

  Unretrieved trackUnretrieved(Future<?> f, Throwable e) {
    Unretrieved u = new Unretrieved(f, e, collected, creationSite(f));
    unretrieved.add(u);
    return u;
  }

  void retrieved(Unretrieved u) {
    if (isOwnerThread() || owner == null) {
      unretrieved.remove(u);
    } else if (!closed) {
      callSoonThreadsafe(() -> unretrieved.remove(u));
    }
  }

  /** Reports exceptions never retrieved: of collected futures, or (at close) of all. */
  private void reportUnretrieved(boolean all) {
    Reference<? extends Future<?>> r;
    while ((r = collected.poll()) != null) {
      if (unretrieved.remove(r)) {
        report((Unretrieved) r);
      }
    }
    if (all) {
      List<Unretrieved> rest = new ArrayList<>(unretrieved);
      unretrieved.clear();
      for (Unretrieved u : rest) {
        Future<?> f = u.get();
        if (f != null) {
          f.unretrieved = null;
        }
        report(u);
      }
    }
  }

  private void report(Unretrieved u) {
    Future<?> f = u.get();
    String what = u.taskName != null ? "Task" : "Future";
    callExceptionHandler(
        new ExceptionContext(
            what + " exception was never retrieved",
            u.exception,
            u.taskName,
            f,
            null,
            u.createdAt));
  }

  @Override
  public String toString() {
    return "<EventLoop "
        + engine.name().toLowerCase(java.util.Locale.ROOT)
        + (closed ? " closed" : thread != null ? " running" : "")
        + " tasks="
        + liveCount
        + ">";
  }
}
