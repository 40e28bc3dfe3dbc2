package io.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loop's pending tasks, and how they relate while they run. Owner thread only.
 *
 * <p>The list keeps every pending task strongly reachable (asyncio keeps only weak references, so a
 * forgotten task can vanish mid-flight; gh-91887): a task joins it when created and leaves it when
 * done.
 */
final class LiveTasks {
  /*
   * Implementation notes. The list is intrusive (Task.prevLive/nextLive), so joining and leaving
   * allocate nothing. Invariant: a task is linked exactly while it is pending; `count` is the
   * number of linked tasks.
   */
  private @Nullable Task<?> head;
  private @Nullable Task<?> tail;
  private int count;

  /**
   * The children of task groups, each with the task running its group: who awaits them, for the
   * call graph. Kept here, not in Task, so that tasks outside groups carry no field for it.
   */
  private @Nullable IdentityHashMap<Task<?>, Task<?>> groupParents;

  /** The tasks inside createTask starting an eager task now, innermost first. */
  private @Nullable ArrayDeque<Task<?>> eagerCreators;

  /**
   * The io.jasyncio.TaskDone events begun when their tasks were created (FlightEvents); made on the
   * first one, so that no task carries a field for it.
   */
  @Nullable IdentityHashMap<Task<?>, Object> flights;

  void add(Task<?> t) {
    Task<?> last = tail;
    t.prevLive = last;
    if (last == null) {
      head = t;
    } else {
      last.nextLive = t;
    }
    tail = t;
    count++;
  }

  void remove(Task<?> t) {
    Task<?> p = t.prevLive;
    Task<?> n = t.nextLive;
    if (p == null) {
      head = n;
    } else {
      p.nextLive = n;
    }
    if (n == null) {
      tail = p;
    } else {
      n.prevLive = p;
    }
    t.prevLive = null;
    t.nextLive = null;
    count--;
  }

  int size() {
    return count;
  }

  /** Whether a pending task has run and suspended (its body is a frozen continuation). */
  boolean anySuspended() {
    for (Task<?> t = head; t != null; t = t.nextLive) {
      if (t.hasStarted()) {
        return true;
      }
    }
    return false;
  }

  /** The pending tasks, in creation order. */
  List<Task<?>> snapshot() {
    List<Task<?>> out = new ArrayList<>(count);
    for (Task<?> t = head; t != null; t = t.nextLive) {
      out.add(t);
    }
    return out;
  }

  /**
   * At close: reports each pending task as destroyed while pending, and unwinds it (see {@link
   * Task#unwind()}).
   */
  void destroyPending(EventLoop loop) {
    java.util.Set<Task<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Task<?>> round = snapshot();
    for (int rounds = 0; rounds < 10 && !round.isEmpty(); rounds++) { // a finally may create some
      for (Task<?> t : round) {
        seen.add(t);
        loop.callExceptionHandler(
            new ExceptionContext(
                "Task was destroyed but it is pending!",
                null,
                t.getName(),
                t,
                null,
                Debug.creationSite(loop, t)));
        t.unwind();
      }
      round = new ArrayList<>();
      for (Task<?> t = head; t != null; t = t.nextLive) {
        if (!seen.contains(t)) {
          round.add(t);
        }
      }
    }
  }

  void setGroupParent(Task<?> child, @Nullable Task<?> parent) {
    if (parent != null) {
      if (groupParents == null) {
        groupParents = new IdentityHashMap<>();
      }
      groupParents.put(child, parent);
    } else if (groupParents != null) {
      groupParents.remove(child);
    }
  }

  @Nullable Task<?> groupParentOf(Task<?> child) {
    return groupParents == null ? null : groupParents.get(child);
  }

  /** The tasks inside createTask starting an eager task now, innermost first. */
  ArrayDeque<Task<?>> eagerCreators() {
    ArrayDeque<Task<?>> d = eagerCreators;
    if (d == null) {
      d = new ArrayDeque<>(4);
      eagerCreators = d;
    }
    return d;
  }
}
