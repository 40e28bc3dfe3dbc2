package io.jasyncio;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A loop's timers: asyncio's {@code _scheduled} heap, earliest deadline first, ties in the order
 * the timers were armed. Owner thread only.
 */
final class Timers {
  /*
   * Implementation notes.
   *
   * Two containers, one order. `run` holds timers armed in deadline order: a timer whose deadline
   * is not before the last one in `run` is appended there (O(1)); any other goes to the binary heap
   * `heap`. The earliest timer is the earlier of the two heads (compareTo: deadline, then the order
   * armed), so the order is exactly the heap's alone. The common case, many tasks sleeping the same
   * delay (the lesson scaled to a million), never touches the heap: each timer costs an append and
   * a removal at the head, not two O(log n) sifts through a million-entry array.
   *
   * A cancelled timer stays where it is (counted in `cancelledCount`) until it reaches a head, or
   * until cancelled timers are over half of more than PURGE_MIN_SIZE timers, when they are dropped
   * all at once (as asyncio does). Invariants: `run` is sorted by compareTo; `cancelledCount` is the
   * number of timers in either container with `cancelled` set; a timer is in one of them exactly
   * when its `inHeap` is true.
   */
  private static final int PURGE_MIN_SIZE = 100;

  private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>();
  private final ArrayDeque<TimerHandle> run = new ArrayDeque<>();
  private int cancelledCount;
  private long seq;

  /** The tie-breaker for the next timer: timers with equal deadlines fire in this order. */
  long nextSeq() {
    return seq++;
  }

  /** Arms a timer. */
  <H extends TimerHandle> H add(H timer) {
    timer.inHeap = true;
    TimerHandle last = run.peekLast();
    if (last == null || timer.compareTo(last) >= 0) {
      run.addLast(timer);
    } else {
      heap.add(timer);
    }
    return timer;
  }

  /** The earliest timer, cancelled or not, or null. */
  private @Nullable TimerHandle peek() {
    TimerHandle h = heap.peek();
    TimerHandle r = run.peekFirst();
    return h == null || (r != null && r.compareTo(h) < 0) ? r : h;
  }

  /** Removes {@link #peek()}'s timer. */
  private void removeHead(TimerHandle head) {
    if (run.peekFirst() == head) {
      run.pollFirst();
    } else {
      heap.poll();
    }
    head.inHeap = false;
  }

  /** A timer was cancelled: counted, if it is in the heap, for the purge. */
  void cancelled(TimerHandle h) {
    if (h.inHeap) {
      cancelledCount++;
    }
  }

  boolean isEmpty() {
    return heap.isEmpty() && run.isEmpty();
  }

  /** The timers armed and not cancelled; read by other threads too, for statistics only. */
  int armed() {
    return Math.max(0, heap.size() + run.size() - cancelledCount);
  }

  /**
   * Drops cancelled timers: all of them when they are over half of a large heap, else those at the
   * head, so that the earliest is a live timer.
   */
  void purgeCancelled() {
    int n = heap.size() + run.size();
    if (n > PURGE_MIN_SIZE && cancelledCount * 2 > n) {
      heap.removeIf(Timers::dropIfCancelled);
      run.removeIf(Timers::dropIfCancelled); // keeps the order of the rest
      cancelledCount = 0;
    } else {
      TimerHandle head;
      while ((head = peek()) != null && head.cancelled) {
        cancelledCount--;
        removeHead(head);
      }
    }
  }

  private static boolean dropIfCancelled(TimerHandle h) {
    if (h.cancelled) {
      h.inHeap = false;
      return true;
    }
    return false;
  }

  /**
   * How long the select step may wait for the earliest timer, in nanoseconds: below 0 for as long
   * as it takes (no timer will ever be due, or a virtual clock is held by work on other threads), 0
   * if one is due now; on a virtual clock held only by awaited stages, the real time left of their
   * grace ({@link LoopClock#softWaitLeft}). A virtual clock that may move jumps to the earliest
   * deadline instead, and 0 is returned: the loop has nothing else to do; unless a registered
   * channel becomes ready within {@link LoopClock#IO_QUIET_MILLIS} of real time (its handles are
   * queued, and the clock stays).
   */
  long timeoutOrJump(LoopClock clock, Poller io) {
    TimerHandle head = peek();
    if (head == null || head.whenNanos == LoopClock.NEVER) {
      return -1;
    }
    long softLeft = clock.canJump() ? 0 : clock.softWaitLeft();
    if (softLeft == 0) { // free to jump, or soft holds waited long enough
      if (io.idle(0)) {
        return 0; // work was queued at the idle point: it runs before the clock moves
      }
      if (!io.ioArrives(LoopClock.IO_QUIET_MILLIS)) { // I/O about to arrive comes first
        clock.jumpTo(head.whenNanos);
      }
      return 0;
    }
    if (clock.isVirtual()) {
      return softLeft; // -1: held by jobs, wait for them; else real time for the stages
    }
    return Math.max(0, head.whenNanos - clock.nanos());
  }

  /** Moves every timer due at {@code now} to {@code ready}, earliest first. */
  void moveDue(long now, ReadyQueue ready) {
    TimerHandle t;
    while ((t = peek()) != null && t.whenNanos <= now) {
      removeHead(t);
      ready.add(t);
    }
  }

  /** Drops every timer: the loop is closing. */
  void clear() {
    for (TimerHandle t : heap) {
      t.inHeap = false;
    }
    for (TimerHandle t : run) {
      t.inHeap = false;
    }
    heap.clear();
    run.clear();
    cancelledCount = 0;
  }
}
