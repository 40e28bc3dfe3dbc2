package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * A loop's work on other threads ({@link EventLoop#runInExecutor}, {@link Asyncio#toThread}): the
 * default executor, the jobs still out on it, and the hold such jobs keep on a virtual clock.
 */
final class ExecutorJobs {
  /*
   * Implementation notes.
   *
   * A job holds the loop's clock from submit() until its outcome is back on the loop thread
   * (jobDone), except while it blocks in Future.get() on a future of this loop (releaseClock /
   * holdClockAgain): the loop may need to move time to complete that future. `JOB_OF` tells a
   * blocking thread which loop's job it runs.
   *
   * `defaultJobs` and `drained` are owner-thread only.
   */

  /** The default executor's threads: a virtual thread per job, numbered. */
  private static final ThreadFactory THREADS =
      Thread.ofVirtual().name("jasyncio-executor-", 0).factory();

  /** The loop whose job the current thread runs, for {@link #releaseClock()}. */
  private static final ThreadLocal<@Nullable EventLoop> JOB_OF = new ThreadLocal<>();

  private final EventLoop loop;
  private final LoopClock clock;
  private final Poller poller;

  /** The executor used when none is given; null: a new virtual thread per job. */
  private @Nullable Executor defaultExecutor;

  /**
   * The jobs running on the default executor, by number: what each is, for the shutdown warning.
   */
  private final java.util.LinkedHashMap<Long, String> defaultJobs = new java.util.LinkedHashMap<>();

  private long jobCount;

  /** Completed when the default executor's last job comes back, while someone waits for that. */
  private @Nullable Future<Void> drained;

  ExecutorJobs(EventLoop loop, LoopClock clock, Poller poller) {
    this.loop = loop;
    this.clock = clock;
    this.poller = poller;
  }

  void setDefaultExecutor(@Nullable Executor executor) {
    defaultExecutor = executor;
  }

  /**
   * Runs {@code fn} on {@code executor} (null: the default) and returns a future for it. Cancelling
   * the future interrupts the thread running {@code fn} (a job not yet started never starts), as
   * {@code FutureTask.cancel(true)} does; the outcome is dropped.
   */
  <T extends @Nullable Object> Future<T> submit(@Nullable Executor executor, Callable<T> fn) {
    Future<T> f = new Future<>(loop);
    boolean onDefault = executor == null;
    long number = ++jobCount;
    Executor ex = onDefault ? defaultExecutor : executor;
    Worker worker = new Worker();
    Runnable job =
        () -> {
          T r = null;
          Throwable err = null;
          EventLoop outer = JOB_OF.get();
          JOB_OF.set(loop);
          try {
            if (worker.start()) {
              r = fn.call();
            }
          } catch (Throwable t) {
            err = t;
          } finally {
            worker.end();
            JOB_OF.set(outer);
          }
          T result = r;
          Throwable error = err;
          Runnable done = () -> jobDone(f, onDefault ? number : 0, result, error);
          try {
            loop.callSoonThreadsafe(done);
          } catch (IllegalStateException closedMeanwhile) {
            // the loop is gone: nobody can receive the outcome
          } catch (java.util.concurrent.RejectedExecutionException interrupted) {
            // interrupted while the loop's queue was full: the outcome (and the release of the
            // clock) must still arrive, so wait for room once more, then keep the interrupt
            var _ = Thread.interrupted();
            try {
              loop.callSoonThreadsafe(done);
            } catch (RuntimeException closedOrInterruptedAgain) {
              // closed, or interrupted again: give up, as for a closed loop
            } finally {
              Thread.currentThread().interrupt();
            }
          }
        };
    f.addDoneCallback(
        done -> {
          if (done.isCancelled()) {
            worker.interrupt();
          }
        });
    clock.hold();
    if (onDefault) {
      Task<?> by = loop.turn.current;
      defaultJobs.put(
          number, "job " + number + " (" + fn + ") started by " + (by == null ? "a callback" : by));
    }
    try {
      if (ex == null) {
        THREADS.newThread(job).start();
      } else {
        ex.execute(job);
      }
    } catch (RuntimeException | Error e) {
      clock.release();
      defaultJobs.remove(number);
      throw e;
    }
    return f;
  }

  /**
   * The thread running one job, for a cancellation to interrupt. States: NEW, then RUNNING (start)
   * or CANCELLED (interrupt first: the job never starts), then OVER (end). The interrupt is sent
   * under the lock and only while RUNNING, so it never reaches the next job of a pooled thread; a
   * flag it set that the job left behind is cleared at end.
   */
  private static final class Worker {
    private static final int NEW = 0, RUNNING = 1, CANCELLED = 2, OVER = 3;
    private int state = NEW;
    private boolean interrupted;
    private @Nullable Thread thread;

    /** Whether the job may run (it was not cancelled before it started). The job's thread. */
    synchronized boolean start() {
      if (state != NEW) {
        return false;
      }
      state = RUNNING;
      thread = Thread.currentThread();
      return true;
    }

    /** The job's thread, after the job. */
    synchronized void end() {
      state = OVER;
      thread = null;
      if (interrupted) {
        var _ = Thread.interrupted(); // ours, not the next job's
      }
    }

    /** The future was cancelled. The loop thread. */
    synchronized void interrupt() {
      if (state == NEW) {
        state = CANCELLED;
      } else if (state == RUNNING && thread != null) {
        interrupted = true;
        thread.interrupt();
      }
    }
  }

  private <T extends @Nullable Object> void jobDone(
      Future<T> f, long defaultJob, @Nullable T result, @Nullable Throwable error) {
    clock.release();
    if (defaultJobs.remove(defaultJob) != null && defaultJobs.isEmpty()) {
      Future<Void> d = drained;
      if (d != null) {
        drained = null;
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
   * A future completed when every job on the default executor has come back, or when {@code
   * timeout} seconds of real time have passed (whatever the loop's clock), then with a warning
   * naming the jobs still running; null if none is out. Owner thread only.
   */
  @Nullable Future<Void> defaultDrained(double timeout) {
    if (defaultJobs.isEmpty()) {
      return null;
    }
    Future<Void> d = drained;
    if (d == null) {
      d = new Future<>(loop);
      drained = d;
    }
    if (timeout < Double.POSITIVE_INFINITY) {
      Future<Void> waited = d;
      long nanos = LoopClock.toNanos(Math.max(0, timeout), "timeout");
      Thread timer =
          Thread.ofVirtual()
              .name("jasyncio-executor-shutdown")
              .start(
                  () -> {
                    try {
                      Thread.sleep(java.time.Duration.ofNanos(nanos));
                      loop.callSoonThreadsafe(() -> gaveUp(waited, timeout));
                    } catch (InterruptedException | IllegalStateException done) {
                      // drained in time, or the loop closed
                    }
                  });
      d.addDoneCallback(x -> timer.interrupt());
    }
    return d;
  }

  private void gaveUp(Future<Void> waited, double timeout) {
    if (waited.isDone()) {
      return;
    }
    loop.callExceptionHandler(
        new ExceptionContext(
            "The default executor's jobs did not finish within "
                + timeout
                + " s of shutdownDefaultExecutor (-Djasyncio.executorShutdownTimeout); the loop goes"
                + " on closing without them. Still running: "
                + String.join("; ", defaultJobs.values()),
            null,
            null,
            null,
            null));
    drained = null;
    waited.setResult(null);
  }

  /**
   * Called by a thread about to block on a future of this loop: if it runs a job of this loop, it
   * stops holding the virtual clock while it waits. Any thread.
   *
   * @return whether the hold was released; then {@link #holdClockAgain()} must follow
   */
  boolean releaseClock() {
    if (JOB_OF.get() != loop) {
      return false;
    }
    clock.release();
    poller.wakeup(); // a loop waiting for the job reconsiders: it may jump now
    return true;
  }

  /** Takes back the hold given up by {@link #releaseClock()}. Any thread. */
  void holdClockAgain() {
    clock.hold();
  }
}
