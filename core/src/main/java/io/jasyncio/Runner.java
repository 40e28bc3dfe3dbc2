package io.jasyncio;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs coroutines on a loop of its own and cleans up after them: asyncio's {@code Runner}, what
 * {@link Asyncio#run} is built on. Several {@link #run} calls share one loop, so they share its
 * {@link ContextVar} defaults, executor and pending tasks; {@link #close()} cancels the tasks still
 * pending, waits for them and for the default executor's jobs, and closes the loop.
 *
 * {@snippet :
 * try (Runner runner = new Runner()) {
 *   runner.run(() -> connect());
 *   runner.run(() -> serve());   // same loop: what connect() left running is still there
 * }
 * }
 *
 * <p>Threads: a runner belongs to the thread that uses it; its loop runs on that thread during each
 * {@link #run}.
 *
 * <p>Ctrl-C, as asyncio's Runner: while {@link #run} runs on the JVM's main thread, the first
 * Ctrl-C (SIGINT) cancels the main task, so its {@code finally} blocks run; if it ends cancelled,
 * {@link #close()} then does its cleanup and passes the signal on to the JVM, which exits with
 * status 130, as an unhandled Ctrl-C does. A second Ctrl-C exits at once. A main task that catches
 * the cancellation and returns goes on normally. {@code -Djasyncio.sigint=false} leaves SIGINT to
 * the JVM.
 */
public final class Runner implements AutoCloseable {
  /*
   * States: NEW --first run() or getLoop(): the loop is made--> READY --close()--> CLOSED.
   * `loop` is null in NEW, and stays set once made (so a closed runner still reports its loop).
   */
  private final Supplier<EventLoop> loopFactory;
  private @Nullable EventLoop loop;
  private boolean closed;

  /** A run was ended by Ctrl-C: once closed, the signal goes on to the JVM (Sigint). */
  private @Nullable Sigint interruptedBy;

  /** A runner whose loop is made on first use, on the default engine. */
  public Runner() {
    this(EventLoop::new);
  }

  /**
   * A runner whose loop is made by {@code loopFactory} on first use: asyncio's {@code
   * loop_factory}. The runner owns that loop and closes it.
   *
   * @param loopFactory makes a new, never-run loop
   */
  public Runner(Supplier<EventLoop> loopFactory) {
    this.loopFactory = Objects.requireNonNull(loopFactory, "loopFactory");
  }

  /**
   * Returns the runner's loop: asyncio's {@code Runner.get_loop()}.
   *
   * @return the runner's loop, made now if it does not exist yet
   * @throws IllegalStateException if the runner is closed
   */
  public EventLoop getLoop() {
    if (closed) {
      throw new IllegalStateException("Runner is closed");
    }
    EventLoop l = loop;
    if (l == null) {
      l = Objects.requireNonNull(loopFactory.get(), "the loop factory returned null");
      if (l.isClosed() || l.isRunning()) {
        throw new IllegalStateException(
            "the loop factory must return a new loop, not one that is closed or running: " + l);
      }
      loop = l;
    }
    return l;
  }

  /**
   * Runs a coroutine as a task on the runner's loop until it is done, and returns its result or
   * rethrows its exception unchanged. Tasks it leaves pending stay pending until the next {@code
   * run} or {@link #close()}.
   *
   * @param <T> the type of the result
   * @param main the coroutine
   * @return its result
   * @throws IllegalStateException if called from a running loop (inside a task, await a task
   *     instead), or if the runner is closed
   */
  public <T extends @Nullable Object> T run(Coroutine<T> main) {
    Objects.requireNonNull(main, "main");
    if (RunningLoops.current() != null) {
      throw new IllegalStateException(
          "Asyncio.run() cannot be called from a running event loop: inside a task, use"
              + " createTask(...).await() instead");
    }
    EventLoop l = getLoop();
    Task<T> task = l.createTask(main);
    Sigint sigint = Sigint.install(l, task);
    try {
      return l.runUntilComplete(task);
    } finally {
      if (sigint != null && sigint.uninstall()) {
        interruptedBy = sigint;
      }
    }
  }

  /**
   * As {@link #run(Coroutine)} for a coroutine that returns nothing.
   *
   * @param main the coroutine
   */
  public void run(VoidCoroutine main) {
    Objects.requireNonNull(main, "main");
    run(Awaitables.coroutine(main));
  }

  /**
   * Cancels the tasks still pending and runs the loop until each has finished its cancellation
   * (reporting any that failed instead), waits for the jobs on the default executor, and closes the
   * loop. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    EventLoop l = loop;
    if (l == null) {
      return;
    }
    try {
      cancelAllTasks(l);
      // asyncio then shuts down async generators and the default executor, each a short
      // run_until_complete; keep those iterations so that late callbacks run as in CPython.
      l.runUntilComplete(l.createTask(() -> null));
      l.runUntilComplete(l.createTask(() -> null));
      l.shutdownDefaultExecutor(executorShutdownTimeout());
    } finally {
      l.close();
      Sigint s = interruptedBy;
      if (s != null) {
        s.raise(); // the cleanup is done: Ctrl-C goes on to the JVM (exit status 130)
      }
    }
  }

  /** asyncio's THREAD_JOIN_TIMEOUT (300 s), or {@code -Djasyncio.executorShutdownTimeout}. */
  private static double executorShutdownTimeout() {
    String p = System.getProperty("jasyncio.executorShutdownTimeout");
    try {
      return p == null ? 300 : Double.parseDouble(p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-Djasyncio.executorShutdownTimeout=" + p + ": pass a number of seconds", e);
    }
  }

  private static void cancelAllTasks(EventLoop loop) {
    List<Task<?>> toCancel = loop.allTasks();
    if (toCancel.isEmpty()) {
      return;
    }
    for (Task<?> t : toCancel) {
      t.cancel();
    }
    loop.runUntilComplete(GatheringFuture.of(loop, toCancel, true));
    for (Task<?> t : toCancel) {
      if (!t.isCancelled() && t.exception() != null) {
        loop.callExceptionHandler(
            new ExceptionContext(
                "unhandled exception during Asyncio.run() shutdown",
                t.exception(),
                t.getName(),
                t,
                null));
      }
    }
  }
}
