package io.jasyncio.test;

import io.jasyncio.Asyncio;
import io.jasyncio.Engine;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.LoopSnapshot;
import io.jasyncio.Schedule;
import io.jasyncio.Task;
import io.jasyncio.TaskSnapshot;
import io.jasyncio.VoidCoroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * The loop of one test invocation (one {@code @AsyncTest}, one repetition, one parameter set, one
 * explored schedule): the {@code @BeforeEach} methods, the body and the {@code @AfterEach} methods
 * each run on it as a task, in that order, then {@link #finish()} cancels what they left pending
 * and closes it. Each of those runs has a limit in real time.
 */
final class TestLoop {
  /*
   * Implementation notes.
   *
   * Threads. The loop runs on a thread of its own, one per invocation (`executor`: a daemon
   * platform thread on the continuations engine, a virtual thread on the virtual-threads engine),
   * never on JUnit's. JUnit's thread is the watchdog: it hands each run to the loop thread and
   * waits for its outcome for at most the limit, in real time. When the limit passes it takes the
   * loop's snapshot (loop.snapshot(grace): taken on the loop thread between two steps), describes
   * its pending tasks, and asks the loop with callSoonThreadsafe to cancel the run's task. If the
   * loop does not answer within `grace` (a NOT_RESPONDING snapshot), a task (or callback) holds its
   * thread without reaching an await point: the snapshot names that task, whichever it is, with its
   * frames, and the thread holding the loop is interrupted (the loop thread, or, for the run's task
   * on the virtual-threads engine, the task's own thread, `bodyThread`; another task's own virtual
   * thread is out of reach, so the loop thread is interrupted instead); then the loop is asked
   * again. A run that still has not ended after loop.stop() is abandoned. Because JUnit's thread
   * never runs the loop, a loop thread stuck for good (a busy loop that ignores interrupts) cannot
   * hang the build: the test fails and JUnit moves on, leaving the daemon thread behind.
   *
   * States (JUnit's thread only): USABLE --a run did not end after the limit, its interrupt and
   * stop()--> ABANDONED (final): `abandoned` says why; no run starts any more and the loop is
   * never closed (its thread still runs it).
   *
   * `reported` is written by the loop thread (its exception handler) and read by JUnit's thread
   * after a run's outcome, which orders the two.
   */

  /** The configuration parameter (or system property) that sets the default limit. */
  static final String TIMEOUT_PARAMETER = "jasyncio.test.timeout";

  /** The default limit, in seconds of real time: that of kotlinx.coroutines' {@code runTest}. */
  static final double DEFAULT_TIMEOUT = 60;

  final EventLoop loop;

  private final List<ExceptionContext> reported = new CopyOnWriteArrayList<>();

  /** The annotation that made this loop, as the failures name it: "@AsyncTest". */
  private final String annotation;

  /** The limit of each run in seconds of real time; 0 for none. */
  private final double timeout;

  private final ExecutorService executor;

  /** The loop's thread, once started. */
  private volatile @Nullable Thread loopThread;

  /** The thread the current run's task body runs on (the loop's, on the continuations engine). */
  private volatile @Nullable Thread bodyThread;

  /** Why the loop was abandoned; null while it is usable. */
  private @Nullable String abandoned;

  /**
   * Makes the loop of one invocation.
   *
   * @param virtualTime whether its clock is virtual
   * @param timeout the limit of each run in seconds of real time, 0 for none
   * @param schedule the order of its ready task steps
   * @param annotation the annotation, for messages
   */
  TestLoop(boolean virtualTime, double timeout, Schedule schedule, String annotation) {
    this.loop = new EventLoop(Engine.defaultEngine(), virtualTime);
    this.loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    this.loop.setSchedule(schedule);
    this.timeout = timeout;
    this.annotation = annotation;
    boolean platform = loop.engine() == Engine.CONTINUATIONS;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t =
                  platform
                      ? Thread.ofPlatform().daemon().name("jasyncio-test-loop").unstarted(r)
                      : Thread.ofVirtual().name("jasyncio-test-loop").unstarted(r);
              loopThread = t;
              return t;
            });
  }

  /**
   * Runs a JUnit invocation (a lifecycle method or the test body) as a task named {@code name} on
   * the loop, on the loop's thread, and rethrows what it throws; on virtual time, a {@link
   * TimeoutException} is wrapped in an {@link AssertionError} that says the timeout was virtual.
   *
   * @throws AssertionError if the run does not end within the limit, naming the pending tasks
   */
  void run(String name, Invocation<Void> invocation) throws Throwable {
    Throwable failure =
        runTask(
            name,
            () -> {
              try {
                invocation.proceed();
              } catch (Exception | Error e) {
                throw e;
              } catch (Throwable t) {
                throw new AssertionError(t);
              }
            });
    if (failure != null) {
      throw loop.isVirtualTime()
          ? VirtualTimeouts.explain(failure, loop.time(), annotation)
          : failure;
    }
  }

  /**
   * After the last run: cancels the tasks still pending and lets them end, closes the loop, and
   * fails naming those tasks and the failed tasks whose exception nobody retrieved.
   *
   * @throws AssertionError if there were any
   */
  void finish() throws Throwable {
    if (abandoned != null) {
      executor.shutdown();
      return; // the run that was abandoned failed, saying so
    }
    List<String> leftovers = new ArrayList<>();
    Throwable failure;
    try {
      failure =
          runTask(
              "the end of the test",
              () -> {
                List<Task<?>> pending = new ArrayList<>(loop.allTasks());
                pending.remove(Asyncio.currentTask());
                for (Task<?> t : pending) {
                  leftovers.add(t.getName());
                  t.cancel("the test ended");
                }
                Asyncio.gather(pending, true);
              });
    } catch (AssertionError timedOut) {
      failure = timedOut;
    }
    // also after a clean-up that timed out: close() unwinds what ignored its cancellation
    try {
      if (abandoned == null && !onLoopThread(loop::close)) {
        failure =
            also(
                failure,
                new AssertionError(
                    "closing the loop of the test did not end within "
                        + seconds(timeout)
                        + ": a task's finally block blocks its thread; "
                        + abandoned));
      }
    } catch (Throwable closing) {
      failure = also(failure, closing);
    } finally {
      executor.shutdown();
    }
    if (failure != null) {
      throw failure;
    }
    String problems = "";
    if (!leftovers.isEmpty()) {
      problems =
          "the test left "
              + leftovers.size()
              + " task(s) pending: "
              + String.join(", ", leftovers)
              + " (cancelled; await or cancel them in the test)";
    }
    List<String> unretrieved =
        reported.stream()
            .filter(c -> c.message().contains("never retrieved"))
            .map(c -> c.taskName() + ": " + c.exception())
            .toList();
    if (!unretrieved.isEmpty()) {
      problems +=
          (problems.isEmpty() ? "" : "; ")
              + "the test left failed tasks whose exception nobody retrieved: "
              + String.join(", ", unretrieved);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(problems);
    }
  }

  private static Throwable also(@Nullable Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * Runs {@code body} as a task on the loop thread within the limit.
   *
   * @return what the run threw, or null
   * @throws AssertionError if it did not end within the limit, or the loop was abandoned before
   */
  private @Nullable Throwable runTask(String name, VoidCoroutine body) {
    if (abandoned != null) {
      throw new AssertionError(name + " was not run: " + abandoned);
    }
    CompletableFuture<@Nullable Void> outcome = new CompletableFuture<>();
    AtomicReference<@Nullable Task<Void>> task = new AtomicReference<>();
    executor.execute(
        () -> {
          // an interrupt meant for an earlier run (a watchdog's) must not cancel this one
          Thread.interrupted();
          try {
            Task<Void> t =
                loop.createTask(
                    () -> {
                      bodyThread = Thread.currentThread();
                      body.run();
                    },
                    name);
            task.set(t);
            loop.runUntilComplete(t);
            outcome.complete(null);
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        });
    Waited w = awaitOutcome(outcome, timeout == 0 ? Long.MAX_VALUE : nanos(timeout));
    if (w != Waited.ENDED) {
      throw timedOut(outcome, task.get(), w == Waited.INTERRUPTED);
    }
    return failureOf(outcome);
  }

  /** Runs {@code action} on the loop thread (the loop not running), within the limit. */
  private boolean onLoopThread(Runnable action) throws Throwable {
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              Thread.interrupted();
              action.run();
            },
            executor);
    if (awaitOutcome(done, timeout == 0 ? Long.MAX_VALUE : nanos(timeout)) != Waited.ENDED) {
      abandoned = "the loop thread '" + threadName(loopThread) + "' is left running";
      return false;
    }
    Throwable f = failureOf(done);
    if (f != null) {
      throw f;
    }
    return true;
  }

  private enum Waited {
    ENDED,
    TIMED_OUT,
    INTERRUPTED
  }

  /** Waits for the outcome; the interrupt status of JUnit's thread is cleared if it was set. */
  private static Waited awaitOutcome(CompletableFuture<?> f, long nanos) {
    try {
      if (nanos == Long.MAX_VALUE) {
        f.get(); // interruptible, unlike join(): JUnit's @Timeout may be the only limit
      } else {
        f.get(nanos, TimeUnit.NANOSECONDS);
      }
      return Waited.ENDED;
    } catch (TimeoutException e) {
      return Waited.TIMED_OUT;
    } catch (InterruptedException e) {
      return Waited.INTERRUPTED; // JUnit's own @Timeout, for example: stop this run as ours would
    } catch (ExecutionException | RuntimeException e) {
      return Waited.ENDED;
    }
  }

  private static @Nullable Throwable failureOf(CompletableFuture<?> f) {
    return f.state() == java.util.concurrent.Future.State.FAILED ? f.exceptionNow() : null;
  }

  /** How long the watchdog waits for each step of stopping a run that passed its limit. */
  private long graceNanos() {
    double g = timeout == 0 ? 5 : Math.min(5, Math.max(1, timeout / 2));
    return nanos(g);
  }

  /**
   * Stops a run that passed its limit (or whose JUnit thread was interrupted) and returns the
   * failure that says what was pending, or what was stuck.
   */
  private AssertionError timedOut(
      CompletableFuture<@Nullable Void> outcome, @Nullable Task<Void> task, boolean interrupted) {
    long grace = graceNanos();
    StringBuilder msg = new StringBuilder(annotation);
    msg.append(
        interrupted
            ? " was interrupted (JUnit's @Timeout?) before its limit of "
                + seconds(timeout)
                + " of real time"
            : " timed out after " + seconds(timeout) + " of real time");
    LoopSnapshot first = snapshot(grace);
    boolean ended;
    if (first != null && isStuck(first)) {
      msg.append(describeStuckAndInterrupt(first, task, grace));
      ended = awaitOutcome(outcome, grace) == Waited.ENDED;
      if (ended) {
        msg.append("\nThe interrupt ended the run.");
      } else {
        LoopSnapshot after = snapshot(grace);
        if (after == null || !isStuck(after)) {
          msg.append("\nAfter the interrupt, the pending tasks:\n")
              .append(describeAndCancel(after, task));
          ended = awaitOutcome(outcome, grace) == Waited.ENDED;
        }
      }
    } else {
      msg.append("; pending tasks:\n").append(describeAndCancel(first, task));
      ended = awaitOutcome(outcome, grace) == Waited.ENDED; // the cancellation ends the run
    }
    if (!ended) {
      try {
        loop.callSoonThreadsafe(loop::stop); // whatever ignores its cancellation
      } catch (RuntimeException closed) {
        // the run ended meanwhile
      }
      if (awaitOutcome(outcome, grace) != Waited.ENDED) {
        abandoned =
            "the loop thread '"
                + threadName(loopThread)
                + "' did not end when interrupted and when its loop was stopped: it is left"
                + " running (a daemon thread, which does not keep the JVM from exiting), its loop"
                + " is not closed, and the rest of the test (its @AfterEach methods, the check for"
                + " pending tasks) is not run";
        msg.append("\nThe test is abandoned: ").append(abandoned).append('.');
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = outcome.isDone() ? failureOf(outcome) : null;
    return new AssertionError(msg.toString(), cause);
  }

  /**
   * The loop's snapshot, from JUnit's thread, waiting at most {@code grace} for the loop; null if
   * it could not be taken (a loop not running yet, read while its thread starts it).
   */
  private @Nullable LoopSnapshot snapshot(long grace) {
    try {
      return loop.snapshot(Duration.ofNanos(grace));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether the loop did not answer because a task or callback holds its thread; not when it
   * stopped running before it answered (the run ended).
   */
  private static boolean isStuck(LoopSnapshot s) {
    return s.status() == LoopSnapshot.Status.NOT_RESPONDING && !s.threadStack().isEmpty();
  }

  /**
   * Describes the pending tasks of a snapshot the loop answered, and asks the loop to cancel the
   * run's task.
   */
  private String describeAndCancel(@Nullable LoopSnapshot s, @Nullable Task<Void> task) {
    if (task == null) {
      return "(none: the run had not started)";
    }
    try {
      loop.callSoonThreadsafe(
          () -> {
            if (!task.isDone()) { // else a late callback: leave the next run alone
              task.cancel(annotation + " timed out after " + seconds(timeout) + " of real time");
            }
          });
    } catch (RuntimeException closedOrFull) {
      // closed: the run ended; full: loop.stop() follows if the run does not end
    }
    if (s == null) {
      return "(they could not be read: the loop was starting)";
    }
    if (s.status() != LoopSnapshot.Status.RUNNING
        || s.tasks().stream().noneMatch(t -> t.isOf(task))) {
      return "(none: the run ended)";
    }
    return PendingTasks.describe(s, task);
  }

  /**
   * Describes a loop whose thread did not answer in time: the task running, with its stack, or the
   * stack of the loop's thread if a callback holds it; then interrupts the thread holding it, or
   * the loop's thread when that one cannot be reached.
   */
  private String describeStuckAndInterrupt(LoopSnapshot s, @Nullable Task<Void> task, long grace) {
    TaskSnapshot running = s.tasks().isEmpty() ? null : s.tasks().get(0);
    boolean mainRuns = running != null && task != null && running.isOf(task);
    StringBuilder sb = new StringBuilder();
    sb.append("; the loop did not run a callback within ")
        .append(seconds(grace / 1e9))
        .append(": ");
    String blocked =
        " is running and does not reach an await point (a busy loop, or a blocking call such as"
            + " Thread.sleep or a java.util.concurrent lock)";
    if (running == null) {
      sb.append("a callback (no task) is running, or the loop is flooded with callbacks.\n")
          .append("Thread '")
          .append(threadName(loopThread))
          .append("' is at:\n");
      PendingTasks.appendFrames(sb, s.threadStack(), "    ");
    } else {
      sb.append(mainRuns ? "the test's own task " : "task ")
          .append(PendingTasks.quoted(running))
          .append(blocked)
          .append(". It is at:\n");
      PendingTasks.appendStack(sb, running, mainRuns);
    }
    // the thread holding the loop: the loop's, or on the virtual-threads engine the running
    // task's own, which this module knows only for the run's task
    Thread body = bodyThread;
    Thread target = mainRuns && body != null ? body : loopThread;
    if (target == null) {
      return sb.append("The loop's thread has not started.").toString();
    }
    sb.append("Interrupting thread '").append(target.getName()).append('\'');
    if (running != null && !mainRuns && loop.engine() == Engine.VIRTUAL_THREADS) {
      sb.append(
          ", the loop's: on the virtual-threads engine the task runs on a virtual thread of its"
              + " own, which "
              + annotation
              + " cannot reach, so a blocking call there is not interrupted");
    }
    sb.append('.');
    target.interrupt();
    return sb.toString();
  }

  private static String threadName(@Nullable Thread t) {
    return t == null ? "?" : t.getName();
  }

  private static long nanos(double seconds) {
    return seconds >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE - 1 : (long) (seconds * 1e9);
  }

  /** Seconds as the failures write them: "60 s", "1.5 s". */
  static String seconds(double s) {
    return (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%s", s))
        + " s";
  }
}
