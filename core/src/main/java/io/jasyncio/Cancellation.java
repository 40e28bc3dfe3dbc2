package io.jasyncio;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's cancellation cascade, without recursion on the Java stack: cancelling a task cancels
 * the future it waits for, which may be a task waiting for another, or a gather of many. CPython
 * recurses through {@code Task.cancel()}; here an explicit stack visits the same futures in the
 * same order, so a chain of any length cannot overflow the stack.
 *
 * <p>An await cycle (a task met again below itself: two tasks awaiting each other, or a task inside
 * a gather it awaits) is broken: the task met again is woken with the cancellation at once,
 * detached from its waiter. CPython recurses forever there.
 */
final class Cancellation {
  /*
   * Implementation notes. A frame per future being cancelled. A task frame counts the request,
   * then cancels its waiter (a child frame); when the child returns false (the waiter was already
   * done), the task keeps the cancellation for its next step (mustCancel), as Task.cancel does. A
   * gathering frame cancels its children in order and returns whether any took it. `onPath` holds
   * the tasks whose frames are on the stack: meeting one again is a cycle.
   */
  private Cancellation() {}

  private static final class Frame {
    final Future<?> future;

    /** For a gathering future: the next child to cancel, and whether one took the cancellation. */
    int next;

    boolean any;

    Frame(Future<?> future) {
      this.future = future;
    }
  }

  /** Cancels {@code top} and what it waits for; returns what {@code top.cancel(msg)} returns. */
  static boolean cancel(Future<?> top, @Nullable String msg) {
    ArrayDeque<Frame> stack = new ArrayDeque<>(8);
    IdentityHashMap<Task<?>, Boolean> onPath = new IdentityHashMap<>(4);
    stack.push(new Frame(top));
    boolean entering = true;
    boolean result = false; // what the frame popped last returned
    while (true) {
      Frame fr = stack.peek();
      if (fr == null) {
        return result;
      }
      Future<?> f = fr.future;
      if (entering) {
        if (f instanceof Task<?> t) {
          t.markRetrieved(); // as CPython: cancelling a failed task silences its report
          if (t.isDone()) {
            result = false;
          } else if (onPath.containsKey(t)) {
            t.cancelCycle(msg);
            result = true;
          } else {
            Future<?> w = t.cancelEnter(msg);
            if (w != null) {
              onPath.put(t, Boolean.TRUE);
              stack.push(new Frame(w));
              continue;
            }
            result = true;
          }
        } else if (f instanceof GatheringFuture g) {
          if (g.isDone()) {
            result = false;
          } else {
            entering = false;
            continue; // to its children, below
          }
        } else {
          result = f.cancelOwn(msg);
        }
        stack.pop();
        entering = false;
        continue;
      }
      // back in `fr` with `result` from the frame above it
      if (f instanceof Task<?> t) {
        t.cancelExit(result, msg);
        onPath.remove(t);
        result = true;
        stack.pop();
      } else {
        GatheringFuture g = (GatheringFuture) f;
        Future<?>[] children = g.children();
        if (fr.next > 0 && result) {
          fr.any = true;
        }
        if (fr.next < children.length) {
          stack.push(new Frame(children[fr.next++]));
          entering = true;
        } else {
          if (fr.any) {
            g.markCancelRequested();
          }
          result = fr.any;
          stack.pop();
        }
      }
    }
  }
}
