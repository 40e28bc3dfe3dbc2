package io.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Takes {@link LoopSnapshot}s: on the loop thread when it answers, else what is safe to read. */
final class Snapshots {
  /*
   * Implementation notes. Every loop is asked first and waited for after, against one deadline, so
   * a JVM with many loops answers within one timeout. The capture goes into the loop's thread-safe
   * queue without waiting for room (a flooded queue must not block the caller); it runs as a
   * callback, so the snapshot sees the loop between two steps. A partial snapshot reads, from the
   * caller's thread, only the volatile owner thread, its stack, and the running task reference
   * (racy: at worst it names the task that ran a moment before).
   */
  private Snapshots() {}

  static List<LoopSnapshot> take(List<EventLoop> loops, Duration timeout) {
    return take(loops, timeout, true);
  }

  /**
   * As {@link #take(List, Duration)}; {@code idleDirectly}: a loop nobody runs is read on the
   * calling thread (the caller owns it, as with {@code loop.snapshot()}). Without it, only a loop
   * the calling thread runs is read directly: the others may start running while they are read
   * ({@code LoopSnapshot.all()}, from JMX), so they are asked.
   */
  static List<LoopSnapshot> take(List<EventLoop> loops, Duration timeout, boolean idleDirectly) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    List<@Nullable LoopSnapshot> done = new ArrayList<>();
    List<@Nullable CompletableFuture<LoopSnapshot>> asked = new ArrayList<>();
    for (EventLoop loop : loops) {
      CompletableFuture<LoopSnapshot> answer = null;
      LoopSnapshot now = null;
      if (loop.isClosed()) {
        now = closed(loop);
      } else if (idleDirectly ? loop.inEventLoop() : loop.turn.isOwnerThread()) {
        now = capture(loop);
      } else {
        answer = ask(loop);
      }
      done.add(now);
      asked.add(answer);
    }
    List<LoopSnapshot> out = new ArrayList<>(loops.size());
    for (int i = 0; i < loops.size(); i++) {
      LoopSnapshot s = done.get(i);
      CompletableFuture<LoopSnapshot> answer = asked.get(i);
      out.add(
          s != null ? s : await(loops.get(i), Objects.requireNonNull(answer), deadline, timeout));
    }
    return out;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }

  /** Queues the capture on a running loop, from another thread. */
  private static CompletableFuture<LoopSnapshot> ask(EventLoop loop) {
    CompletableFuture<LoopSnapshot> answer = new CompletableFuture<>();
    Handle h =
        new Handle.Call(
            loop,
            () -> {
              if (!answer.isDone()) { // else the caller gave up: nothing to do
                try {
                  answer.complete(capture(loop));
                } catch (RuntimeException | Error e) {
                  answer.completeExceptionally(e);
                }
              }
            },
            null);
    loop.threadsafe.add(h, false);
    return answer;
  }

  private static LoopSnapshot await(
      EventLoop loop, CompletableFuture<LoopSnapshot> answer, long deadline, Duration timeout) {
    boolean interrupted = false;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        try {
          return answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          answer.cancel(false);
          return loop.isClosed() ? closed(loop) : notResponding(loop, timeout);
        } catch (InterruptedException e) {
          interrupted = true; // waits out the deadline, then the interrupt is set again
        } catch (ExecutionException e) {
          throw new IllegalStateException("taking the snapshot failed on the loop", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The whole snapshot, on the loop's owner thread (or any thread while nobody runs the loop). */
  static LoopSnapshot capture(EventLoop loop) {
    List<Task<?>> tasks = loop.tasks.snapshot();
    List<TaskSnapshot> out = new ArrayList<>(tasks.size());
    for (Task<?> t : tasks) {
      String awaiting = t.awaiting();
      TaskSnapshot.State state;
      if (t.isRunning() || loop.tasks.eagerCreators().contains(t)) {
        state = TaskSnapshot.State.RUNNING;
      } else if (!t.hasStarted()) {
        state = TaskSnapshot.State.CREATED;
      } else if (awaiting != null) {
        state = TaskSnapshot.State.WAITING;
      } else {
        state = TaskSnapshot.State.READY;
      }
      awaiting = state == TaskSnapshot.State.WAITING ? awaiting : null;
      List<StackTraceElement> stack = t.isRunning() ? callersFrames(t.getStack()) : t.getStack();
      out.add(
          new TaskSnapshot(t.number(), t.getName(), state, stack, awaiting, awaitedBy(t, tasks)));
    }
    Thread th = loop.thread;
    return new LoopSnapshot(
        label(loop),
        loop.engine(),
        loop.isRunning() ? LoopSnapshot.Status.RUNNING : LoopSnapshot.Status.IDLE,
        th == null ? null : th.getName(),
        th == null ? -1 : th.threadId(),
        loop.time(),
        out,
        "",
        List.of());
  }

  /** The running task's frames from the caller of the snapshot on: the capture's own dropped. */
  private static List<StackTraceElement> callersFrames(List<StackTraceElement> frames) {
    int i = 0;
    while (i < frames.size() && OWN_FRAMES.contains(frames.get(i).getClassName())) {
      i++;
    }
    return frames.subList(i, frames.size());
  }

  private static final java.util.Set<String> OWN_FRAMES =
      java.util.Set.of(
          "io.jasyncio.Task",
          "io.jasyncio.EventLoop", // the public bridge of LoopDiagnostics.snapshot
          "io.jasyncio.Snapshots",
          "io.jasyncio.LoopDiagnostics",
          "io.jasyncio.LoopSnapshot",
          "io.jasyncio.TasksMBean",
          "io.jasyncio.tools.Inspect");

  /** The tasks waiting for {@code t}: directly, through a gather, or as its task group's parent. */
  private static List<Long> awaitedBy(Task<?> t, List<Task<?>> tasks) {
    List<Long> ids = new ArrayList<>();
    for (Future<?> a : Stacks.awaiters(t, tasks)) {
      if (a instanceof Task<?> by) {
        ids.add(by.number());
      } else { // a gather holding t: the tasks awaiting the gather
        for (Task<?> by : tasks) {
          if (by.waitingFor() == a && !ids.contains(by.number())) {
            ids.add(by.number());
          }
        }
      }
    }
    return ids;
  }

  private static LoopSnapshot closed(EventLoop loop) {
    return new LoopSnapshot(
        label(loop),
        loop.engine(),
        LoopSnapshot.Status.CLOSED,
        null,
        -1,
        loop.time(),
        List.of(),
        "",
        List.of());
  }

  /** What the caller can read safely of a loop that did not answer. */
  private static LoopSnapshot notResponding(EventLoop loop, Duration timeout) {
    Thread owner = loop.turn.owner();
    Task<?> running = owner == null ? null : loop.turn.current;
    StackTraceElement[] raw = owner == null ? new StackTraceElement[0] : owner.getStackTrace();
    Thread th = loop.thread;
    String waited = text(timeout);
    String note;
    List<TaskSnapshot> tasks = List.of();
    if (owner == null) {
      note = "the loop stopped running before it answered, within " + waited;
    } else if (running != null) {
      tasks =
          List.of(
              new TaskSnapshot(
                  running.number(),
                  running.getName(),
                  TaskSnapshot.State.RUNNING,
                  Stacks.bodyFrames(raw),
                  null,
                  List.of()));
      note =
          "the loop did not answer within "
              + waited
              + ": task '"
              + running.getName()
              + "' (id "
              + running.number()
              + ") is running on thread '"
              + owner.getName()
              + "' without reaching an await point; the other tasks cannot be read meanwhile";
    } else {
      note =
          "the loop did not answer within "
              + waited
              + ": a callback (no task) is running on thread '"
              + owner.getName()
              + "', or the loop is flooded with callbacks";
    }
    return new LoopSnapshot(
        label(loop),
        loop.engine(),
        LoopSnapshot.Status.NOT_RESPONDING,
        th == null ? null : th.getName(),
        th == null ? -1 : th.threadId(),
        loop.time(),
        tasks,
        note,
        Arrays.asList(raw));
  }

  private static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  static String label(EventLoop loop) {
    return "EventLoop@" + Integer.toHexString(System.identityHashCode(loop));
  }
}
