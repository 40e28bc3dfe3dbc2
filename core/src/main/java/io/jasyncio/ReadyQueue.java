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
   * Implementation notes. An iteration runs the handles that are in the queue when it starts
   * (`runBatch`); what they queue runs in the next one. Under FIFO (`orderer` null) they run in
   * queue order. Under an exploring schedule, the task steps among them are permuted in place:
   * plain callbacks keep their slots, since callSoon order is asyncio's guarantee.
   */
  private final ArrayDeque<Handle> queue = new ArrayDeque<>();
  private Schedule schedule = Schedule.fifo();
  private Schedule.@Nullable Orderer orderer;

  /** Handles taken to run so far (the poller's budget counts them). */
  private long ran;

  /** Batches run so far: the loop's iterations (io.jasyncio.LoopStatistics samples it). */
  private long iterations;

  void add(Handle h) {
    queue.add(h);
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

  /** Runs the handles queued now, in the schedule's order. */
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
    Handle[] batch = new Handle[ntodo];
    int steps = 0;
    for (int i = 0; i < ntodo; i++) {
      Handle next = Objects.requireNonNull(queue.poll());
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
      run(loop, handle);
      if (steps >= 2 && handle instanceof Task<?>.Step) {
        o.ran(handle);
      }
    }
  }

  /** Runs one handle through the loop's turn; in debug mode, timed. */
  private static void run(EventLoop loop, Handle handle) {
    Debug d = loop.debug;
    if (d != null) {
      d.runTimed(handle, loop.slowCallbackNanos);
    } else {
      loop.turn.run(handle);
    }
  }
}
