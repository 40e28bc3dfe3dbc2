package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A loop's ready queue, asyncio's {@code _ready}: the callbacks and task steps to run in the
 * current or the next iteration, and the {@link Schedule} that orders the task steps of one
 * iteration. Owner thread only.
 */
final class ReadyQueue {
  /*
   * Implementation notes. Each entry is a Handle (a callback, a timer that came due) or a Task,
   * which is its own entry for its step: asyncio queues a Handle of Task.__step, here the task
   * stands for it, so that a task needs no queue object of its own (ADR 0019). A task is queued at
   * most once at a time (Task's invariant), and is never cancelled as an entry: its cancellation
   * runs through its step. Only add(Handle) and add(Task) put entries in.
   *
   * An iteration runs the entries that are in the queue when it starts (`runBatch`); what they
   * queue runs in the next one. Under FIFO (`orderer` null) they run in queue order, callbacks and
   * task steps alike. Under an exploring schedule, the task steps among them are permuted in place:
   * plain callbacks keep their slots, since callSoon order is asyncio's guarantee.
   */
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private Schedule schedule = Schedule.fifo();
  private Schedule.@Nullable Orderer orderer;

  /** Entries taken to run so far (the poller's budget counts them). */
  private long ran;

  /** Batches run so far: the loop's iterations (io.jasyncio.LoopStatistics samples it). */
  private long iterations;

  void add(Handle h) {
    queue.add(h);
  }

  /** Queues a task's step. */
  void add(Task<?> t) {
    queue.add(t);
  }

  int size() {
    return queue.size();
  }

  long ran() {
    return ran;
  }

  long iterations() {
    return iterations;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  void clear() {
    queue.clear();
  }

  Schedule schedule() {
    return schedule;
  }

  void setSchedule(Schedule s) {
    schedule = Objects.requireNonNull(s, "schedule");
    orderer = s.newOrderer();
  }

  /** Runs the entries queued now, in the schedule's order. */
  void runBatch(EventLoop loop) {
    int ntodo = queue.size();
    ran += ntodo;
    iterations++;
    Schedule.Orderer o = orderer;
    if (o == null || ntodo < 2) {
      for (int i = ntodo; i > 0; i--) {
        run(loop, Objects.requireNonNull(queue.poll()));
      }
    } else {
      runExplored(loop, o, ntodo);
    }
  }

  private void runExplored(EventLoop loop, Schedule.Orderer o, int ntodo) {
    Object[] batch = new Object[ntodo];
    int steps = 0;
    for (int i = 0; i < ntodo; i++) {
      Object next = Objects.requireNonNull(queue.poll());
      batch[i] = next;
      if (next instanceof Task<?>) {
        steps++;
      }
    }
    if (steps >= 2) {
      Task<?>[] st = new Task<?>[steps];
      for (int i = 0, j = 0; i < ntodo; i++) {
        if (batch[i] instanceof Task<?> t) {
          st[j++] = t;
        }
      }
      o.order(st);
      for (int i = 0, j = 0; i < ntodo; i++) {
        if (batch[i] instanceof Task<?>) {
          batch[i] = st[j++];
        }
      }
    }
    for (Object entry : batch) {
      run(loop, entry);
      if (steps >= 2 && entry instanceof Task<?> t) {
        o.ran(t);
      }
    }
  }

  /** Runs one entry through the loop's turn; in debug mode, timed. */
  private static void run(EventLoop loop, Object entry) {
    Debug d = loop.debug;
    if (d != null) {
      d.runTimed(entry, loop.slowCallbackNanos);
    } else {
      loop.turn.run(entry);
    }
  }
}
