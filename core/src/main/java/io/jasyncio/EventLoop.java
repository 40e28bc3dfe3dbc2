package io.jasyncio;

import io.jasyncio.internal.LoopAccess;
import io.jasyncio.internal.Strand;
import io.jasyncio.internal.Strands;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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
 * move to the ready queue, earliest first, ties in the order they were armed; (3) the callbacks
 * that are ready at that moment run, in order; those they queue run in the next iteration.
 *
 * <p>Threads: {@link #callSoonThreadsafe}, {@link #time()}, {@link #isRunning()} and {@link
 * #isClosed()} may be called from any thread. Every other method is for the loop's own thread (the
 * thread running it, or any thread while it is not running) and throws {@link
 * IllegalStateException} elsewhere. Interrupting the thread running the loop asks it to stop: the
 * future {@link #runUntilComplete} runs for is cancelled (as a first Ctrl-C cancels asyncio.run's
 * main task), and the interrupt status is set again when the run returns.
 *
 * <p>Errors in callbacks never stop the loop: they go to the {@link ExceptionHandler}. Context: a
 * callback runs in a copy of the {@link Context} current when it was queued ({@link #callSoon},
 * {@link #callLater}, {@link #callAt}, {@link #callSoonThreadsafe}), as asyncio's default {@code
 * context=None} does; a task, in its own.
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
public final class EventLoop extends LoopDiagnostics implements AutoCloseable {
  /*
   * Implementation notes.
   *
   * The loop coordinates collaborators that each own a piece of its state:
   *   ready      ReadyQueue       asyncio's _ready, and the Schedule of each iteration's task steps
   *   timers     Timers           asyncio's _scheduled heap
   *   clock      LoopClock        real or virtual time
   *   threadsafe ThreadsafeQueue  the entry from other threads; wakes the loop through `poller`
   *   poller     Poller           the select step's wait, and the channels' readiness (a Selector)
   *   tasks      LiveTasks        the pending tasks, kept reachable, and how they relate
   *   jobs       ExecutorJobs     work on other threads, and its hold on a virtual clock
   * and, in the superclass LoopDiagnostics (the loop's public API on what goes wrong):
   *   turn       Turn             the owner thread, the current task, the callback context
   *   failures   FailureLedger    the exception handler and the never-retrieved ledger
   *   debug      Debug            debug mode's state, null while it is off
   * RunningLoops maps threads to the loops they may use; Runner is what Asyncio.run does.
   *
   * States, in `state` (written by the owner thread, read by any thread):
   *
   *   IDLE --runForever()--> RUNNING --stop() honoured, or runUntilComplete's future done--> IDLE
   *   IDLE --close()--> CLOSING --pending tasks unwound, failures reported--> CLOSED (final)
   *
   * In RUNNING, `thread` is the thread running the loop; it is null in every other state. In
   * CLOSING, the closing thread resumes each pending task with a CancelledError at every await
   * point it reaches (Task.unwind), and whatever the unwound tasks queue is dropped.
   *
   * `state` and `thread` are volatile, for isRunning/isClosed and the wake-up from other threads.
   * Every other field is confined to the turn's owner thread (see Turn).
   */
  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int CLOSING = 2;
  private static final int CLOSED = 3;

  private final Engine engine;

  /** Makes a task's strand: how its body runs, on this loop's engine. */
  final Function<Runnable, Strand> strands;

  /** Runs every task body of this loop, and carries what a body hands back at a switch. */
  final Task.BodyRunner bodies = new Task.BodyRunner();

  final ReadyQueue ready = new ReadyQueue();
  final Timers timers = new Timers();
  final LoopClock clock;
  final LiveTasks tasks = new LiveTasks();
  final Poller poller = new Poller(this, ready);
  final ThreadsafeQueue threadsafe = new ThreadsafeQueue(poller);
  final ExecutorJobs jobs;

  private volatile int state = IDLE;

  /** The thread running the loop (RUNNING), else null. */
  volatile @Nullable Thread thread;

  /** stop() was called: the loop stops at the end of this iteration. */
  private boolean stopping;

  /** Whether createTask starts tasks eagerly (asyncio's eager task factory). */
  private boolean eagerTasks;

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
    this(engine, LoopClock.VIRTUAL_TIME_SCOPE.isBound());
  }

  /**
   * A loop on the given engine, on real or virtual time.
   *
   * <p>On virtual time, {@link #time()} starts at 0 and moves only when the loop has nothing to do
   * but wait for a timer: then it jumps to that timer's deadline (Trio's autojump clock). Orderings
   * are those of real time; an hour of sleeps runs in microseconds. Work on other threads ({@link
   * #runInExecutor}, {@link Asyncio#toThread}) holds the clock until it comes back, except while it
   * blocks in {@link Future#get()} on a future of this loop; so such work takes no virtual time.
   * Callbacks from other threads ({@link #callSoonThreadsafe}) do not hold the clock.
   *
   * @param engine how task bodies run
   * @param virtualTime whether the clock is virtual
   * @throws IllegalStateException if the engine is not available in this JVM
   */
  public EventLoop(Engine engine, boolean virtualTime) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.checkAvailable();
    this.strands = Strands.factory(engine == Engine.CONTINUATIONS);
    this.clock = new LoopClock(virtualTime);
    this.jobs = new ExecutorJobs(this, clock, poller);
    if (Debug.enabledByDefault()) {
      this.debug = new Debug(this);
    }
  }

  /** Returns the engine that runs this loop's tasks. */
  public Engine engine() {
    return engine;
  }

  private String engineName() {
    return engine.name().toLowerCase(Locale.ROOT);
  }

  // ---- time and callbacks ---------------------------------------------------------------------

  /** Returns the loop's clock, monotonic seconds: asyncio's {@code time()}. Any thread. */
  public double time() {
    return clock.nanos() / 1e9;
  }

  /** Returns whether this loop runs on virtual time (see {@link #EventLoop(Engine, boolean)}). */
  public boolean isVirtualTime() {
    return clock.isVirtual();
  }

  /**
   * Queues a callback to run in the next iteration, after those already queued: asyncio's {@code
   * call_soon}. Loop thread only: from another thread use {@link #callSoonThreadsafe}.
   *
   * @param callback what to run
   * @return a handle that can cancel it
   */
  public Handle callSoon(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    turn.checkThread("callSoon");
    checkClosed();
    Handle h = new Handle.Call(this, callback, Context.snapshot(this));
    ready.add(h);
    return h;
  }

  /**
   * Arms a timer that runs a callback after {@code delay} seconds: asyncio's {@code call_later}. A
   * negative delay counts as 0. Loop thread only.
   *
   * @param delay seconds from now
   * @param callback what to run
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if the delay is NaN
   */
  public TimerHandle callLater(double delay, Runnable callback) {
    return callAtNanos(
        LoopClock.deadline(clock.nanos(), LoopClock.toNanos(delay, "delay")), callback);
  }

  /** As {@link #callLater(double, Runnable)} with a {@link Duration}; returns its handle. */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    return callAtNanos(LoopClock.deadline(clock.nanos(), LoopClock.toNanos(delay)), callback);
  }

  /**
   * As {@link #callLater(double, Runnable)} at a time {@code when} of the loop's clock ({@link
   * #time()}), in seconds: asyncio's {@code call_at}; returns the timer's handle.
   */
  public TimerHandle callAt(double when, Runnable callback) {
    return callAtNanos(LoopClock.toNanos(when, "when"), callback);
  }

  private TimerHandle callAtNanos(long when, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    turn.checkThread("callLater/callAt");
    checkClosed();
    return timers.add(
        new TimerHandle.Call(this, when, timers.nextSeq(), callback, Context.snapshot(this)));
  }

  /**
   * Queues a callback from any thread, and wakes the loop if it is waiting: the one entry point
   * into a loop from other threads. While the loop runs and 65,536 such callbacks are pending
   * ({@code -Djasyncio.threadsafeCapacity}), a thread other than the loop's waits for room first;
   * each iteration takes only the callbacks handed over before it began, so a flood cannot starve
   * tasks and timers.
   *
   * @param callback what to run on the loop thread
   * @return a handle; cancel it on the loop thread only
   * @throws IllegalStateException if the loop is closed (also when it closes while this waits)
   * @throws java.util.concurrent.RejectedExecutionException if interrupted while waiting for room
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkClosed();
    boolean own = turn.isOwnerThread();
    Handle h = new Handle.Call(this, callback, Context.snapshot(own ? this : null));
    threadsafe.add(h, state == RUNNING && !own); // other threads wait while it is full
    return h;
  }

  /**
   * Queues a handle made by the core, or a task's step (the task is its own entry in the queue);
   * dropped while the loop closes (the tasks are being destroyed), refused once it is closed. Owner
   * only.
   */
  void readyAdd(Handle h) {
    if (acceptsReady()) {
      ready.add(h);
    }
  }

  void readyAdd(Task<?> t) { // as readyAdd(Handle)
    if (acceptsReady()) {
      ready.add(t);
    }
  }

  private boolean acceptsReady() {
    int s = state;
    if (s == CLOSED) {
      checkClosed(); // throws
    }
    return s != CLOSING;
  }

  // ---- I/O readiness ---------------------------------------------------------------------------

  /**
   * Runs {@code callback} on the loop each time {@code channel} is ready to read (to accept, for a
   * {@link java.nio.channels.ServerSocketChannel}) until {@link #removeReader}: asyncio's {@code
   * add_reader}; it replaces the reader registered before. A loop with a registered channel waits
   * in a {@link java.nio.channels.Selector}. Loop thread only.
   *
   * @throws IllegalArgumentException if the channel is in blocking mode, closed, or not readable
   */
  public void addReader(SelectableChannel channel, Runnable callback) {
    addIo(channel, true, callback);
  }

  /** Stops {@link #addReader}'s callback; returns whether one was registered. Loop thread only. */
  public boolean removeReader(SelectableChannel channel) {
    turn.checkThread("removeReader");
    return poller.remove(Objects.requireNonNull(channel, "channel"), true);
  }

  /**
   * As {@link #addReader} for writing: {@code callback} runs each time {@code channel} can be
   * written (for a {@link java.nio.channels.SocketChannel} whose connect is pending: once the
   * connection is made or has failed) until {@link #removeWriter}: asyncio's {@code add_writer}.
   */
  public void addWriter(SelectableChannel channel, Runnable callback) {
    addIo(channel, false, callback);
  }

  /** Stops {@link #addWriter}'s callback; returns whether one was registered. Loop thread only. */
  public boolean removeWriter(SelectableChannel channel) {
    turn.checkThread("removeWriter");
    return poller.remove(Objects.requireNonNull(channel, "channel"), false);
  }

  private void addIo(SelectableChannel channel, boolean reader, Runnable callback) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(callback, "callback");
    turn.checkThread(reader ? "addReader" : "addWriter");
    checkClosed();
    poller.add(channel, reader, new Handle.Call(this, callback, Context.snapshot(this)));
  }

  static {
    LoopAccess.install(new CoreAccess());
  }

  // ---- work on other threads ------------------------------------------------------------------

  /**
   * Runs blocking code on another thread and returns a future for its result: asyncio's {@code
   * run_in_executor}. The future completes on this loop when {@code fn} returns or throws. Loop
   * thread only.
   *
   * <p>Cancelling the future interrupts the thread running {@code fn} (a job the executor has not
   * started yet never starts), as {@code FutureTask.cancel(true)} does; {@code fn} that ignores the
   * interrupt runs to its end, and its outcome is dropped. On virtual time the clock does not move
   * while {@code fn} runs, cancelled or not.
   *
   * @param <T> the type of the result
   * @param executor where to run {@code fn}; {@code null} for the loop's default executor (a new
   *     virtual thread per call, unless {@link #setDefaultExecutor} set another)
   * @param fn the blocking code
   * @return a future for the result
   * @throws RejectedExecutionException if the executor refuses the job
   */
  public <T extends @Nullable Object> Future<T> runInExecutor(
      @Nullable Executor executor, Callable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    turn.checkThread("runInExecutor");
    checkClosed();
    return jobs.submit(executor, fn);
  }

  /**
   * Sets the executor {@link #runInExecutor} and {@link Asyncio#toThread} use when none is given:
   * asyncio's {@code set_default_executor}. Loop thread only.
   *
   * @param executor the executor, or {@code null} for a new virtual thread per call (the default)
   */
  public void setDefaultExecutor(@Nullable Executor executor) {
    turn.checkThread("setDefaultExecutor");
    jobs.setDefaultExecutor(executor);
  }

  /** As {@link #shutdownDefaultExecutor(double)} with no time limit. */
  public void shutdownDefaultExecutor() {
    shutdownDefaultExecutor(Double.POSITIVE_INFINITY);
  }

  /**
   * Waits until every job started on the default executor has come back, at most {@code timeout}
   * seconds of real time: asyncio's {@code shutdown_default_executor(timeout)}, which {@link
   * Asyncio#run} calls with 300 s ({@code -Djasyncio.executorShutdownTimeout}) before it closes the
   * loop. Runs the loop while it waits. When the time is up, the exception handler gets a warning
   * naming each job still running, and this returns; the jobs run on. Loop thread only.
   */
  public void shutdownDefaultExecutor(double timeout) {
    turn.checkThread("shutdownDefaultExecutor");
    Future<Void> drained = jobs.defaultDrained(LoopClock.checkSeconds(timeout, "timeout"));
    if (drained != null) {
      runUntilComplete(drained);
    }
  }

  // ---- futures and tasks ----------------------------------------------------------------------

  /** Returns a new pending future on this loop: asyncio's {@code create_future()}. */
  public <T extends @Nullable Object> Future<T> createFuture() {
    turn.checkThread("createFuture");
    Future<T> f = new Future<>(this);
    Debug d = debug;
    if (d != null) {
      d.created(f);
    }
    return f;
  }

  /**
   * Wraps a coroutine in a task queued on this loop: asyncio's {@code loop.create_task}. The task
   * starts in a later iteration, after the callbacks already queued (or at once, if the loop starts
   * tasks eagerly: {@link #setEagerTasks}). Loop thread only.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @return the task
   */
  public <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro) {
    return createTask(coro, null, eagerTasks);
  }

  /** As {@link #createTask(Coroutine)}, naming the task ({@code null}: {@code Task-N}). */
  public <T extends @Nullable Object> Task<T> createTask(Coroutine<T> coro, @Nullable String name) {
    return createTask(coro, name, eagerTasks);
  }

  /**
   * As {@link #createTask(Coroutine, String)}, choosing whether the task starts eagerly (asyncio
   * 3.14's {@code eager_start}): then, if the loop is running, its first step runs inside this
   * call, as the current task, and the caller is current again afterwards; a body that finishes
   * without awaiting is done when this returns, and was never queued.
   *
   * @param <T> the type of the result
   * @param coro the coroutine
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @param eagerStart whether to run the first step now
   * @return the task
   */
  public <T extends @Nullable Object> Task<T> createTask(
      Coroutine<T> coro, @Nullable String name, boolean eagerStart) {
    return newTask(coro, name, eagerStart, null);
  }

  /**
   * As {@link #createTask(Coroutine, String)}, running the task in {@code context} itself, not in a
   * copy of the current one (asyncio's {@code context=ctx}): what it sets is seen there after.
   */
  public <T extends @Nullable Object> Task<T> createTask(
      Coroutine<T> coro, @Nullable String name, Context context) {
    return newTask(coro, name, eagerTasks, Objects.requireNonNull(context, "context"));
  }

  /** As {@link #createTask(Coroutine, String, Context)} for a coroutine that returns nothing. */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name, Context context) {
    return newTask(coro, name, eagerTasks, Objects.requireNonNull(context, "context"));
  }

  /** As {@link #createTask(Coroutine)} for a coroutine that returns nothing. */
  public Task<Void> createTask(VoidCoroutine coro) {
    return newTask(coro, null, eagerTasks, null);
  }

  /** As {@link #createTask(Coroutine, String)} for a coroutine that returns nothing. */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name) {
    return newTask(coro, name, eagerTasks, null);
  }

  /** As {@link #createTask(Coroutine, String, boolean)} for a coroutine that returns nothing. */
  public Task<Void> createTask(VoidCoroutine coro, @Nullable String name, boolean eagerStart) {
    return newTask(coro, name, eagerStart, null);
  }

  private <T extends @Nullable Object> Task<T> newTask(
      Awaitable<T> body, @Nullable String name, boolean eagerStart, @Nullable Context context) {
    Objects.requireNonNull(body, "coro");
    turn.checkThread("createTask");
    checkClosed();
    return new Task<>(this, body, name, eagerStart, context);
  }

  /**
   * Makes {@link #createTask} start tasks eagerly ({@code true}; see {@link #createTask(Coroutine,
   * String, boolean)}) or not (asyncio's default): asyncio's {@code
   * loop.set_task_factory(asyncio.eager_task_factory)}. Loop thread only.
   */
  public void setEagerTasks(boolean eager) {
    turn.checkThread("setEagerTasks");
    eagerTasks = eager;
  }

  /** Returns whether {@link #createTask} starts tasks eagerly. */
  public boolean isEagerTasks() {
    return eagerTasks;
  }

  /** Returns the pending tasks, in creation order: asyncio's {@code all_tasks}. Loop thread. */
  public List<Task<?>> allTasks() {
    turn.checkThread("allTasks");
    return tasks.snapshot();
  }

  // ---- state and threads ----------------------------------------------------------------------

  /** Returns whether the calling thread may use the loop now (it runs it, or nobody does). */
  public boolean inEventLoop() {
    Thread o = turn.owner();
    return o == null || o == Thread.currentThread();
  }

  private void checkClosed() {
    if (state == CLOSED) {
      throw new IllegalStateException("Event loop is closed");
    }
  }

  private void checkCanRun() {
    checkClosed();
    if (state == RUNNING) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (RunningLoops.current() != null) {
      throw new IllegalStateException(
          "Cannot run the event loop while another loop is running on this thread");
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
    checkCanRun();
    turn.refuseNewMonitors(this, "runForever()");
    Thread me = Thread.currentThread();
    if (engine == Engine.VIRTUAL_THREADS && !me.isVirtual()) {
      Strands.runOnVirtualThread("jasyncio-loop", this::runForever); // switches stay virtual
      return;
    }
    thread = me;
    turn.setOwner(me);
    state = RUNNING;
    RunningLoops.add(this);
    try {
      while (true) {
        runOnce();
        if (stopping) {
          break;
        }
      }
    } finally {
      stopping = false;
      RunningLoops.remove(this);
      state = IDLE;
      turn.setOwner(null);
      thread = null;
      turn.recordMonitorsAtExit(this);
      turn.restoreInterrupt(me);
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
  public <T extends @Nullable Object> T runUntilComplete(Awaitable<T> awaitable) {
    checkCanRun(); // before a task is made that could never run
    Future<T> f = Awaitables.ensureFuture(this, awaitable);
    Consumer<Future<T>> stopper =
        fut -> {
          // retrieved: the caller gets it from result() below; a fatal error already ended the run
          if (fut.isCancelled() || !(fut.exception() instanceof VirtualMachineError)) {
            stop();
          }
        };
    f.addDoneCallback(stopper);
    Future<?> outer = turn.runningFor;
    turn.runningFor = f; // what an interrupt of the loop thread cancels
    try {
      runForever();
    } finally {
      turn.runningFor = outer;
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
    turn.checkThread("stop");
    stopping = true;
  }

  /** Returns whether the loop is running. Any thread. */
  public boolean isRunning() {
    return state == RUNNING;
  }

  /** Returns whether the loop is closed. Any thread. */
  public boolean isClosed() {
    return state == CLOSED;
  }

  /**
   * Closes the loop: asyncio's {@code close}. Queued callbacks and timers are dropped. Tasks still
   * pending are unwound (a {@link CancelledError} is thrown at their await point, so their {@code
   * finally} blocks run) and reported as destroyed while pending; then every exception never
   * retrieved is reported. Idempotent.
   *
   * @throws IllegalStateException if the loop is running
   */
  @Override
  public void close() {
    turn.checkThread("close");
    if (state == RUNNING) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (state != IDLE) {
      return;
    }
    turn.refuseNewMonitors(this, "close()");
    state = CLOSING;
    try {
      ready.clear();
      timers.clear();
      threadsafe.clear();
      if (tasks.size() > 0) {
        turn.runAsOwner(this, () -> tasks.destroyPending(this));
      }
      poller.close(); // unclosed transports are reported, then the selector closes
      failures.reportAll();
    } finally {
      state = CLOSED;
      threadsafe.releaseBlocked(); // after CLOSED: a getter that registers later finds it closed
      CompletionBridge.settleAtClose(this); // their loop will never run their callbacks now
      clock.addToTotal();
    }
  }

  /** One iteration, asyncio's {@code _run_once}. */
  private void runOnce() {
    timers.purgeCancelled();
    select();
    if (!timers.isEmpty()) { // the clock is read only when a timer may be due
      timers.moveDue(clock.nanos(), ready);
    }
    if (!failures.isEmpty()) {
      failures.reportCollected();
    }
    ready.runBatch(this);
  }

  /**
   * The select step: takes in the callbacks handed over from other threads and the handlers of
   * ready channels, first waiting for them if nothing is ready, until the earliest timer is due (on
   * virtual time, jumping to it instead).
   */
  private void select() {
    if (ready.isEmpty() && !stopping) {
      poller.beginWait(); // before the last looks for work: a handover after it wakes the wait
      poller.poll(threadsafe.isEmpty() ? timers.timeoutOrJump(clock, poller) : 0);
    } else if (poller.pollDue()) { // busy, but channels must not starve
      poller.poll(0);
    }
    threadsafe.drainTo(ready);
    turn.takeInterrupt();
  }

  // ---- schedule exploration -------------------------------------------------------------------

  /** As {@link #setSchedule setSchedule(Schedule.random(seed))}. */
  public void exploreSchedules(long seed) {
    setSchedule(Schedule.random(seed));
  }

  /**
   * Sets the order in which the task steps ready in one iteration run: asyncio's FIFO order ({@link
   * Schedule#fifo()}, the default) or a seeded exploration order, which replays exactly on a fresh
   * loop (see {@link Schedule}). Its state starts afresh. Loop thread only.
   */
  public void setSchedule(Schedule schedule) {
    turn.checkThread("setSchedule");
    ready.setSchedule(schedule);
  }

  /** Returns the schedule set by {@link #setSchedule}, {@link Schedule#fifo()} by default. */
  public Schedule getSchedule() {
    return ready.schedule();
  }

  @Override
  public String toString() {
    String s = state == CLOSED ? " closed" : state == RUNNING ? " running" : "";
    return String.format(Locale.ROOT, "<EventLoop %s%s tasks=%d>", engineName(), s, tasks.size());
  }
}
